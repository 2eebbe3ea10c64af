package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.session.EndReason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clients that stop reading: the write deadline frees what they hold, however little they queued. */
@Timeout(90)
class WriteTimeoutTest {
    private static final int MESSAGES = 200;
    private static final String FILL = "x".repeat(4000);
    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** Polls the server's own state until {@code condition} holds; fails after {@code seconds}. */
    private static void eventually(int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in time").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** A server with a 2 s write deadline whose #lobby holds {@code MESSAGES} long lines, said by alice. */
    private TestClient startWithAFullRoom() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withHistorySize(MESSAGES)
                .withGuards(g -> g.withWriteTimeout(Duration.ofSeconds(2))));
        TestClient alice = server.join("alice");
        for (int i = 0; i < MESSAGES; i++) {
            alice.send("m" + i + " " + FILL);
        }
        alice.expectLine("alice: m" + (MESSAGES - 1) + " " + FILL);
        return alice;
    }

    @Test
    void clientsThatTakeNoOutputAreDisconnectedWellUnderTheirSendQueue() throws Exception {
        TestClient alice = startWithAFullRoom();
        // Each asks for ~800 kB, under the 1 MiB send queue, and reads nothing: only the deadline ends them.
        List<TestClient> stuck = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestClient c = server.track(TestClient.connectNeverReading(server.port()));
            c.send("stuck" + i).send("/history " + MESSAGES);
            stuck.add(c);
        }
        var metrics = server.chatServer().services().metrics();
        eventually(30, () -> metrics.disconnects(EndReason.WRITE_TIMEOUT) == stuck.size());
        eventually(10, () -> server.chatServer().connections() == 1);
        assertThat(metrics.disconnects(EndReason.SEND_QUEUE_EXCEEDED)).isZero();
        alice.send("still here");
        alice.expectLine("alice: still here");
    }

    @Test
    void aWebSocketThatTakesNoOutputIsDisconnectedByTheDeadlineToo() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withHistorySize(MESSAGES)
                .withGuards(g -> g.withWriteTimeout(Duration.ofSeconds(2)))
                .withWeb(ServerConfig.Web.on("127.0.0.1", 0)));
        TestClient alice = server.join("alice");
        for (int i = 0; i < MESSAGES; i++) {
            alice.send("m" + i + " " + FILL);
        }
        alice.expectLine("alice: m" + (MESSAGES - 1) + " " + FILL);
        int web = server.chatServer().webPort();
        // A WebSocket whose client reads nothing once it has asked for ~800 kB: the poller hands Jetty a batch
        // that the full socket cannot take, and the client's own writer waits for it until the deadline.
        try (Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", web));
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + web + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:" + web + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(maskedText("stuck"));
            out.write(maskedText("/history " + MESSAGES));
            out.flush();
            var metrics = server.chatServer().services().metrics();
            eventually(30, () -> metrics.disconnects(EndReason.WRITE_TIMEOUT) == 1);
            eventually(10, () -> server.chatServer().connections() == 1);
            // The socket is dropped, not closed politely behind the output it is not taking: the send in flight
            // fails and the writer ends now, not at the send's own 60 s limit.
            eventually(10, () -> metrics.writersRunning() == 0);
        }
        alice.send("still here");
        alice.expectLine("alice: still here");
    }

    /** A client's text frame (masked, as RFC 6455 requires of clients) of a short line. */
    private static byte[] maskedText(String line) {
        byte[] payload = line.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }

    @Test
    void aReaderTakingAWholeReplayIsNotDisconnected() throws Exception {
        TestClient alice = startWithAFullRoom();
        TestClient bob = server.join("bob");
        bob.send("/history " + MESSAGES);
        bob.expectLine(l -> l.endsWith("last " + MESSAGES + " messages:"));
        bob.expectLine(l -> l.endsWith("] alice: m" + (MESSAGES - 1) + " " + FILL));
        bob.expectLine(l -> l.endsWith("End of history."));
        assertThat(server.chatServer().services().metrics().disconnects(EndReason.WRITE_TIMEOUT)).isZero();
    }
}
