package chat.server.core;

import chat.server.protocol.Event;

/**
 * Publishing within one process: the room numbers, keeps and fans out the event itself.
 *
 * <p>Thread-safe: stateless.
 */
public final class LocalPublisher implements Publisher {
    @Override
    public void publish(Room room, Event draft, Member origin, boolean toOrigin) {
        room.fanOut(draft, origin, toOrigin);
    }
}
