package chat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class LineReaderTest {

    /** Reads every line of {@code hex}-encoded input, with a tiny buffer so sequences split across reads. */
    private static List<String> lines(byte[] input, int max) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input), max, 3);
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                String line = reader.readLine();
                if (line == null) {
                    return out;
                }
                out.add(line);
            } catch (LineTooLongException e) {
                out.add("<too long>");
            } catch (PeerInterruptedException e) {
                out.add("<interrupted>");
                return out;
            }
        }
    }

    private static List<String> lines(String hex) throws IOException {
        return lines(HexFormat.of().parseHex(hex.replace(" ", "")), 64);
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            LF ends a line                  | 61 0a 62 0a          | a,b
            CRLF ends a line                | 61 0d 0a 62 0d 0a    | a,b
            bare CR ends a line             | 61 0d 62 0d          | a,b
            CR NUL is one line end (telnet) | 61 0d 00 62 0d 00    | a,b
            LF CR is two line ends          | 61 0a 0d 62 0a       | a,,b
            empty lines are kept            | 0a 0a 61 0a          | ,,a
            last line without end is kept   | 61 0a 62             | a,b
            IAC DO ECHO is removed          | 61 ff fd 01 62 0a    | ab
            IAC WILL option is removed      | ff fb 1f 61 0a       | a
            IAC subnegotiation is removed   | 61 ff fa 18 00 41 ff f0 62 0a | ab
            IAC IAC is a literal 0xFF       | 61 ff ff 62 0a       | a\uFFFDb
            IAC NOP is removed              | 61 ff f1 62 0a       | ab
            backspace deletes a character   | 61 62 08 63 0a       | ac
            DEL deletes a character         | 61 62 7f 63 0a       | ac
            backspace on empty line is harmless | 08 08 61 0a      | a
            backspace deletes whole UTF-8 character | 61 c3 a9 08 62 0a | ab
            invalid UTF-8 becomes U+FFFD    | 61 c3 28 62 0a       | a\uFFFD(b
            lone continuation byte          | 80 0a                | \uFFFD
            """)
    void framesLines(String name, String input, String expected) throws IOException {
        List<String> want = new ArrayList<>(List.of(expected.translateEscapes().split(",", -1)));
        assertThat(lines(input)).as(name).isEqualTo(want);
    }

    /** What a non-blocking stream does when it has nothing: the reader's caller waits for more and calls again. */
    private static final class NothingNow extends IOException {
    }

    @Test
    void releaseLetsGoOfABufferGrownForABurstButKeepsThePartOfALine() throws Exception {
        byte[] burst = "abcdefghi\n".repeat(300).getBytes(StandardCharsets.US_ASCII); // 3,000 bytes
        java.util.Deque<byte[]> chunks = new java.util.ArrayDeque<>(List.of(burst, "par".getBytes(StandardCharsets.US_ASCII)));
        InputStream stream = new InputStream() {
            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                byte[] next = chunks.peek();
                if (next == null) {
                    throw new NothingNow();
                }
                int n = Math.min(len, next.length);
                System.arraycopy(next, 0, b, off, n);
                chunks.pop();
                if (n < next.length) {
                    chunks.push(java.util.Arrays.copyOfRange(next, n, next.length));
                }
                return n;
            }
        };
        LineReader reader = new LineReader(stream, 100, 8192);
        int lines = 0;
        try {
            while (reader.readLine() != null) {
                lines++;
            }
        } catch (NothingNow expected) {
            // the stream is empty for now
        }
        assertThat(lines).isEqualTo(300);
        assertThat(reader.bufferBytes()).as("grown by the burst").isGreaterThan(256);
        long consumed = reader.consumed();
        reader.release();
        assertThat(reader.bufferBytes()).isEqualTo(256);
        assertThat(reader.consumed()).isEqualTo(consumed);
        chunks.add("tial\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(reader.readLine()).isEqualTo("partial");
        assertThat(reader.consumed()).isEqualTo(burst.length + "partial\n".length());
    }

    @Test
    void utf8RoundTripsInEveryScript() throws IOException {
        String text = "héllo мир 你好 👩‍💻 مرحبا";
        assertThat(lines(hex(text + "\n"))).containsExactly(text);
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws IOException {
        assertThat(lines(("x".repeat(64) + "\n").getBytes(StandardCharsets.US_ASCII), 64))
                .containsExactly("x".repeat(64));
    }

    @Test
    void longerLineIsRefusedAndItsRestDiscarded() throws IOException {
        byte[] input = ("x".repeat(65) + "yyyy\nnext\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(lines(input, 64)).containsExactly("<too long>", "next");
    }

    @Test
    void hugeLineDoesNotGrowMemoryPastTheLimit() throws Exception {
        InputStream endless = new InputStream() {
            private long left = 50_000_000;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        LineReader reader = new LineReader(endless, 1024, 8192);
        assertThatThrownBy(reader::readLine).isInstanceOf(LineTooLongException.class);
        assertThat(reader.readLine()).isNull(); // the rest, 50 MB of it, was discarded, not stored
    }

    @Test
    void randomBytesNeverBreakTheReader() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] junk = new byte[random.nextInt(2000)];
            random.nextBytes(junk);
            for (String line : lines(junk, 100)) {
                assertThat(line.length()).isLessThanOrEqualTo(100);
            }
        }
    }
}
