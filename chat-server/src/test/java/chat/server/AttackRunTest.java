package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Three attacks at once against a real server process — slowloris (bytes dripped, never a nickname), a junk
 * flood (0x01 lines as fast as the socket takes them) and clients that never read what they asked for — while
 * two normal users keep chatting; then the server's descriptors, threads and memory come back once the
 * attackers leave. Bounds are generous for a loaded two-core machine but far below what an unbounded server
 * reaches.
 *
 * <p>Thread-safe: attackers are virtual threads stopped by one flag; everything else runs on the test thread.
 */
@Timeout(120)
@EnabledOnOs(OS.LINUX) // reads the server's descriptors, threads and memory from /proc
class AttackRunTest {
    private static final int SLOWLORIS = 100;
    private static final int FLOODERS = 2;
    private static final int NEVER_READERS = 50;
    private static final int FILLERS = 4;
    private static final int FILL_MESSAGES = 15; // per filler: within its 4 s byte burst, so none is delayed
    private static final String FILL = "x".repeat(4000);
    private static final Duration DRIP = Duration.ofMillis(500);
    private static final Duration ECHO_PACE = Duration.ofMillis(250); // under the 5 lines/s flood rate
    private static final int ECHOES = 60;
    private static final long P99_BOUND_MILLIS = 200;
    private static final Duration SETTLE = Duration.ofSeconds(45);

    private final AtomicBoolean attacking = new AtomicBoolean(true);
    private final List<Thread> attackers = new ArrayList<>();
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        stopAttackers();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void slowlorisJunkAndNeverReadersTogetherNeitherSlowChatNorLeaveAnythingBehind() throws Exception {
        server = ServerProcess.startWithJvmOptions(
                // The G1 settings of scripts/server, with a shorter idle collection so memory returns in time.
                List.of("-XX:+UseG1GC", "-Xms32m", "-Xmx512m", "-XX:G1PeriodicGCInterval=2000",
                        "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"),
                "--port", "0", "--in-memory", "--max-per-ip", "0", "--connects-per-minute", "0",
                "--handshake-timeout", "3", "--write-timeout", "3", "--flood-delay", "2");
        int port = server.port();
        long pid = server.pid();
        TestClient alice = TestClient.join(port, "alice");
        TestClient bob = TestClient.join(port, "bob");
        List<TestClient> fillers = fillBigRoom(port);
        EchoProbe.measure(alice, "alice", bob, 10, ECHO_PACE); // warm up before taking the baseline
        long fds = fds(pid);
        long threads = threads(pid);
        long rss = rssKb(pid);

        AtomicInteger slowlorisConnects = new AtomicInteger();
        AtomicInteger floodConnects = new AtomicInteger();
        for (int i = 0; i < SLOWLORIS; i++) {
            attackers.add(Thread.ofVirtual().name("slowloris-" + i).start(() -> slowloris(port, slowlorisConnects)));
        }
        for (int i = 0; i < FLOODERS; i++) {
            int n = i;
            attackers.add(Thread.ofVirtual().name("flooder-" + i).start(() -> flood(port, n, floodConnects)));
        }
        for (int i = 0; i < NEVER_READERS; i++) {
            Socket s = connect(port);
            s.getOutputStream().write(("nr" + i + "\n/join #big\n/history 200\n").getBytes(StandardCharsets.UTF_8));
        }

        long[] echo = EchoProbe.measure(alice, "alice", bob, ECHOES, ECHO_PACE);
        long peakRss = rssKb(pid);
        long peakFds = fds(pid);
        stopAttackers();
        assertThat(echo[1]).as("echo p99 ms (p50 %d, max %d) under attack", echo[0], echo[2])
                .isLessThan(P99_BOUND_MILLIS);
        assertThat(slowlorisConnects.get()).as("slowloris connections made").isGreaterThan(SLOWLORIS);
        assertThat(floodConnects.get()).as("flood connections made").isGreaterThanOrEqualTo(FLOODERS);

        settle("descriptors", () -> fds(pid), fds + 10, peakFds);
        settle("threads", () -> threads(pid), threads + 10, -1);
        settle("RSS kB", () -> rssKb(pid), Math.max(rss * 3 / 2, rss + 64 * 1024), peakRss);
        System.out.printf("attack run: echo p50/p99/max %d/%d/%d ms; slowloris %d, flood %d connections; "
                + "fds %d -> peak %d -> %d; threads %d -> %d; RSS %d -> peak %d -> %d kB%n", echo[0], echo[1], echo[2],
                slowlorisConnects.get(), floodConnects.get(), fds, peakFds, fds(pid), threads, threads(pid), rss,
                peakRss, rssKb(pid));
        List<String> log = server.log();
        assertThat(log).anyMatch(l -> l.contains("disconnected: handshake timeout"));
        assertThat(log).anyMatch(l -> l.contains("disconnected: flooding"));
        assertThat(log).anyMatch(l -> l.contains("disconnected: write timeout"));
        alice.send("still here");
        bob.expectLine("alice: still here");
        for (TestClient f : fillers) {
            f.close();
        }
        alice.close();
        bob.close();
    }

