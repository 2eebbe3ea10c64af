package chat.server.core;

import chat.server.protocol.Event;

/**
 * The one place where an event for a room is published: messages, actions, topic changes, joins, leaves
 * and renames all go through {@link #publish}. {@link LocalPublisher} fans out to this process's members;
 * a cluster bus is another implementation that sequences the event across nodes before each node fans it
 * out to its own members.
 *
 * <p>Implementations are thread-safe and never block the caller on I/O.
 */
public interface Publisher {

    /**
     * Publishes {@code draft} to {@code room}. A {@link Event.Chat} draft has id 0; the room numbers it.
     *
     * @param origin   the member it comes from (may be null): told if the server is too busy to keep it
     * @param toOrigin whether {@code origin} receives it too (a message: yes; its own join notice: no)
     */
    void publish(Room room, Event draft, Member origin, boolean toOrigin);
}
