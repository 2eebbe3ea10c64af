package chat.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The benchmark scenarios (README "Benchmark"): idle, fanout, blast and slow. Each connects its own
 * fleet, measures, and returns its numbers as an ordered map, one result line.
 *
 * <p>Clients may be spread over several servers ({@link Params#addresses}). A message is expected by every
 * reading client in its sender's room: the whole fleet when the servers are one cluster ({@link Params#cluster}),
 * else the clients of the sender's server (each server its own room), so loss is counted right either way.
 *
 * <p>Thread-safe: one scenario runs at a time on the calling thread (blast adds sender threads).
 */
final class Scenario {
    private static final long CONNECT_TIMEOUT = TimeUnit.MINUTES.toNanos(10);
    private static final long DRAIN_QUIET_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long DRAIN_MAX_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int BLAST_CHUNK = 50;
    /** The load generator's JIT counts as quiet after this long without compiling... */
    private static final long JIT_QUIET_MILLIS = 300;
    /** ...or after this long in all. */
    private static final long JIT_QUIET_MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Everything a scenario can be told.
     *
     * @param addresses the servers; client {@code i} connects to {@code addresses[i mod n]}
     * @param cluster   whether the servers share rooms (a cluster): then a message reaches clients of every server
     * @param warmupLines blast: lines per sender blasted, drained and not counted before measuring (0: none)
     */
    record Params(String scenario, String server, List<InetSocketAddress> addresses, boolean cluster,
                  Protocol protocol, int clients, int senders, double rate, Duration duration, Duration warmup,
                  int lines, int size, double slowPercent, int window, int readers, ServerProbe probe, String tag,
                  int warmupClients, int warmupLines) {
        Params {
            addresses = List.copyOf(addresses);
        }

        /** One server. */
        Params(String scenario, String server, InetSocketAddress address, Protocol protocol, int clients,
               int senders, double rate, Duration duration, Duration warmup, int lines, int size,
               double slowPercent, int window, int readers, ServerProbe probe, String tag, int warmupClients,
               int warmupLines) {
            this(scenario, server, List.of(address), false, protocol, clients, senders, rate, duration, warmup, lines,
                    size, slowPercent, window, readers, probe, tag, warmupClients, warmupLines);
        }
    }

    private final Params p;
    private final Map<String, String> result = new LinkedHashMap<>();

    private Scenario(Params p) {
        this.p = p;
        put("scenario", p.scenario());
        put("server", p.server());
        put("tag", p.tag());
        put("clients", p.clients());
        if (p.addresses().size() > 1) {
            put("servers", p.addresses().size());
            put("cluster", p.cluster());
        }
    }

    static Map<String, String> run(Params p) throws IOException, InterruptedException {
        Scenario s = new Scenario(p);
        try (Fleet fleet = new Fleet(p.addresses(), p.protocol(), p.readers())) {
            switch (p.scenario()) {
                case "idle" -> s.idle(fleet);
                case "fanout" -> s.fanout(fleet, 0);
                case "slow" -> s.fanout(fleet, p.slowPercent());
                case "blast" -> s.blast(fleet);
                default -> throw new IllegalArgumentException("unknown scenario " + p.scenario());
            }
        }
        return s.result;
    }

    private void idle(Fleet fleet) throws IOException, InterruptedException {
        if (p.warmupClients() > 0) {
            // Connect and drop a first crowd so one-time costs (JIT-compiled code, class loading, heap
            // sizing) are not charged to the measured connections: we want the cost of one more client.
            try (Fleet warmup = new Fleet(p.addresses(), p.protocol(), p.readers())) {
                warmup.connect(p.warmupClients(), "w", p.window(), CONNECT_TIMEOUT);
            }
            TimeUnit.SECONDS.sleep(2); // let the server finish tearing the warm-up sessions down
            put("warmup_clients", p.warmupClients());
        }
        long rss0 = p.probe().rssBytes();
        double cpu0 = p.probe().cpuSeconds();
        long elapsed = fleet.connect(p.clients(), "u", p.window(), CONNECT_TIMEOUT);
        double cpu1 = p.probe().cpuSeconds();
        put("connects_per_s", round(p.clients() / seconds(elapsed)));
        if (cpu0 >= 0 && cpu1 >= 0) {
            put("server_cpu_us_per_connect", round((cpu1 - cpu0) * 1e6 / p.clients()));
        }
        TimeUnit.SECONDS.sleep(1); // let the server settle (writers idle, buffers released) before reading RSS
        long rss1 = p.probe().rssBytes();
        if (rss0 > 0 && rss1 > 0) {
            put("rss_before_mb", round(rss0 / 1048576.0));
            put("rss_after_mb", round(rss1 / 1048576.0));
            put("rss_per_conn_kb", round((rss1 - rss0) / 1024.0 / p.clients()));
        }
        Conn first = fleet.conns().get(0);
        long receivers = receivers(fleet, first);
        long before = fleet.received();
        long start = System.nanoTime();
        fleet.recordFrom(start);
        first.write(p.protocol().message(fleet.stamped(start, first, p.size())));
        long got = drain(fleet, before + receivers) - before;
        put("broadcast_reached", got + "/" + receivers);
        put("broadcast_ms", round((fleet.lastDelivery() - start) / 1e6));
        put("disconnected", fleet.closed());
    }

    private void fanout(Fleet fleet, double slowPercent) throws IOException, InterruptedException {
        fleet.connect(p.clients(), "u", p.window(), CONNECT_TIMEOUT);
        List<Conn> senders = fleet.conns().subList(0, p.senders());
        int muted = (int) Math.ceil(p.clients() * slowPercent / 100.0);
        for (int i = 0; i < muted; i++) {
            fleet.conns().get(p.clients() - 1 - i).muted = true;
        }
        double receivers = senders.stream().mapToLong(s -> receivers(fleet, s)).average().orElse(0);
        double offered = p.senders() * p.rate();
        put("senders", p.senders());
        put("rate_per_sender", p.rate());
        put("muted", muted);
        put("offered_per_s", round(offered * receivers));
        long received0 = fleet.received();
        long warmupEnd = System.nanoTime() + p.warmup().toNanos();
        long sent = paced(fleet, senders, offered, System.nanoTime(), warmupEnd);
        long start = System.nanoTime();
        fleet.recordFrom(start);
        double cpu0 = p.probe().cpuSeconds();
        long windowReceived0 = fleet.received();
        sent += paced(fleet, senders, offered, start, start + p.duration().toNanos());
        long windowDelivered = fleet.received() - windowReceived0;
        double cpu1 = p.probe().cpuSeconds();
        long expected = expected(fleet, senders);
        long got = drain(fleet, received0 + expected) - received0;
        Histogram h = fleet.latencies();
        put("sent", sent);
        put("delivered_per_s", round(windowDelivered * 1e9 / p.duration().toNanos()));
        put("lost", expected - got);
        latency(h);
        crossLatency(fleet);
        cpu(cpu0, cpu1, windowDelivered);
        put("rss_mb", round(p.probe().rssBytes() / 1048576.0));
        put("disconnected", fleet.closed());
    }

    private void blast(Fleet fleet) throws IOException, InterruptedException {
        fleet.connect(p.clients(), "u", p.window(), CONNECT_TIMEOUT);
        List<Conn> senders = fleet.conns().subList(0, p.senders());
        put("senders", p.senders());
        put("lines_per_sender", p.lines());
        if (p.warmupLines() > 0) {
            put("warmup_lines", p.warmupLines());
            put("warmup_lost", warmUp(fleet, senders)); // not 0: the measured run started with some of it in flight
        }
        long before = fleet.received();
        long start = System.nanoTime();
        fleet.recordFrom(start);
        double cpu0 = p.probe().cpuSeconds();
        blastAll(fleet, senders, p.lines());
        long expected = expected(fleet, senders);
        long got = drain(fleet, before + expected) - before;
        double cpu1 = p.probe().cpuSeconds();
        double elapsed = seconds(fleet.lastDelivery() - start);
        put("expected", expected);
        put("delivered_per_s", round(got / elapsed));
        put("elapsed_s", round(elapsed));
        put("lost", expected - got);
        latency(fleet.latencies());
        crossLatency(fleet);
        cpu(cpu0, cpu1, got);
        put("disconnected", fleet.closed());
    }

    /**
     * A blast of {@code --warmup-lines} per sender, drained and forgotten, then a wait until this process's own JIT
     * compiler is quiet; returns how many of its deliveries did not arrive. In a fresh load generator the compiler
     * threads took about as much CPU during a half-second blast as its reader did (0.55-0.65 s against 0.3-0.5 s),
     * on the cores the server needs.
     */
    private long warmUp(Fleet fleet, List<Conn> senders) throws InterruptedException {
        long before = fleet.received();
        blastAll(fleet, senders, p.warmupLines());
        long expected = expected(fleet, senders);
        long lost = expected - (drain(fleet, before + expected) - before);
        for (Conn sender : senders) {
            sender.sent = 0;
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            long deadline = System.nanoTime() + JIT_QUIET_MAX_NANOS;
            long last = -1;
            while (System.nanoTime() < deadline && jit.getTotalCompilationTime() != last) {
                last = jit.getTotalCompilationTime();
                TimeUnit.MILLISECONDS.sleep(JIT_QUIET_MILLIS);
            }
        }
        return lost;
    }

    /** Each sender sends {@code lines} as fast as it can, on a thread of its own; returns when all have sent. */
    private void blastAll(Fleet fleet, List<Conn> senders, int lines) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (Conn sender : senders) {
            threads.add(Thread.ofPlatform().name("blast-" + sender.nick).start(() -> blastFrom(fleet, sender, lines)));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void blastFrom(Fleet fleet, Conn sender, int lines) {
        try {
            for (int sent = 0; sent < lines; ) {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                long now = System.nanoTime();
                int n = 0;
                for (; n < BLAST_CHUNK && sent < lines; n++, sent++) {
                    chunk.writeBytes(p.protocol().message(fleet.stamped(now, sender, p.size())));
                }
                sender.write(chunk.toByteArray());
                sender.sent += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends at {@code perSecond} messages in total, round-robin over the senders, from {@code from} until
     * {@code until}. Each message is stamped with its scheduled time, not the time it went out, so a
     * sender that falls behind shows up as latency (no coordinated omission).
     */
    private long paced(Fleet fleet, List<Conn> senders, double perSecond, long from, long until) throws IOException {
        double interval = 1e9 / perSecond;
        long sent = 0;
        for (double next = from; next < until; next += interval) {
            long due = (long) next;
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > 200_000) {
                    LockSupport.parkNanos(due - now - 100_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            Conn sender = senders.get((int) (sent % senders.size()));
            sender.write(p.protocol().message(fleet.stamped(due, sender, p.size())));
            sender.sent++;
            sent++;
        }
        return sent;
    }

    /** Waits until {@code target} deliveries were counted, or until they stop coming; returns the count. */
    private static long drain(Fleet fleet, long target) throws InterruptedException {
        long start = System.nanoTime();
        long last = fleet.received();
        long lastChange = start;
        while (true) {
            long now = System.nanoTime();
            long got = fleet.received();
            if (got >= target || now - lastChange > DRAIN_QUIET_NANOS || now - start > DRAIN_MAX_NANOS) {
                return got;
            }
            if (got != last) {
                last = got;
                lastChange = now;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /**
     * How many clients receive one message from {@code sender}: those in its room (the fleet in a cluster, else
     * the clients of its server) that read, itself only if the protocol echoes.
     */
    private long receivers(Fleet fleet, Conn sender) {
        return fleet.conns().stream()
                .filter(c -> p.cluster() || c.node == sender.node)
                .filter(c -> !c.muted && (c != sender || p.protocol().echoesToSender()))
                .count();
    }

    /** Deliveries expected for what {@code senders} have sent so far. */
    private long expected(Fleet fleet, List<Conn> senders) {
        return senders.stream().mapToLong(s -> s.sent * receivers(fleet, s)).sum();
    }

    /** With several servers: latency of the deliveries that crossed from one server to another. */
    private void crossLatency(Fleet fleet) {
        if (fleet.servers() > 1) {
            Histogram h = fleet.crossLatencies();
            put("cross_deliveries", h.getTotalCount());
            put("cross_p50_ms", ms(h.getValueAtPercentile(50)));
            put("cross_p99_ms", ms(h.getValueAtPercentile(99)));
        }
    }

    private void latency(Histogram h) {
        put("p50_ms", ms(h.getValueAtPercentile(50)));
        put("p90_ms", ms(h.getValueAtPercentile(90)));
        put("p99_ms", ms(h.getValueAtPercentile(99)));
        put("p999_ms", ms(h.getValueAtPercentile(99.9)));
        put("max_ms", ms(h.getMaxValue()));
    }

    private void cpu(double cpu0, double cpu1, long deliveries) {
        if (cpu0 >= 0 && cpu1 >= 0 && deliveries > 0) {
            put("server_cpu_s", round(cpu1 - cpu0));
            put("cpu_us_per_delivery", round((cpu1 - cpu0) * 1e6 / deliveries));
        }
    }

    private static String ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String round(double value) {
        return value >= 100 ? Long.toString(Math.round(value)) : String.format("%.3g", value);
    }

    private void put(String key, Object value) {
        result.put(key, String.valueOf(value));
    }
}
