package chat.server.protocol;

/**
 * An event on its way to many recipients, encoded at most once per encoding: the first recipient that
 * needs the text (or JSON) bytes pays for encoding them, the others share the same array. A room where
 * nobody uses JSON never encodes JSON.
 *
 * <p>Not thread-safe: used by the one thread that fans an event out (the holder of the room's lock) or
 * that sends it to one client; the arrays it hands out are never modified.
 */
public final class Outgoing {
    private final Event event;
    private final byte[][] encoded = new byte[Encoder.SLOTS][];

    public Outgoing(Event event) {
        this.event = event;
    }

    public Event event() {
        return event;
    }

    /** The event's bytes in {@code encoder}'s encoding. */
    public byte[] bytes(Encoder encoder) {
        int slot = encoder.slot();
        byte[] bytes = encoded[slot];
        if (bytes == null) {
            bytes = encoder.encode(event);
            encoded[slot] = bytes;
        }
        return bytes;
    }
}
