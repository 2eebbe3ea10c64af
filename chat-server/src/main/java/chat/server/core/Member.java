package chat.server.core;

import chat.server.protocol.Outgoing;

/**
 * A member of a room as the room sees it: a nickname and a way to receive events. The room knows nothing
 * of sockets, sessions or encodings.
 *
 * <p>Implementations are thread-safe: {@link #deliver} is called by whichever thread fans a room out.
 */
public interface Member {

    /** The current nickname. */
    String nick();

    /** Queues {@code event} for this member in the member's encoding. Never blocks, never does I/O. */
    void deliver(Outgoing event);
}
