package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images pulled through from peers (docs/PROTOCOL.md, "Images"): two real nodes that list each other with
 * {@code --web-peers} (no broker: only their web ports matter here), and fake peers for the ones that misbehave.
 */
@Timeout(60)
class ImagePullThroughTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Less than a node waits for a peer (5 s): nodes asking each other in a loop would only answer after that. */
    private static final Duration PROMPTLY = Duration.ofSeconds(4);
    private static final byte[] PNG = ImageUploadTest.png(300);
    private static final String FILE = sha256(PNG) + ".png";
    private static final String PEER_HEADER = "X-Chat-Peer-Fetch";

    @TempDir
    Path dir;

    private TestServer a;
    private TestServer b;
    private HttpServer fake;
    private final BlockingQueue<String> fakeRequests = new LinkedBlockingQueue<>();
    private WebSocketClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    @BeforeEach
    void startClient() throws Exception {
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        for (TestServer s : new TestServer[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
        if (fake != null) {
            fake.stop(0);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerConfig node(Path data, int webPort, List<String> peers) {
        return ServerConfig.loopback().withStore(ServerConfig.Store.inMemory().withDataDir(data))
                .withWeb(ServerConfig.Web.on("127.0.0.1", webPort).withPeers(peers));
    }

    private static String base(TestServer node) {
        return base(node.chatServer().webPort());
    }

    private static String base(int webPort) {
        return "http://127.0.0.1:" + webPort;
    }

    /**
     * A and B, each listing the other. Neither port is known before its node starts, so A starts alone, B
     * starts with A as its peer, and A restarts on the port it had with B as its peer (and the same data).
     */
    private void startPair() throws IOException {
        a = TestServer.start(node(dir.resolve("a"), 0, List.of()));
        int aPort = a.chatServer().webPort();
        b = TestServer.start(node(dir.resolve("b"), 0, List.of(base(aPort))));
        a.restart(node(dir.resolve("a"), aPort, List.of(base(b))));
    }

    /** A peer on a loopback port that records each request and answers every one with {@code body}. */
    private String fakePeer(int status, String type, byte[] body) throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        fake.createContext("/", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                fakeRequests.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst(PEER_HEADER));
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(status, body.length);
                out.write(body);
            }
        });
        fake.start();
        return "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    private HttpResponse<byte[]> request(String method, String url, String... headers) throws Exception {
        return request(TIMEOUT, method, url, headers);
    }

    private HttpResponse<byte[]> request(Duration timeout, String method, String url, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String share(TestServer node, String nick, byte[] image) throws Exception {
        URI ws = URI.create(base(node).replace("http", "ws") + "/ws");
        WsClient user = WsClient.join(client, ws, nick);
        HttpResponse<String> response = ImageUploadTest.upload(http, base(node),
                (String) user.welcome.get("upload_token"), "cat.png", image);
        assertThat(response.statusCode()).isEqualTo(201);
        return URI.create((String) Json.object(response.body()).get("url")).getPath();
    }

    @Test
    void anImageSharedOnOneNodeIsServedByAnotherWhichKeepsItWhenTheFirstIsGone() throws Exception {
        startPair();
        String path = share(a, "alice", PNG);
        assertThat(path).isEqualTo("/i/" + FILE);
        assertThat(dir.resolve("b/images/" + FILE)).doesNotExist();

        HttpResponse<byte[]> served = request("GET", base(b) + path);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; sandbox");
        assertThat(dir.resolve("b/images/" + FILE)).hasBinaryContent(PNG);

        byte[] second = ImageUploadTest.png(400);
        String secondPath = share(a, "bob", second);
        HttpResponse<byte[]> head = request("HEAD", base(b) + secondPath);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(dir.resolve("b" + secondPath.replace("/i/", "/images/"))).hasBinaryContent(second);

        a.close();
        a = null;
        assertThat(request("GET", base(b) + path).body()).isEqualTo(PNG);
        assertThat(request("GET", base(b) + secondPath).body()).isEqualTo(second);
    }

    @Test
    void anImageNoNodeHasIs404OnEachWithoutTheNodesAskingEachOtherInALoop() throws Exception {
        startPair();
        String missing = "/i/" + sha256(new byte[] {1, 2, 3}) + ".png";
        for (TestServer node : List.of(a, b)) {
            HttpResponse<byte[]> response = request(PROMPTLY, "GET", base(node) + missing);
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(Json.object(new String(response.body()))).containsEntry("error", "not_found");
            assertThat(request(PROMPTLY, "HEAD", base(node) + missing).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aPeerThatSendsOtherBytesThanTheNameSaysIsRefused() throws Exception {
        String peer = fakePeer(200, "image/png", ImageUploadTest.png(301));
        a = TestServer.start(node(dir.resolve("a"), 0, List.of(peer)));

        assertThat(request("GET", base(a) + "/i/" + FILE).statusCode()).isEqualTo(404);

        assertThat(fakeRequests).containsExactly("/i/" + FILE + " 1");
        assertThat(dir.resolve("a/images/" + FILE)).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x.png", "0123.png", "%s.svg", "%s.PNG", "%s.png.html", "%s", "%s.png%%3F",
            "..%%2F%s.png", "UPPER.png"})
    void aNameThatIsNotAnImagesNeverMakesTheNodeAskAPeer(String name) throws Exception {
        String peer = fakePeer(200, "image/png", PNG);
        a = TestServer.start(node(dir.resolve("a"), 0, List.of(peer)));
        String file = name.replace("UPPER", sha256(PNG).toUpperCase(java.util.Locale.ROOT)).formatted(sha256(PNG));

        assertThat(request("GET", base(a) + "/i/" + file).statusCode()).isIn(400, 404);

        assertThat(fakeRequests).isEmpty();
        // The same node does ask for a real image's name: the fake was reachable all along.
        assertThat(request("GET", base(a) + "/i/" + FILE).body()).isEqualTo(PNG);
        assertThat(fakeRequests).containsExactly("/i/" + FILE + " 1");
    }

    @Test
    void aPeersOwnFetchIsAnsweredFromDiskOnly() throws Exception {
        String peer = fakePeer(200, "image/png", PNG);
        a = TestServer.start(node(dir.resolve("a"), 0, List.of(peer)));

        assertThat(request("GET", base(a) + "/i/" + FILE, PEER_HEADER, "1").statusCode()).isEqualTo(404);

        assertThat(fakeRequests).isEmpty();
    }
}
