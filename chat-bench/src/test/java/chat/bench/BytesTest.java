package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void findsTheFirstOccurrenceWhereverItIs() {
        byte[] bytes = new byte[40];
        for (int at = 0; at < bytes.length; at++) {
            java.util.Arrays.fill(bytes, (byte) 'a');
            bytes[at] = '\n';
            if (at + 9 < bytes.length) {
                bytes[at + 9] = '\n';
            }
            for (int from = 0; from <= at; from++) {
                assertThat(Bytes.indexOf(bytes, from, bytes.length, (byte) '\n')).as("at %d from %d", at, from)
                        .isEqualTo(at);
            }
            assertThat(Bytes.indexOf(bytes, 0, at, (byte) '\n')).as("before %d", at).isEqualTo(-1);
        }
    }

    @Test
    void agreesWithAByteAtATimeSearchOnAnyBytes() {
        Random random = new Random(42);
        byte[] bytes = new byte[64];
        for (int round = 0; round < 20_000; round++) {
            random.nextBytes(bytes);
            byte value = (byte) random.nextInt(256);
            int from = random.nextInt(bytes.length);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(Bytes.indexOf(bytes, from, to, value)).isEqualTo(naive(bytes, from, to, value));
        }
    }

    private static int naive(byte[] bytes, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
