package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flood control, per-address limits and idle timeouts against a real server. */
@Timeout(60)
class HardeningTest {
    private TestServer server;

    private void start(ServerConfig config) throws IOException {
        server = TestServer.start(config);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private TestClient join(String nick) throws IOException {
        return server.join(nick);
    }

    private TestClient connect() throws IOException {
        return server.connect();
    }

    @Test
    void aPasteOfTwentyLinesArrivesWhole() throws IOException {
        start(ServerConfig.loopback().withFloodRate(5).withFloodBurst(20));
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        StringBuilder paste = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            paste.append("line ").append(i).append('\n');
        }
        bob.sendRaw(paste.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 1; i <= 20; i++) {
            assertThat(alice.expectLine(l -> l.startsWith("bob: "))).isEqualTo("bob: line " + i);
        }
    }

    @Test
    void aFlooderIsSlowedThenDroppedThenDisconnectedWhileOthersChat() throws IOException {
        start(ServerConfig.loopback().withFloodRate(20).withFloodBurst(5).withFloodDelay(Duration.ofMillis(500))
                .withFloodKick(50));
        TestClient alice = join("alice");
        TestClient mallory = join("mallory");
        long start = System.nanoTime();
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            flood.append("spam ").append(i).append('\n');
        }
        mallory.sendRaw(flood.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        mallory.expectLine("*** You are sending too fast: lines are being dropped. Slow down.");
        mallory.expectLine("*** Disconnected for flooding.");
        int spamSeen = 0;
        String line;
        while (!(line = alice.nextLine()).equals("*** mallory left #lobby (flooding)")) {
            spamSeen += line.startsWith("mallory: spam") ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TestClient bob = join("bob");
        bob.send("still fine");
        alice.expectLine("bob: still fine");
        // At most the burst, plus what the rate allowed while the flood lasted (with a little slack).
        assertThat(spamSeen).isBetween(5, (int) (5 + 20 * seconds) + 2);
    }

    @Test
    void tooManyConnectionsFromOneAddressAreRefusedWithANotice() throws IOException {
        start(ServerConfig.loopback().withMaxPerAddress(2));
        join("alice");
        join("bob");
        TestClient third = connect();
        third.expectLine("*** Too many connections from your address (at most 2), goodbye.");
        third.expectClosed();
    }

    @Test
    void tooManyNewConnectionsPerMinuteAreRefusedWithANotice() throws IOException {
        start(ServerConfig.loopback().withConnectsPerMinute(3));
        for (int i = 0; i < 3; i++) {
            join("u" + i).close();
        }
        TestClient fourth = connect();
        fourth.expectLine("*** Too many new connections from your address (at most 3 a minute), try again later.");
        fourth.expectClosed();
    }

    @Test
    void silentClientIsDisconnectedAfterTheIdleTimeoutAndItsNickComesFree() throws IOException {
        start(ServerConfig.loopback().withIdleTimeout(Duration.ofSeconds(1)));
        TestClient alice = join("alice");
        alice.expectLine("*** Idle for 1 seconds, goodbye.");
        alice.expectClosed();
        join("alice"); // the nickname is free again
    }
}
