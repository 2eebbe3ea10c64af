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

    /** Up to {@code n} events of the room with ids below {@code id}, oldest first. */
    List<Event.Chat> before(String roomKey, long id, int n);

    /** The last {@code n} events of the room with ids above {@code id}, oldest first. */
    List<Event.Chat> after(String roomKey, long id, int n);

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
