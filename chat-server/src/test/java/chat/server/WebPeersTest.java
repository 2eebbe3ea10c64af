package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --web-peers} (docs/PROTOCOL.md, "Failover"): {@code GET /api/servers} lists them for the page, their pages
 * may open the WebSocket, list rooms and upload here (CORS), and our page's policy lets it reach them.
 */
@Timeout(60)
class WebPeersTest {
    private static final String PEER = "http://b.example:8080";
    private static final String TLS_PEER = "https://c.example";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TestServer server;
    private WebSocketClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @BeforeEach
    void start() throws Exception {
        // Written as an operator might: any case, a default port, a trailing slash; kept as origins.
        ServerConfig.Web web = ServerConfig.Web.on("127.0.0.1", 0)
                .withPeers(List.of("HTTP://B.example:8080/", "https://c.example:443", PEER));
        server = TestServer.start(ServerConfig.loopback().withWeb(web));
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.chatServer().webPort();
    }

    private HttpResponse<String> request(String method, String path, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiServersListsThePeersAsOrigins() throws Exception {
        HttpResponse<String> res = request("GET", "/api/servers", null);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("{\"peers\":[\"" + PEER + "\",\"" + TLS_PEER + "\"]}");
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void withoutPeersTheListIsEmpty() throws Exception {
        server.restart(ServerConfig.loopback().withWeb(ServerConfig.Web.on("127.0.0.1", 0)));
        assertThat(request("GET", "/api/servers", null).body()).isEqualTo("{\"peers\":[]}");
    }

    @Test
    void aPeersPageMayOpenTheWebSocketOthersStillMayNot() throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + server.chatServer().webPort() + "/ws");
        WsClient.connect(client, ws, PEER).expect("nick_prompt");
        WsClient.connect(client, ws, TLS_PEER).expect("nick_prompt");
        assertThatThrownBy(() -> WsClient.connect(client, ws, "http://evil.example"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> WsClient.connect(client, ws, "http://b.example:8081"))
                .cause().isInstanceOf(UpgradeException.class);
    }

    @Test
    void thePagesPolicyLetsItReachThePeersSocketsApiAndImages() throws Exception {
        String policy = request("GET", "/", null).headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("connect-src 'self' " + PEER + " ws://b.example:8080 " + TLS_PEER
                + " wss://c.example;", "img-src 'self' blob: " + PEER + " " + TLS_PEER + ";");
    }

    @Test
    void aPeersPageMayUploadHereAndListRoomsOthersGetNoCorsAnswer() throws Exception {
        HttpResponse<String> preflight = request("OPTIONS", "/api/images", PEER);
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PEER);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Authorization");

        // The upload itself answers the peer (here: no token, so 401, readable by that page).
        HttpResponse<String> upload = request("POST", "/api/images", PEER);
        assertThat(upload.statusCode()).isEqualTo(401);
        assertThat(upload.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PEER);
        assertThat(request("GET", "/api/rooms", TLS_PEER).headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue(TLS_PEER);

        HttpResponse<String> stranger = request("OPTIONS", "/api/images", "http://evil.example");
        assertThat(stranger.statusCode()).isEqualTo(405);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(request("GET", "/api/rooms", "http://evil.example").headers()
                .firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"b.example:8080", "ftp://b.example", "http://b.example/chat", "http://b.example?x=1",
            "http://user@b.example", "http://"})
    void aPeerThatIsNotABaseUrlIsRefused(String peer) {
        assertThatThrownBy(() -> ServerConfig.Web.on("127.0.0.1", 0).withPeers(List.of(peer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--web-peers");
    }
}
