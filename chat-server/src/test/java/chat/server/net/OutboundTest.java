package chat.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ops.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The send queue without sockets: a connection that records writes and can be held up. */
@Timeout(30)
class OutboundTest {

    /** Records what is written; {@code gate} holds every write until it is opened. */
    private static final class FakeConnection implements Connection {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger largestWrite = new AtomicInteger();
        final CountDownLatch gate;
        final CountDownLatch writing = new CountDownLatch(1);
        volatile boolean broken;
        /** Writes throw an unchecked exception, as a bug would. */
        volatile boolean crashes;
        /** Writes longer than this fail, after they are recorded in {@code arrays}. */
        volatile int failLongerThan = Integer.MAX_VALUE;
        /** The array each blocking write was given, in order. */
        final java.util.List<byte[]> arrays = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** With a poller: the queues handed to it, and how many bytes a write without waiting takes. */
        final java.util.Queue<Outbound> polled = new java.util.concurrent.ConcurrentLinkedQueue<>();
        boolean hasPoller;
        volatile int room = Integer.MAX_VALUE;

        FakeConnection(boolean held) {
            gate = new CountDownLatch(held ? 1 : 0);
        }

        @Override
        public boolean flushLater(Outbound outbound) {
            if (hasPoller) {
                polled.add(outbound);
            }
            return hasPoller;
        }

        /** writeNow keeps what it is given in flight (as a WebSocket whose socket is full) until {@code gate}. */
        volatile boolean keepsInFlight;
        /** The array each writeNow was given, in order. */
        final java.util.List<byte[]> nowArrays = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public int writeNow(byte[] bytes, int offset, int length) throws IOException {
            nowArrays.add(bytes);
            if (broken) {
                throw new IOException("closed part way through the batch");
            }
            int n = keepsInFlight ? length : Math.min(length, room);
            synchronized (written) {
                written.write(bytes, offset, n);
            }
            return keepsInFlight ? IN_FLIGHT : n;
        }

        @Override
        public void awaitWritten() throws IOException {
            writing.countDown();
            try {
                assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
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
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writing.countDown();
            try {
                assertThat(gate.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            arrays.add(bytes);
            if (crashes) {
                throw new IllegalStateException("a bug in the connection");
            }
            if (broken || length > failLongerThan) {
                throw new IOException("broken pipe");
            }
            synchronized (written) {
                written.write(bytes, offset, length);
            }
            writes.incrementAndGet();
            largestWrite.accumulateAndGet(length, Math::max);
        }

        String text() {
            synchronized (written) {
                return written.toString(StandardCharsets.UTF_8);
            }
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

    private final Metrics metrics = new Metrics(() -> 0, () -> 0, () -> 0);
    private final AtomicInteger overflows = new AtomicInteger();
    private final CountDownLatch overflowed = new CountDownLatch(1);

    private Outbound outbound(FakeConnection connection, int limit) {
        return new Outbound("t1", connection, limit, () -> {
            overflows.incrementAndGet();
            overflowed.countDown();
        }, metrics);
    }

    private static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void linesGoOutInOfferOrderAndTheWriterEndsWhenTheQueueIsEmpty() throws Exception {
        FakeConnection connection = new FakeConnection(false);
        Outbound out = outbound(connection, 1 << 20);
        for (int i = 0; i < 100; i++) {
            assertThat(out.offer(line("m" + i))).isTrue();
        }
        assertThat(out.awaitWriter(10_000)).isTrue();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("m").append(i).append("\r\n");
        }
        assertThat(connection.text()).isEqualTo(expected.toString());
        assertThat(metrics.writersRunning()).isZero();
        assertThat(metrics.deliveries.sum()).isEqualTo(100);
    }

    @Test
    void withAPollerOneTurnWritesWhatIsQueuedWithoutAWriterThread() throws Exception {
        FakeConnection connection = new FakeConnection(false);
        connection.hasPoller = true;
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("a"));
        out.offer(line("b"));
        out.offer(line("c"));
        assertThat(connection.polled).containsExactly(out); // handed over once, by the offer that found it idle
        connection.polled.poll().flushNow(new Outbound.Batch());
        assertThat(connection.text()).isEqualTo("a\r\nb\r\nc\r\n");
        assertThat(connection.writes.get()).as("blocking writes").isZero();
        assertThat(connection.polled).isEmpty();
        assertThat(out.awaitWriter(0)).isTrue();
        assertThat(metrics.writersRunning()).isZero();
        assertThat(metrics.deliveries.sum()).isEqualTo(3);
        out.offer(line("d")); // idle again: handed over again
        assertThat(connection.polled).containsExactly(out);
    }

    @Test
    void aBatchTheSocketTakesOnlyPartOfIsFinishedByTheClientsOwnWriterInOrder() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        connection.hasPoller = true;
        connection.room = 5;
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("hello world"));
        connection.polled.poll().flushNow(new Outbound.Batch()); // returns at once: the poller never waits
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue(); // a writer thread has the rest
        out.offer(line("next"));
        assertThat(connection.polled).isEmpty(); // the writer thread takes it, after the rest
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.text()).isEqualTo("hello world\r\nnext\r\n");
        assertThat(metrics.deliveries.sum()).isEqualTo(2);
    }

