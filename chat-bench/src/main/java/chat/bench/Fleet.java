package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many simulated clients on a few NIO selector threads. Each reader thread parses the lines of its
 * connections in place (no String per chat line), counts deliveries and records latency from the
 * {@code ~~<nanoTime>~~} stamp in each message into a shared HdrHistogram recorder.
 *
 * <p>With several servers ({@code --servers}) client {@code i} connects to server {@code i mod n}, and the stamp
 * also names the sender's server ({@code ~~<nanoTime>~~<server>~}), so deliveries from one server to a client of
 * another (through a cluster) have latencies of their own.
 *
 * <p>Thread-safe: connections are handed to reader threads through queues; counters are LongAdders and
 * the latency recorder is HdrHistogram's wait-free {@link Recorder}.
 */
final class Fleet implements AutoCloseable {
    private static final int CLIENTS_PER_SOURCE = 5000;
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(120);

    private final List<InetSocketAddress> servers;
    private final Protocol protocol;
    private final List<Reader> readers = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger readyCount = new AtomicInteger();
    private final AtomicInteger closedCount = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    /** Deliveries whose sender is on another server than the receiver. */
    private final Recorder crossLatency = new Recorder(MAX_LATENCY_MICROS, 3);
    private volatile long recordFrom = Long.MAX_VALUE;
    private volatile long lastDelivery;
    /**
     * The first three parts of this fleet's loopback source addresses (a random {@code 127.x.y.}): a fleet that
     * reused the addresses of the one before would find their ports still in TIME_WAIT, and binding would get
     * slower with every run (connects/s fell from ~5,000 to ~600 over a few back-to-back runs).
     */
    private final String sources = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
            + ThreadLocalRandom.current().nextInt(0, 256) + ".";

    Fleet(InetSocketAddress server, Protocol protocol, int readerThreads) throws IOException {
        this(List.of(server), protocol, readerThreads);
    }

    /** Clients spread over {@code servers}: client {@code i} goes to server {@code i mod n}. */
    Fleet(List<InetSocketAddress> servers, Protocol protocol, int readerThreads) throws IOException {
        this.servers = List.copyOf(servers);
        this.protocol = protocol;
        for (int i = 0; i < readerThreads; i++) {
            Reader reader = new Reader(Selector.open());
            readers.add(reader);
            Thread.ofPlatform().daemon().name("bench-reader-" + i).start(reader);
        }
    }

    Protocol protocol() {
        return protocol;
    }

    List<Conn> conns() {
        return conns;
    }

