package chat.server.core;

import chat.server.protocol.Event;
import java.util.List;

/**
 * What a member entering a room gets from its history.
 *
 * <p>Thread-safe: immutable values.
 */
public sealed interface Replay {

    /** Most messages a resume replays; past that it says how many were missed and shows the last ones. */
    int MAX_RESUME = 500;

    /** The last {@code count} messages (none if 0). */
    record Last(int count) implements Replay { }

    /**
     * Exactly the messages after {@code id}, once: {@code stored} (the last of {@code storedCount} written
     * after {@code id}; -1 if the store's ids have no gaps) were read from the store beforehand, outside the
     * room's lock; the room adds what came after them. If {@code id} is beyond the room's last id (a server
     * that lost its history), the last {@code fallback} messages instead.
     */
    record Since(long id, List<Event.Chat> stored, long storedCount, int fallback) implements Replay { }
}
