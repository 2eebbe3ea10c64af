package chat.server.store;

import chat.server.protocol.Event;
import java.util.List;

/**
 * One room's kept state: its messages, actions and images in id order (the recent ones in memory), its last id
 * and its topic.
 *
 * <p>Called only under the room's lock, so implementations need no locking for the room's own use, but
 * they must never do I/O in these methods: a durable store keeps the recent events in memory and hands
 * every change to a background writer. Older events are read through {@link HistoryStore}, outside any lock.
 */
public interface RoomHistory {

    /** The highest id this room has used (0 if none): the next message gets the one after it. */
    long lastId();

    /** The room's topic; empty if none. */
    String topic();

    /**
     * Keeps {@code event}, whose id is {@link #lastId()} + 1.
     *
     * @return false if the store cannot take it now (its write queue is full): nothing was kept, the id
     *         is not used, and the sender must be told
     */
    boolean append(Event.Chat event);

    /** Keeps a topic change; false as for {@link #append}. */
    boolean topicChanged(Event.TopicChanged event);

    /** The last {@code n} events in memory, oldest first. */
    List<Event.Chat> last(int n);

    /** The events in memory with ids above {@code id}, oldest first. */
    List<Event.Chat> after(long id);

    /** The room closed (its last member left); what happens to its events is the store's choice. */
    void close();
}
