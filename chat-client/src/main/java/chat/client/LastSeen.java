package chat.client;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The id of the last message or action seen in each room (live or replayed), so that after a reconnect
 * the client can ask for exactly what came after it ({@code /resume}). Ids increase within a room
 * (docs/PROTOCOL.md, "JSON mode"); a lower id than the one recorded never lowers the mark. Room names
 * are compared ignoring case, as the server compares them.
 *
 * <p>Thread-safe: a concurrent map, updated atomically per room.
 */
final class LastSeen {
    private final Map<String, Long> ids = new ConcurrentHashMap<>();

    void saw(String room, long id) {
        ids.merge(key(room), id, Math::max);
    }

    /** The highest id seen in {@code room}, if any. */
    OptionalLong lastId(String room) {
        Long id = ids.get(key(room));
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    private static String key(String room) {
        return room.toLowerCase(Locale.ROOT);
    }
}
