package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /api/images} and {@code /i/<hash>.<ext>} (docs/PROTOCOL.md, "Images") against a real server. */
@Timeout(60)
class ImageUploadTest {
    private static final int MAX_IMAGE = 64 * 1024;
    private static final int PER_MINUTE = 3;
    static final byte[] PNG = png(300);

    private TestServer server;
    private WebSocketClient client;
    private URI ws;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(ServerConfig.loopback()
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(), MAX_IMAGE, PER_MINUTE)));
        base = "http://127.0.0.1:" + server.chatServer().webPort();
        ws = URI.create(base.replace("http", "ws") + "/ws");
        client = new WebSocketClient();
        client.start();
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        server.close();
    }

    /** A PNG signature followed by {@code size} bytes of filler: enough for the magic-number check. */
    static byte[] png(int size) {
        byte[] bytes = new byte[size];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            bytes[i] = (byte) (i * 7);
        }
        return bytes;
    }

    private HttpResponse<String> upload(String token, String fileName, byte[] content) throws Exception {
        return upload(http, base, token, fileName, content);
    }

    /** {@code POST <base>/api/images} of {@code content} as the field {@code image}, with {@code token} if given. */
    static HttpResponse<String> upload(HttpClient http, String base, String token, String fileName, byte[] content)
            throws Exception {
        String boundary = "----chat-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/images"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                // As docs/PROTOCOL.md advises: the server answers 413 before the body is sent, instead of a
                // reset racing the answer when it closes a connection with an unread body.
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(WsClient ws) {
        return (String) ws.welcome.get("upload_token");
    }

    @Test
    void anUploadedImageReachesTheRoomAndIsServedByteIdentical() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        TestClient bob = server.join("bob");
        HttpResponse<String> response = upload(token(alice), "cat.png", PNG);
        assertThat(response.statusCode()).isEqualTo(201);
        Map<String, Object> reply = Json.object(response.body());
        String url = (String) reply.get("url");
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/i/[0-9a-f]{64}\\.png");

        Map<String, Object> image = alice.expect("image");
        assertThat(image).containsEntry("nick", "alice").containsEntry("url", url).containsEntry("name", "cat.png")
                .containsEntry("size", (long) PNG.length).containsEntry("room", "#lobby");
        bob.expectLine("*** alice shared an image: " + url);

        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(PNG);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(served.headers().firstValue("Cache-Control")).hasValueSatisfying(c -> assertThat(c).contains("max-age"));

        assertThat(Json.object(upload(token(alice), "again.png", PNG).body())).containsEntry("url", url);
    }

    @Test
    void aJsonTcpClientGetsAnUploadTokenToo() throws Exception {
        TestClient bot = server.connect();
        bot.expectLine("NICK");
        bot.send("/json");
        bot.expectLine("{\"type\":\"nick_prompt\"}");
        bot.send("bot");
        Map<String, Object> welcome = Json.object(bot.expectLine(l -> l.contains("\"welcome\"")));
        assertThat(upload((String) welcome.get("upload_token"), "x.png", PNG).statusCode()).isEqualTo(201);
    }

    @Test
    void htmlOrSvgRenamedPngIsRefusedAsNotAnImage() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        for (String hostile : List.of("<html><script>alert(1)</script></html>",
                "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")) {
            HttpResponse<String> response = upload(token(alice), "evil.png", hostile.getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode()).isEqualTo(415);
            assertThat(Json.object(response.body())).containsEntry("error", "not_an_image");
        }
    }

    @Test
    void tooBigIs413() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        HttpResponse<String> response = upload(token(alice), "big.png", png(MAX_IMAGE + 1));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.object(response.body())).containsEntry("error", "too_large");
        byte[] huge = Arrays.copyOf(png(16), 4 * MAX_IMAGE);
        assertThat(upload(token(alice), "huge.png", huge).statusCode()).isEqualTo(413);
    }

    @Test
    void withoutATokenIs401AndAfterTheSessionEndedIs403() throws Exception {
        assertThat(upload(null, "a.png", PNG).statusCode()).isEqualTo(401);
        assertThat(upload("c1.forged", "a.png", PNG).statusCode()).isEqualTo(401);
        WsClient alice = WsClient.join(client, ws, "alice");
        String token = token(alice);
        alice.send("/quit");
        alice.closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        // The session left its room before its socket closed, so the token is already refused.
        HttpResponse<String> response = upload(token, "a.png", PNG);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(Json.object(response.body())).containsEntry("error", "session_ended");
    }

    @Test
    void tooManyUploadsInAMinuteIs429() throws Exception {
        WsClient alice = WsClient.join(client, ws, "alice");
        for (int i = 0; i < PER_MINUTE; i++) {
            assertThat(upload(token(alice), "a.png", PNG).statusCode()).isEqualTo(201);
        }
        HttpResponse<String> response = upload(token(alice), "a.png", PNG);
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(Json.object(response.body())).containsEntry("error", "too_many_uploads");
    }
}
