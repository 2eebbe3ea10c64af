package chat.server.protocol;

/**
 * Turns an {@link Event} into the bytes of one or more complete lines for one kind of client. The two
 * implementations are {@link TextEncoder} (the line protocol), {@link JsonEncoder} (JSON lines) and
 * {@link WebSocketEncoder} (JSON lines as WebSocket frames).
 *
 * <p>Thread-safe: implementations are immutable.
 */
public sealed interface Encoder permits TextEncoder, JsonEncoder, WebSocketEncoder {

    /** The event's wire bytes. */
    byte[] encode(Event event);

    /** A small index, distinct per encoder, so an {@link Outgoing} can cache one encoding per slot. */
    int slot();

    /** How many slots there are. */
    int SLOTS = 3;
}
