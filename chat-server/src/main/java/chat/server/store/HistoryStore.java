package chat.server.store;

import chat.server.protocol.Event;
import java.util.List;

/**
 * Where rooms keep their history and topic: {@link #open} gives a room its {@link RoomHistory} when the
 * room comes into being; the queries read what a room no longer holds in memory. Implementations:
 * {@link MemoryHistoryStore} (nothing outlives the server) and {@link SqliteStore} (a file under the data
 * directory, written behind the rooms by one thread).
 *
 * <p>Implementations are thread-safe. {@link #open} never does I/O; the queries may, and are called on a
 * client's reader thread holding no lock.
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * The history of the room whose key is {@code roomKey}, continuing its ids where they stopped. Called
     * under the directory's lock when a room comes into being: it must not do I/O.
     */
    RoomHistory open(String roomKey, String roomName);

    /**
     * The highest id kept in any room when the store opened (0 if none, or if nothing outlives the server):
     * where a cluster node resumes reading the log.
     */
    default long highestId() {
        return 0;
    }

    /** Up to {@code n} events of the room with ids below {@code id}, oldest first. */
    List<Event.Chat> before(String roomKey, long id, int n);

    /**
     * What a client that saw the room up to {@code id} missed, as far as it is written: how many events
     * came after it and the last {@code n} of them, oldest first, read together. Everything handed to the
     * store before this call is written first (bounded wait), so together with the room's memory nothing
     * is left out.
     */
    Missed missed(String roomKey, long id, int n);

    /**
     * @param count how many events came after the id; -1 if this store keeps no more than the room's memory
     *              and its ids have no gaps (then the count is the room's last id minus the id)
     * @param last  the last of them, oldest first
     */
    record Missed(long count, List<Event.Chat> last) { }

    /** Up to {@code n} of the room's most recent events containing every word of {@code words}, oldest first. */
    List<Event.Chat> search(String roomKey, String words, int n);

    /** Keeps a private message, if this store keeps them (off by default). */
    default void direct(Event.Direct dm) {
    }

    /** Writes what is still queued and lets go of the store. */
    @Override
    default void close() {
    }
}