    /**
     * Connects {@code n} clients one after another, keeping at most {@code window} handshakes in flight,
     * and returns when all are ready.
     *
     * @return nanoseconds from the first connect until the last client was ready
     */
    long connect(int n, String prefix, int window, long timeoutNanos) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int target = readyCount.get() + n;
        for (int i = 0; i < n; i++) {
            while (conns.size() - readyCount.get() - closedCount.get() >= window) {
                checkTimeout(start, timeoutNanos, "connecting");
                TimeUnit.MICROSECONDS.sleep(50);
            }
            Protocol proto = protocol.forClient(conns.size(), n);
            int node = conns.size() % servers.size();
            InetSocketAddress server = servers.get(node);
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (server.getAddress().isLoopbackAddress() && server.getAddress() instanceof java.net.Inet4Address) {
                // Spread clients over 127.x.y.2, .3 ...: each source address has its own ephemeral ports,
                // so 19,000 connections never exhaust them.
                channel.bind(new InetSocketAddress(sources + (2 + conns.size() / CLIENTS_PER_SOURCE), 0));
            }
            channel.connect(proto.address(server));
            channel.configureBlocking(false);
            Conn conn = new Conn(prefix + i, channel, proto, node);
            conns.add(conn);
            conn.write(proto.greeting(conn.nick));
            readers.get(i % readers.size()).add(conn);
        }
        while (readyCount.get() < target) {
            checkTimeout(start, timeoutNanos, "waiting for handshakes");
            if (closedCount.get() > 0) {
                throw new IOException(closedCount.get() + " connections closed during the handshake");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return System.nanoTime() - start;
    }

    private void checkTimeout(long start, long timeoutNanos, String what) throws IOException {
        if (System.nanoTime() - start > timeoutNanos) {
            throw new IOException("timed out " + what + ": " + readyCount.get() + " ready of " + conns.size());
        }
    }

    /** Latency is recorded only for messages stamped at or after {@code nanoTime}. */
    void recordFrom(long nanoTime) {
        recordFrom = nanoTime;
        latency.reset();
        crossLatency.reset();
    }

    /** The latencies of deliveries from a client of one server to a client of another, as {@link #latencies}. */
    Histogram crossLatencies() {
        return crossLatency.getIntervalHistogram();
    }

    /** How many servers the clients are spread over. */
    int servers() {
        return servers.size();
    }

    /** The latencies recorded since {@link #recordFrom}, in microseconds. */
    Histogram latencies() {
        return latency.getIntervalHistogram();
    }

    long received() {
        return received.sum();
    }

    /** nanoTime of the most recent delivery. */
    long lastDelivery() {
        return lastDelivery;
    }

    int closed() {
        return closedCount.get();
    }

    /**
     * A message of {@code size} bytes stamped with {@code nanoTime}, and with the sender's server when there are
     * several.
     */
    String stamped(long nanoTime, Conn sender, int size) {
        if (servers.size() == 1) {
            return stamped(nanoTime, size);
        }
        return stamped(nanoTime, size, "~~" + nanoTime + "~~" + sender.node + "~");
    }

    /** Builds a message of {@code size} bytes stamped with {@code nanoTime}. */
    static String stamped(long nanoTime, int size) {
        return stamped(nanoTime, size, "~~" + nanoTime + "~~");
    }

    private static String stamped(long nanoTime, int size, String stamp) {
        StringBuilder text = new StringBuilder(size).append(stamp);
        while (text.length() < size) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }

    @Override
    public void close() {
        for (Reader reader : readers) {
            reader.stop();
        }
        for (Conn conn : conns) {
            try {
                conn.channel.close();
            } catch (IOException ignored) {
                // Tearing the whole fleet down: one failed close changes nothing.
            }
        }
    }

    /** One selector thread: handshakes, keep-alives and delivery counting for its connections. */
    private final class Reader implements Runnable {
        private final Selector selector;
        private final ConcurrentLinkedQueue<Conn> incoming = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;

        Reader(Selector selector) {
            this.selector = selector;
        }

        void add(Conn conn) {
            incoming.add(conn);
            selector.wakeup();
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try (selector) {
                while (running) {
                    selector.select(100);
                    Conn conn;
                    while ((conn = incoming.poll()) != null) {
                        conn.channel.register(selector, SelectionKey.OP_READ, conn);
                    }
                    var keys = selector.selectedKeys();
                    for (SelectionKey key : keys) {
                        readFrom(key);
                    }
                    keys.clear();
                }
            } catch (IOException e) {
                System.err.println("bench reader failed: " + e);
            }
        }

        private void readFrom(SelectionKey key) {
            Conn conn = (Conn) key.attachment();
            if (conn.muted && conn.ready) {
                key.interestOps(0); // stop reading: the server's queue for this client fills up
                return;
            }
            try {
                int n = conn.channel.read(conn.input);
                if (n < 0) {
                    closeConn(key, conn);
                    return;
                }
                if (conn.protocol.framed()) {
                    frames(conn, System.nanoTime());
                } else {
                    lines(conn, conn.input, System.nanoTime());
                }
            } catch (IOException e) {
                closeConn(key, conn);
            }
        }

        private void closeConn(SelectionKey key, Conn conn) {
            key.cancel();
            if (!conn.closed) {
                conn.closed = true;
                closedCount.incrementAndGet();
            }
            try {
                conn.channel.close();
            } catch (IOException ignored) {
                // Already broken; counted as closed above.
            }
        }

        /**
         * WebSocket: skips the HTTP upgrade response, then takes each complete text frame's payload as one line, where
         * it lies in the input (control frames are dropped). A frame's length is in its header, so neither a copy nor
         * a search for the line end is needed: a JSON event over the WebSocket costs the load generator no more than
         * the same event over TCP.
         */
        private void frames(Conn conn, long now) throws IOException {
            ByteBuffer raw = conn.input;
            byte[] b = raw.array();
            int end = raw.position();
            int pos = 0;
            if (!conn.upgraded) {
                int header = indexOf(b, end, new byte[] {'\r', '\n', '\r', '\n'});
                if (header < 0) {
                    return;
                }
                conn.upgraded = true;
                pos = header + 4;
            }
            long count = 0;
            while (end - pos >= 2) {
                int opcode = b[pos] & 0x0F;
                int len = b[pos + 1] & 0x7F;
                int at = pos + 2;
                if (len == 126) {
                    if (end - pos < 4) {
                        break;
                    }
                    len = (b[pos + 2] & 0xFF) << 8 | b[pos + 3] & 0xFF;
                    at = pos + 4;
                } else if (len == 127) {
                    if (end - pos < 10) {
                        break;
                    }
                    len = (int) ByteBuffer.wrap(b, pos + 2, 8).getLong();
                    at = pos + 10;
                }
                if (len < 0 || at - pos + len > b.length) { // header and payload could never be in the buffer
                    throw new IOException("a frame of " + len + " bytes: not one of ours"); // the connection closes
                }
                if (end - at < len) {
                    break;
                }
                if (opcode == 1) {
                    count += line(conn, b, at, at + len, now);
                }
                pos = at + len;
            }
            counted(count, now);
            System.arraycopy(b, pos, b, 0, end - pos);
            raw.position(end - pos);
        }

        private static int indexOf(byte[] b, int end, byte[] what) {
            for (int i = 0; i + what.length <= end; i++) {
                if (java.util.Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
                    return i;
                }
            }
            return -1;
        }

        private void lines(Conn conn, ByteBuffer in, long now) throws IOException {
            byte[] bytes = in.array();
            int end = in.position();
            int start = 0;
            long count = 0;
            for (int i; (i = Bytes.indexOf(bytes, start, end, (byte) '\n')) >= 0; start = i + 1) {
                int lineEnd = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                count += line(conn, bytes, start, lineEnd, now);
            }
            counted(count, now);
            if (start > 0) {
                System.arraycopy(bytes, start, bytes, 0, end - start);
                in.position(end - start);
            } else if (!in.hasRemaining()) {
                in.clear(); // a line longer than the buffer: not one of ours, drop it
            }
        }

        /** One line from the server: a delivery (returns 1) once the client is ready, else a handshake step. */
        private int line(Conn conn, byte[] bytes, int start, int end, long now) throws IOException {
            if (conn.ready) {
                return delivered(conn, bytes, start, end, now);
            }
            handshake(conn, new String(bytes, start, end - start, StandardCharsets.UTF_8));
            return 0;
        }

        private void counted(long count, long now) {
            if (count > 0) {
                received.add(count);
                lastDelivery = now;
            }
        }

        /** Returns 1 if the line is a stamped message, recording its latency. */
        private int delivered(Conn conn, byte[] bytes, int start, int end, long now) throws IOException {
            for (int i = start; (i = Bytes.indexOf(bytes, i, end - 1, (byte) '~')) >= 0; i++) {
                if (bytes[i + 1] == '~') {
                    long sent = 0;
                    int j = i + 2;
                    for (; j < end && bytes[j] >= '0' && bytes[j] <= '9'; j++) {
                        sent = sent * 10 + (bytes[j] - '0');
                    }
                    if (sent >= recordFrom) {
                        long micros = Math.min(MAX_LATENCY_MICROS, Math.max(0, (now - sent) / 1000));
                        latency.recordValue(micros);
                        if (servers.size() > 1 && senderNode(bytes, j, end) != conn.node) {
                            crossLatency.recordValue(micros);
                        }
                    }
                    return 1;
                }
            }
            byte[] reply = conn.protocol.keepAlive(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            if (reply != null) {
                conn.write(reply);
            }
            return 0;
        }

        /** The sender's server from the {@code ~~<server>~} after a stamp's time at {@code at}, or -1. */
        private static int senderNode(byte[] bytes, int at, int end) {
            if (at + 2 >= end || bytes[at] != '~' || bytes[at + 1] != '~') {
                return -1;
            }
            int node = 0;
            int j = at + 2;
            for (; j < end && bytes[j] >= '0' && bytes[j] <= '9'; j++) {
                node = node * 10 + (bytes[j] - '0');
            }
            return j > at + 2 && j < end && bytes[j] == '~' ? node : -1;
        }

        private void handshake(Conn conn, String line) throws IOException {
            Protocol.Step step = conn.protocol.step(line, conn.nick);
            if (step.reply() != null) {
                conn.write(step.reply());
            }
            if (step.ready()) {
                conn.ready = true;
                readyCount.incrementAndGet();
            }
        }
    }
}
