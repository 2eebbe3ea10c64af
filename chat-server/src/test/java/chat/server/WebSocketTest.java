package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WebSocket {@code /ws} (docs/PROTOCOL.md, "Web") against a real server, beside TCP clients. */
@Timeout(60)
class WebSocketTest {
    private TestServer server;
    private WebSocketClient client;
    private URI ws;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(ServerConfig.loopback()
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of("https://friend.example"), 64 * 1024, 3)));
        ws = URI.create("ws://127.0.0.1:" + server.chatServer().webPort() + "/ws");
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    /**
     * A reconnect storm must not find the web port's accept queue at Java's default of 50 (the SYNs past it are
     * dropped and retried a second later: 5,000 WebSockets connected at 280/s instead of 1,360/s).
     */
    @Test
    void theWebPortQueuesAsManyConnectionsAsTheChatPort() throws Exception {
        int expected = Math.min(ServerConfig.LISTEN_BACKLOG,
                Integer.parseInt(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/core/somaxconn"))
                        .get(0).strip())); // the kernel's cap on any backlog

        assertThat(listenBacklog(server.port())).as("chat port").isEqualTo(expected);
        assertThat(listenBacklog(server.chatServer().webPort())).as("web port").isEqualTo(expected);
    }

    /** The accept queue the kernel keeps for a listening port: {@code ss}'s Send-Q of a LISTEN socket. */
    private static int listenBacklog(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
        String out;
        try (var in = ss.getInputStream()) {
            out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String[] fields = out.strip().split("\\s+"); // LISTEN 0 4096 127.0.0.1:port *:*
        assertThat(fields).as("ss output: %s", out).hasSizeGreaterThan(3).startsWith("LISTEN");
        return Integer.parseInt(fields[2]);
    }

    @Test
    void aWebSocketUserAndATcpUserChatBothWaysInOneRoom() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        assertThat(alice.welcome).containsEntry("room", "#lobby");
        assertThat((String) alice.welcome.get("upload_token")).isNotBlank();
        TestClient bob = server.join("bob");
        alice.expect(e -> "join".equals(e.get("type")) && "bob".equals(e.get("nick")), "bob joins");

        alice.send("hello bob");
        bob.expectLine("alice: hello bob");
        bob.send("hi alice");
        Map<String, Object> message = alice.expect(e -> "message".equals(e.get("type")) && "bob".equals(e.get("nick")),
                "bob's message");
        assertThat(message).containsEntry("text", "hi alice").containsEntry("room", "#lobby");

        alice.send("/join dev");
        alice.expect("entered");
        bob.expectLine("*** alice left #lobby");
    }

    @Test
    void aFrameWithSeveralLinesIsSeveralLines() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        TestClient bob = server.join("bob");
        alice.send("one\ntwo\r\nthree");
        bob.expectLine("alice: one");
        bob.expectLine("alice: two");
        bob.expectLine("alice: three");
    }

    @Test
    void aBatchOfEventsOfEveryLengthArrivesOneEventPerFrameInOrder() throws Exception {
        server.close();
        int maxLine = 1024; // Jetty's frame size limit too: a longer event is one it would split (sent one by one)
        server = TestServer.start(ServerConfig.loopback().withMaxLineBytes(maxLine)
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(), 64 * 1024, 3)));
        ws = URI.create("ws://127.0.0.1:" + server.chatServer().webPort() + "/ws");
        TestClient bob = server.join("bob");
        List<String> texts = List.of("a", "x".repeat(200), "y".repeat(maxLine - 10), "z".repeat(maxLine), "b");
        for (String text : texts) {
            bob.send(text);
            bob.expectLine("bob: " + text);
        }
        // The join replays them in one event: history, five messages, history_end, written as one batch.
        WsClient alice = WsClient.join(client, ws, "alice");
        assertThat(alice.expect("history")).containsEntry("count", 5L);
        for (String text : texts) {
            assertThat(alice.expect("message")).containsEntry("text", text).containsEntry("replay", true);
        }
        alice.expect("history_end");
        // Live, the longest first in its batch too (then sent frame by frame).
        for (String text : texts.reversed()) {
            bob.send(text);
        }
        for (String text : texts.reversed()) {
            assertThat(alice.expect("message")).containsEntry("text", text);
        }
    }

    @Test
    void aTakenNicknameIsAnErrorThenTheSamePrompt() throws Exception {
        server.join("alice");
        WsClient other = WsClient.connect(client, ws, null);
        other.expect("nick_prompt");
        other.send("alice");
        assertThat(other.expect("error")).containsEntry("code", "nick_taken");
        other.expect("nick_prompt");
    }

    @Test
    void theServersOwnOriginAndAllowedOriginsMayConnectOthersAreRefusedBeforeTheUpgrade() throws Exception {
        String own = "http://127.0.0.1:" + server.chatServer().webPort();
        WsClient.connect(client, ws, own).expect("nick_prompt");
        WsClient.connect(client, ws, "https://friend.example").expect("nick_prompt");

        assertThatThrownBy(() -> WsClient.connect(client, ws, "http://evil.example"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> WsClient.connect(client, ws, "http://127.0.0.1:1"))
                .cause().isInstanceOf(UpgradeException.class);
        assertThat(server.chatServer().connections()).isEqualTo(2);
    }

    /**
     * A paste a little over the limit (in bytes: 3,000 Cyrillic letters are 6,000 bytes) is refused as over TCP and
     * the socket stays open; the welcome says the limit, so the page can refuse it before sending.
     */
    @Test
    void aLineOverTheLimitIsRefusedWithANoticeAndTheSocketStaysOpen() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        assertThat(((Number) alice.welcome.get("max_line")).intValue()).isEqualTo(4096);
        TestClient bob = server.join("bob");
        alice.expect(e -> "join".equals(e.get("type")) && "bob".equals(e.get("nick")), "bob's join");

        alice.send("Привет".repeat(500));
        assertThat(alice.expect("error")).containsEntry("code", "line_too_long")
                .containsEntry("text", "Line too long (more than 4096 bytes), not sent.");
        alice.send("still here");
        bob.expectLine("alice: still here");
        alice.expect(e -> "still here".equals(e.get("text")), "her own line back");
        assertThat(alice.closed).isNotDone();
    }

    /** A WebSocket's lines count against the registration allowance (1,024 bytes by default) as TCP bytes do. */
    @Test
    void aWebSocketSendingMoreThanTheRegistrationAllowanceWithoutANicknameIsDisconnected() throws Exception {
        WsClient mallory = WsClient.connect(client, ws, null);
        mallory.expect("nick_prompt");

        mallory.send(String.join("\n", java.util.Collections.nCopies(30, "x".repeat(40) + "!"))); // 1,230 bytes

        assertThat(mallory.expect(e -> "registration_too_long".equals(e.get("code")), "the refusal"))
                .containsEntry("type", "error");
        assertThat(mallory.closed.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aTenMegabyteFrameClosesThatSocketOnly() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        TestClient bob = server.join("bob");
        WsClient mallory = WsClient.join(client, ws, "mallory");
        bob.expectLine("*** mallory joined #lobby");

        mallory.sendAsync("x".repeat(10 * 1024 * 1024));
        // 1009 (message too big); or, when the server closes while the client is still writing the frame,
        // the client's write fails first (-1). Either way that socket is gone.
        assertThat(mallory.closed.get(10, TimeUnit.SECONDS)).isIn(StatusCode.MESSAGE_TOO_LARGE, -1);
        bob.expectLine(line -> line.startsWith("*** mallory left #lobby"));

        alice.send("still here");
        bob.expectLine("alice: still here");
        bob.send("me too");
        alice.expect(e -> "me too".equals(e.get("text")), "bob's message");
    }

    @Test
    void aFullServerRefusesAWebSocketWithOneJsonErrorThenCloses() throws Exception {
        server.restart(ServerConfig.loopback().withMaxClients(1)
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(), 64 * 1024, 3)));
        ws = URI.create("ws://127.0.0.1:" + server.chatServer().webPort() + "/ws");
        TestClient bob = server.join("bob");
        WsClient refused = WsClient.connect(client, ws, null);
        assertThat(refused.expect("error")).containsEntry("code", "server_full");
        assertThat(refused.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StatusCode.TRY_AGAIN_LATER);
        assertThat(server.chatServer().connections()).isEqualTo(1);
        bob.send("still alone");
        bob.expectLine("bob: still alone");
    }

    @Test
    void roomsAreListedWithTheirMemberCounts() throws Exception {
        server.join("bob");
        WsClient alice = WsClient.join(client, ws, "alice");
        alice.send("/join dev");
        alice.expect("entered");
        server.join("carol");
        HttpResponse<String> rooms = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.chatServer().webPort() + "/api/rooms")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rooms.statusCode()).isEqualTo(200);
        assertThat(rooms.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(rooms.body()).isEqualTo("{\"rooms\":[{\"room\":\"#lobby\",\"members\":2},{\"room\":\"#dev\",\"members\":1}]}");
    }
}