    @Test
    void aBatchStillInFlightIsWaitedForByTheClientsOwnWriterAndItsBufferIsNotThePollersAnyMore() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        connection.hasPoller = true;
        connection.keepsInFlight = true;
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("a"));
        out.offer(line("b"));
        Outbound.Batch scratch = new Outbound.Batch();
        assertThat(connection.polled.poll().flushNow(scratch)).isFalse(); // returns at once: the poller never waits
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue(); // a writer thread waits for the send
        out.offer(line("c"));
        assertThat(connection.polled).as("the waiting writer takes it").isEmpty();

        FakeConnection other = new FakeConnection(false);
        other.hasPoller = true;
        Outbound second = outbound(other, 1 << 20);
        second.offer(line("x"));
        second.offer(line("y"));
        other.polled.poll().flushNow(scratch); // the poller's next batch, while the first is still in flight
        assertThat(other.nowArrays.get(0)).isNotSameAs(connection.nowArrays.get(0));

        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.text()).isEqualTo("a\r\nb\r\nc\r\n");
        assertThat(metrics.deliveries.sum()).isEqualTo(5);
    }

    @Test
    void aBatchWhoseSendFailedIsNotGatheredIntoAgainByThePoller() throws Exception {
        FakeConnection failing = new FakeConnection(false);
        failing.hasPoller = true;
        failing.broken = true;
        Outbound out = outbound(failing, 1 << 20);
        out.offer(line("a"));
        out.offer(line("b"));
        Outbound.Batch scratch = new Outbound.Batch();
        assertThat(failing.polled.poll().flushNow(scratch)).isFalse();
        assertThat(out.offer(line("c"))).as("the failed queue is closed").isFalse();

        FakeConnection other = new FakeConnection(false);
        other.hasPoller = true;
        Outbound second = outbound(other, 1 << 20);
        second.offer(line("x"));
        second.offer(line("y"));
        other.polled.poll().flushNow(scratch);
        assertThat(other.nowArrays.get(0)).isNotSameAs(failing.nowArrays.get(0));
        assertThat(other.text()).isEqualTo("x\r\ny\r\n");
    }

    @Test
    void whatPilesUpWhileAWriteIsBlockedGoesOutInOneBatch() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("first"));
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) { // the ring grows past its initial slots meanwhile
            out.offer(line("later" + i));
        }
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.writes.get()).isEqualTo(2);
        assertThat(connection.text()).startsWith("first\r\nlater0\r\n").endsWith("later49\r\n");
    }

    @Test
    void aBacklogLargerThanOneWriteGoesOutInOrderInSeveralBoundedWrites() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("first"));
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue();
        StringBuilder expected = new StringBuilder("first\r\n");
        for (int i = 0; i < 3000; i++) { // about 300 kB behind: several writes' worth
            String text = String.format("%05d", i) + "y".repeat(95);
            assertThat(out.offer(line(text))).isTrue();
            expected.append(text).append("\r\n");
        }
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.text()).isEqualTo(expected.toString());
        assertThat(connection.writes.get()).isBetween(1 + 300_000 / (64 * 1024), 10);
        assertThat(connection.largestWrite.get()).isLessThanOrEqualTo(64 * 1024);
        assertThat(metrics.deliveries.sum()).isEqualTo(3001);
    }

    /** Offers one short line and, while its write is held, two more: the second write gathers them in a buffer. */
    private Outbound writeAGatheredBatch(FakeConnection connection) throws Exception {
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("first"));
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue();
        out.offer(line("a".repeat(100)));
        out.offer(line("b".repeat(100)));
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.arrays).hasSize(2);
        return out;
    }

    @Test
    void theNextWriterThreadGathersIntoTheBufferTheLastOneGaveBack() throws Exception {
        FakeConnection one = new FakeConnection(true);
        writeAGatheredBatch(one);
        FakeConnection two = new FakeConnection(true);
        writeAGatheredBatch(two);

        assertThat(two.text()).endsWith("b".repeat(100) + "\r\n");
        assertThat(two.arrays.get(1)).isSameAs(one.arrays.get(1));
    }

    @Test
    void aBufferWhoseWriteFailedIsNotGivenBack() throws Exception {
        FakeConnection failing = new FakeConnection(true);
        failing.failLongerThan = 100; // "first" goes out, the gathered batch fails
        writeAGatheredBatch(failing);
        FakeConnection next = new FakeConnection(true);
        writeAGatheredBatch(next);

        assertThat(next.arrays.get(1)).isNotSameAs(failing.arrays.get(1));
    }

    @Test
    void anOfferPastTheLimitOverflowsOnceClosesTheQueueAndNeverBlocks() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        Outbound out = outbound(connection, 1024);
        out.offer(line("x".repeat(100))); // taken by the writer, which is now stuck in write()
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue();
        int accepted = 0;
        while (out.offer(line("y".repeat(100)))) {
            accepted++;
        }
        assertThat(accepted).isBetween(8, 10);
        assertThat(out.overflowed()).isTrue();
        assertThat(out.offer(line("after"))).isFalse();
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(overflowed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(overflows.get()).isEqualTo(1);
        assertThat(connection.text()).isEqualTo("x".repeat(100) + "\r\n"); // the queued rest was dropped
    }

    @Test
    void finishSendsWhatIsQueuedPlusTheLastLineAndThenRefusesMore() throws Exception {
        FakeConnection connection = new FakeConnection(false);
        Outbound out = outbound(connection, 64);
        out.offer(line("a"));
        out.finish(line("goodbye, even past the limit " + "z".repeat(100)));
        assertThat(out.offer(line("b"))).isFalse();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.text()).startsWith("a\r\ngoodbye").doesNotContain("b\r\n");
    }

    @Test
    void aFailedWriteClosesTheQueueAndEndsTheWriter() throws Exception {
        FakeConnection connection = new FakeConnection(false);
        connection.broken = true;
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("lost"));
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(out.offer(line("more"))).isFalse();
        assertThat(metrics.writersRunning()).isZero();
    }

    @Test
    void aWriterThatCrashesClosesTheQueueRatherThanHoldTheWriterClaimForever() throws Exception {
        FakeConnection connection = new FakeConnection(false);
        connection.crashes = true;
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("boom"));
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(out.offer(line("more"))).isFalse();
        assertThat(metrics.writersRunning()).isZero();
    }

    @Test
    void abortDropsEverythingQueued() throws Exception {
        FakeConnection connection = new FakeConnection(true);
        Outbound out = outbound(connection, 1 << 20);
        out.offer(line("in flight"));
        assertThat(connection.writing.await(10, TimeUnit.SECONDS)).isTrue();
        out.offer(line("queued"));
        out.abort();
        connection.gate.countDown();
        assertThat(out.awaitWriter(10_000)).isTrue();
        assertThat(connection.text()).isEqualTo("in flight\r\n");
    }
}
