package chat.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ops.Metrics;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The poller writing send queues: a real poller thread, a connection that records its writes. */
@Timeout(10)
class PollerTest {

    /** Writes without waiting through {@code poller}; each write is recorded as the text it wrote. */
    private static final class Recording implements Connection {
        final BlockingQueue<String> writes = new LinkedBlockingQueue<>();
        final Poller poller;

        Recording(Poller poller) {
            this.poller = poller;
        }

        @Override
        public boolean flushLater(Outbound outbound) {
            poller.flush(outbound);
            return true;
        }

        @Override
        public int writeNow(byte[] bytes, int offset, int length) {
            writes.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            return length;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writeNow(bytes, offset, length);
        }

        @Override
        public void open() {
        }

        @Override
        public void meter(chat.common.LineReader.Meter meter) {
        }

        @Override
        public long consumed() {
            return 0;
        }

        @Override
        public String readLine() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public InetAddress address() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String remote() {
            return "test";
        }
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void withAWriteDelayLinesOfferedMeanwhileGoOutInTheSameWrite() throws Exception {
        try (Poller poller = new Poller("test-poller", Duration.ofMillis(500))) {
            Recording connection = new Recording(poller);
            Outbound out = new Outbound("t1", connection, 1 << 20, () -> { }, new Metrics(() -> 0, () -> 0, () -> 0));
            out.offer(line("a"));
            assertThat(connection.writes.poll(100, TimeUnit.MILLISECONDS)).as("written before the delay").isNull();
            out.offer(line("b"));
            out.offer(line("c"));
            assertThat(connection.writes.poll(5, TimeUnit.SECONDS)).isEqualTo("a\nb\nc\n");
            assertThat(out.awaitWriter(5_000)).isTrue();
            assertThat(connection.writes).isEmpty();
        }
    }

    @Test
    void withoutADelayTheFirstLineGoesOutAtOnce() throws Exception {
        try (Poller poller = new Poller("test-poller", Duration.ZERO)) {
            Recording connection = new Recording(poller);
            Outbound out = new Outbound("t1", connection, 1 << 20, () -> { }, new Metrics(() -> 0, () -> 0, () -> 0));
            out.offer(line("a"));
            assertThat(connection.writes.poll(5, TimeUnit.SECONDS)).isEqualTo("a\n");
            assertThat(out.awaitWriter(5_000)).isTrue();
        }
    }
}
