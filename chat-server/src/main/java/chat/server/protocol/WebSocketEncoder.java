package chat.server.protocol;

/**
 * JSON mode over a WebSocket (docs/PROTOCOL.md, "The WebSocket"): each line {@link JsonEncoder} makes, without
 * its line end, as one WebSocket text frame as a server sends it (RFC 6455, 5.2: FIN, opcode 1, unmasked, the
 * payload length in 7, 7+16 or 7+64 bits). Framing here, once per event like any encoding, lets every WebSocket
 * member of a room share the frames, and lets the transport write a batch of them as it is (see
 * {@code web.WebSocketConnection}) instead of handing its WebSocket library one frame at a time.
 *
 * <p>Thread-safe: stateless.
 */
public final class WebSocketEncoder implements Encoder {
    private static final byte FIN_TEXT = (byte) 0x81;
    private static final int MAX_7_BIT = 125;
    private static final int MAX_16_BIT = 0xFFFF;
    private static final byte LENGTH_16 = 126;
    private static final byte LENGTH_64 = 127;

    private final JsonEncoder json;

    public WebSocketEncoder(JsonEncoder json) {
        this.json = json;
    }

    @Override
    public int slot() {
        return 2;
    }

    @Override
    public byte[] encode(Event event) {
        byte[] lines = json.encode(event);
        int size = 0;
        for (int i = 0, start = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                size += headerSize(i - start) + i - start;
                start = i + 1;
            }
        }
        byte[] frames = new byte[size];
        int at = 0;
        for (int i = 0, start = 0; i < lines.length; i++) {
            if (lines[i] == '\n') {
                int length = i - start;
                at = writeHeader(frames, at, length);
                System.arraycopy(lines, start, frames, at, length);
                at += length;
                start = i + 1;
            }
        }
        return frames;
    }

    /** The header size of a frame with {@code length} bytes of payload. */
    public static int headerSize(long length) {
        return length <= MAX_7_BIT ? 2 : length <= MAX_16_BIT ? 4 : 10;
    }

    /**
     * The payload length of the frame whose header starts at {@code at}, as {@link #encode} writes it (the
     * header is {@link #headerSize}({@code length}) bytes long).
     */
    public static long payloadLength(byte[] frames, int at) {
        int length = frames[at + 1] & 0x7F;
        if (length == LENGTH_16) {
            return (frames[at + 2] & 0xFF) << 8 | frames[at + 3] & 0xFF;
        }
        if (length == LENGTH_64) {
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = value << Byte.SIZE | frames[at + 2 + i] & 0xFF;
            }
            return value;
        }
        return length;
    }

    private static int writeHeader(byte[] frames, int at, int length) {
        frames[at] = FIN_TEXT;
        if (length <= MAX_7_BIT) {
            frames[at + 1] = (byte) length;
            return at + 2;
        }
        if (length <= MAX_16_BIT) {
            frames[at + 1] = LENGTH_16;
            frames[at + 2] = (byte) (length >>> Byte.SIZE);
            frames[at + 3] = (byte) length;
            return at + 4;
        }
        frames[at + 1] = LENGTH_64;
        for (int i = 0; i < Long.BYTES; i++) {
            frames[at + 2 + i] = (byte) ((long) length >>> (Byte.SIZE * (Long.BYTES - 1 - i)));
        }
        return at + 10;
    }
}
