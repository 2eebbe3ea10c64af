package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Flood control charges every line and every byte read, and a flooder cannot starve other readers
 * (issue 14, defect 2).
 */
@Timeout(60)
class FloodTest {
    /** A line that sanitizes to nothing: 4,000 control characters. */
    static final byte[] JUNK_LINE = junkLine();
    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static byte[] junkLine() {
        byte[] line = new byte[4002];
        Arrays.fill(line, (byte) 0x01);
        line[4000] = '\r';
        line[4001] = '\n';
        return line;
    }

    @Test
    void junkLinesAsFastAsPossibleAreThrottledThenKickedWhileOthersStillGetTheirEchoQuickly() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withFloodRate(5).withFloodBurst(20)
                .withFloodDelay(Duration.ofSeconds(2)).withFloodKick(100)
                .withGuards(g -> g.withBytesPerSecond(16 * 1024)));
        TestClient alice = server.join("alice");
        TestClient bob = server.join("bob");
        List<TestClient> flooders = List.of(server.join("junk1"), server.join("junk2"));
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (TestClient flooder : flooders) {
            threads.add(Thread.ofPlatform().start(() -> flood(flooder, sent, stop)));
        }
        long[] echo = EchoProbe.measure(alice, "alice", bob, 24, Duration.ofMillis(150));
        for (TestClient flooder : flooders) {
            flooder.expectLine("*** Disconnected for flooding.");
            flooder.expectClosed();
        }
        double kickedAfter = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        System.err.printf("flood: kicked after %.1f s, %d kB sent by two flooders, echo p50 %d ms p99 %d ms"
                + " max %d ms%n", kickedAfter, sent.get() / 1000, echo[0], echo[1], echo[2]);
        assertThat(kickedAfter).isLessThan(10);
        assertThat(echo[1]).as("echo p99 in ms").isLessThan(200);
        bob.send("after the flood");
        alice.expectLine("bob: after the flood");
    }

    @Test
    void blankAndOverLongLinesTakeTokensToo() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withMaxLineBytes(100).withFloodRate(1).withFloodBurst(5)
                .withFloodDelay(Duration.ZERO).withFloodKick(10));
        TestClient mallory = server.join("mallory");
        StringBuilder junk = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            junk.append(i % 2 == 0 ? "\u0001\u0001\n" : "x".repeat(150) + "\n");
        }
        mallory.sendRaw(junk.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        mallory.expectLine("*** You are sending too fast: lines are being dropped. Slow down.");
        mallory.expectLine("*** Disconnected for flooding.");
        mallory.expectClosed();
    }

    /** Writes junk lines as fast as the connection takes them, until told to stop or the server closes it. */
    private static void flood(TestClient flooder, AtomicLong sent, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                flooder.sendRaw(JUNK_LINE);
                sent.addAndGet(JUNK_LINE.length);
            }
        } catch (IOException e) {
            // Disconnected for flooding: the point.
        }
    }
}
