package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The metrics endpoint, and an abuse run after which nothing may have leaked. */
@Timeout(120)
class MetricsAndAbuseTest {
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withMetricsPort(0).withMaxLineBytes(200));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.chatServer().metricsPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private long metric(String name) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\d+)$").matcher(get("/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Polls the server's own counters until {@code condition} holds; fails after ten seconds. */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void metricsFollowClientsAsTheyComeAndGo() throws Exception {
        assertThat(get("/healthz")).isEqualTo("ok\n");
        assertThat(metric("chat_clients_connected")).isZero();
        TestClient alice = server.join("alice");
        TestClient bob = server.join("bob");
        assertThat(metric("chat_clients_chatting")).isEqualTo(2);
        assertThat(metric("chat_rooms")).isEqualTo(1);
        alice.send("hello");
        bob.expectLine("alice: hello");
        alice.expectLine("alice: hello");
        assertThat(metric("chat_lines_in_total")).isEqualTo(1);
        assertThat(metric("chat_deliveries_total")).isGreaterThanOrEqualTo(2);
        bob.send("/quit");
        bob.expectClosed();
        eventually(() -> server.chatServer().connections() == 1);
        assertThat(get("/metrics")).contains("chat_disconnects_total{reason=\"quit\"} 1");
        assertThat(metric("chat_clients_connected")).isEqualTo(1);
    }

    @Test
    void whatAKickReasonSaysNeverBecomesALabelSoTheExpositionStaysValid(@TempDir Path dir) throws Exception {
        server.close();
        server = TestServer.start(ServerConfig.loopback().withMetricsPort(0)
                .withOperPasswordFile(Files.writeString(dir.resolve("oper"), "pw\n")));
        TestClient op = server.join("op");
        op.send("/oper pw");
        op.expectLine("*** You are now an operator.");
        server.join("mallory");
        op.send("/kick mallory say \"hi\" {} \\ " + "x".repeat(3000));
        op.expectLine("*** Kicked mallory.");
        eventually(() -> server.chatServer().connections() == 1);
        String exposition = get("/metrics");
        assertThat(exposition).contains("chat_disconnects_total{reason=\"kicked\"} 1");
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#")) {
                assertThat(line).matches("[a-z_]+(\\{[a-z_]+=\"[a-z_]+\"\\})? [0-9]+");
            }
        }
    }

    @Test
    void afterAnAbuseRunNothingHasLeakedAndEveryoneIsServed() throws Exception {
        long fdsBefore = openFiles();
        Random random = new Random(11);
        List<Thread> attackers = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            long seed = random.nextLong();
            attackers.add(Thread.ofVirtual().start(() -> garbage(seed)));
        }
        List<TestClient> stalled = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // half a line, then nothing
            TestClient c = server.connect();
            c.sendRaw(("stall" + i + "\nhalf a li").getBytes(StandardCharsets.UTF_8));
            stalled.add(c);
        }
        for (int i = 0; i < 1000; i++) { // connect, chat, disconnect
            try (TestClient c = TestClient.connect(server.port())) {
                c.sendRaw(("cycle" + i + "\nhi\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        for (Thread t : attackers) {
            t.join();
        }
        for (TestClient c : stalled) {
            c.close();
        }
        eventually(() -> server.chatServer().connections() == 0);
        eventually(() -> server.chatServer().services().metrics().writersRunning() == 0);
        assertThat(server.chatServer().services().directory().online()).isZero();
        assertThat(server.chatServer().services().directory().roomCount()).isZero();
        if (fdsBefore >= 0) {
            eventually(() -> openFiles() <= fdsBefore + 5); // a few for the JDK's own use, not 1,000
        }
        TestClient alice = server.join("alice");
        TestClient bob = server.join("bob");
        alice.send("still serving");
        bob.expectLine("alice: still serving");
    }

    private void garbage(long seed) {
        Random random = new Random(seed);
        for (int round = 0; round < 10; round++) {
            try (TestClient c = TestClient.connect(server.port())) {
                byte[] bytes = new byte[random.nextInt(20_000)];
                random.nextBytes(bytes);
                c.sendRaw(bytes);
            } catch (IOException e) {
                // The server may close on us mid-write (line too long, server busy): that is allowed.
            }
        }
    }

    /** Open file descriptors of this JVM (server and test clients together), or -1 off Linux. */
    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
