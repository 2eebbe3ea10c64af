package chat.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searching the load generator's read buffers eight bytes at a time. Its one reader thread scans every byte the
 * server sends (for line ends, and for the latency stamp in each line) on the same cores as the server under
 * test, so a byte-at-a-time loop charged a JSON event (about 140 bytes, the stamp 60 bytes in) more than twice a
 * text line's cost in the load generator, and the WebSocket rows measured the load generator's scanning.
 *
 * <p>Thread-safe: stateless.
 */
final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /** The index of the first {@code value} in {@code bytes[from, to)}, or -1. */
    static int indexOf(byte[] bytes, int from, int to, byte value) {
        long pattern = ONES * (value & 0xFF);
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            // A byte of word is zero where the value is; the lowest flagged byte is exactly the first such one.
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