    /** Raises the flag, closes every attacking socket (a flooder may be blocked writing), waits for them. */
    private void stopAttackers() throws InterruptedException {
        attacking.set(false);
        closeAll();
        for (Thread t : attackers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        closeAll(); // one may have connected between the flag and the first pass
    }

    /** Four users put 60 messages of 4 kB in #big and stay (reading), so it keeps them for /history. */
    private static List<TestClient> fillBigRoom(int port) throws IOException {
        List<TestClient> fillers = new ArrayList<>();
        for (int f = 0; f < FILLERS; f++) {
            TestClient filler = TestClient.join(port, "filler" + f);
            filler.send("/join #big");
            filler.expectLine(l -> l.contains("#big"));
            fillers.add(filler);
        }
        for (int i = 0; i < FILL_MESSAGES; i++) {
            for (int f = 0; f < FILLERS; f++) {
                fillers.get(f).send(f + "." + i + " " + FILL);
            }
        }
        TestClient last = fillers.get(FILLERS - 1);
        last.expectLine(l -> l.startsWith("filler" + (FILLERS - 1) + ": " + (FILLERS - 1) + "." + (FILL_MESSAGES - 1)));
        return fillers;
    }

    /** Waits until {@code value} is at most {@code bound}, polling the server's /proc entry; fails after SETTLE. */
    private static void settle(String what, LongSupplier value, long bound, long peak) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long now = value.getAsLong();
        while (now > bound) {
            assertThat(System.nanoTime()).as("%s back to at most %d (peak %d), still %d", what, bound, peak, now)
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
            now = value.getAsLong();
        }
    }

    /** Connects, drips one byte every DRIP, never ends a line; reconnects when the server closes it. */
    private void slowloris(int port, AtomicInteger connects) {
        while (attacking.get()) {
            try (Socket s = connect(port)) {
                connects.incrementAndGet();
                OutputStream out = s.getOutputStream();
                while (attacking.get()) {
                    out.write('z');
                    out.flush();
                    Thread.sleep(DRIP); // the attack's pace, not a wait for a condition
                }
            } catch (IOException e) {
                // Closed by the server (the handshake deadline): come back, as an attacker would.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Registers, then sends lines of 0x01 as fast as the socket takes them; reconnects when kicked. */
    private void flood(int port, int n, AtomicInteger connects) {
        byte[] junk = new byte[4002];
        Arrays.fill(junk, 0, 4000, (byte) 1);
        junk[4000] = '\r';
        junk[4001] = '\n';
        for (int round = 0; attacking.get(); round++) {
            try (Socket s = connect(port)) {
                connects.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(("junk" + n + "x" + round + "\n").getBytes(StandardCharsets.UTF_8));
                while (attacking.get()) {
                    out.write(junk);
                }
            } catch (IOException e) {
                // Disconnected for flooding: come back under a new name.
            }
        }
    }

    /** A socket with a small receive buffer that the test never reads; closed by {@link #closeAll()}. */
    private Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) TestClient.TIMEOUT.toMillis());
        sockets.add(s);
        return s;
    }

    private void closeAll() {
        for (Socket s = sockets.poll(); s != null; s = sockets.poll()) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Already closed by its attacker thread.
            }
        }
    }

    private static long fds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list the server's descriptors", e);
        }
    }

    private static long threads(long pid) {
        return status(pid, "Threads:");
    }

    private static long rssKb(long pid) {
        return status(pid, "VmRSS:");
    }

    private static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the server's status", e);
        }
        throw new AssertionError(field + " not in /proc/" + pid + "/status");
    }
}
