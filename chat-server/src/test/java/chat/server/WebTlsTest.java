package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.PemTrust;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The web port over TLS ({@code --web-tls}): HTTPS and WSS with the keystore of the TLS chat port. */
@Timeout(60)
class WebTlsTest {
    @TempDir
    Path dir;
    private TestServer server;
    private WebSocketClient client;
    private SSLContext trust;

    @BeforeEach
    void start() throws Exception {
        TestKeystore.make(dir);
        server = TestServer.start(ServerConfig.loopback().withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(),
                64 * 1024, 3, dir.resolve("server.p12"), dir.resolve("password"))));
        trust = PemTrust.context(dir.resolve("server.pem"));
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(trust);
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.setSslContextFactory(tls);
        client = new WebSocketClient(http);
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    @Test
    void aBrowserOnHttpsChatsOverWssAndTheApiAnswersOverHttps() throws Exception {
        int port = server.chatServer().webPort();
        WsClient alice = WsClient.join(client, URI.create("wss://localhost:" + port + "/ws"), "alice");
        TestClient bob = server.join("bob");
        alice.send("hello over wss");
        bob.expectLine("alice: hello over wss");

        WsClient.connect(client, URI.create("wss://localhost:" + port + "/ws"), "https://localhost:" + port)
                .expect("nick_prompt");
        HttpResponse<String> rooms = HttpClient.newBuilder().sslContext(trust).build().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/rooms")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rooms.statusCode()).isEqualTo(200);
        assertThat(rooms.body()).contains("\"#lobby\"");
    }
}
