package chat.server.store;

/**
 * Where rooms keep their messages: {@link #open} gives a room its {@link RoomHistory} when the room comes
 * into being. Today's implementation is {@link MemoryHistoryStore}; a durable one is a new class behind
 * this interface, not an edit across the server.
 *
 * <p>Implementations are thread-safe.
 */
public interface HistoryStore extends AutoCloseable {

    /**
     * The history of the room whose key is {@code roomKey}, continuing its ids where they stopped. Called
     * under the directory's lock when a room comes into being: it must not do I/O.
     */
    RoomHistory open(String roomKey);

    @Override
    default void close() {
    }
}
