package chat.server.store;

import chat.server.protocol.Event;
import java.util.List;

/**
 * One room's messages and actions, in id order.
 *
 * <p>Called only under the room's lock, so implementations need no locking of their own, but they must
 * never do I/O in these methods: {@link #append} keeps the event in memory and hands it to a background
 * writer if the store is durable; reads beyond what is in memory belong to callers outside the lock.
 */
public interface RoomHistory {

    /** The highest id this room has used (0 if none): the next message gets the one after it. */
    long lastId();

    /** Keeps {@code event}, whose id is {@link #lastId()} + 1. */
    void append(Event.Chat event);

    /** The last {@code n} kept events, oldest first. */
    List<Event.Chat> last(int n);

    /** Up to {@code n} kept events with ids below {@code id}, oldest first. */
    List<Event.Chat> before(long id, int n);

    /** The room closed (its last member left); what happens to its events is the store's choice. */
    void close();
}
