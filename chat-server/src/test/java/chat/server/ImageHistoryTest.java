package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared image is a room event like a message (docs/PROTOCOL.md, "History"): numbered, kept, replayed on
 * joining, by {@code /history} and by {@code /resume}, in both encodings, also after a restart of a server with
 * a data directory.
 */
@Timeout(60)
class ImageHistoryTest {
    private static final int MAX_IMAGE = 64 * 1024;
    private static final int PER_MINUTE = 10;
    private static final ServerConfig.Web WEB = new ServerConfig.Web("127.0.0.1", 0, List.of(), MAX_IMAGE, PER_MINUTE);

    @TempDir
    Path dir;
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ServerConfig durable() {
        return ServerConfig.loopback().withWeb(WEB)
                .withStore(ServerConfig.Store.inMemory().withDataDir(dir.resolve("data")));
    }

    private String base() {
        return "http://127.0.0.1:" + server.chatServer().webPort();
    }

    private static Map<String, Object> expect(TestClient c, String type) {
        return Json.object(c.expectLine(l -> l.contains("\"type\":\"" + type + "\"")));
    }

    /** {@code bot} (JSON mode) shares the test PNG as {@code cat.png}; returns the live image event. */
    private Map<String, Object> share(TestClient bot, Map<String, Object> welcome) throws Exception {
        HttpResponse<String> response = ImageUploadTest.upload(http, base(), (String) welcome.get("upload_token"),
                "cat.png", ImageUploadTest.PNG);
        assertThat(response.statusCode()).isEqualTo(201);
        return expect(bot, "image");
    }

    /** The events of the replay that follows {@code history}, each checked to be marked as a replay. */
    private static List<Map<String, Object>> replayed(TestClient c, Map<String, Object> history) {
        List<Map<String, Object>> events = new java.util.ArrayList<>();
        for (long i = 0; i < (Long) history.get("count"); i++) {
            Map<String, Object> e = Json.object(c.nextLine());
            assertThat(e).containsEntry("replay", true);
            events.add(e);
        }
        assertThat(Json.object(c.nextLine())).containsEntry("type", "history_end");
        return events;
    }

    @Test
    void anImageIsReplayedAfterARestartOnJoiningByHistoryAndByResumeInBothEncodings() throws Exception {
        server = TestServer.start(durable());
        TestClient alice = server.connect();
        alice.expectLine("NICK");
        alice.send("/json").expectLine("{\"type\":\"nick_prompt\"}");
        alice.send("alice");
        Map<String, Object> welcome = expect(alice, "welcome");
        alice.send("before the image");
        long before = (Long) expect(alice, "message").get("id");
        Map<String, Object> live = share(alice, welcome);
        assertThat(live).containsEntry("id", before + 1);
        alice.send("after the image");
        assertThat(expect(alice, "message")).containsEntry("id", before + 2);
        String url = (String) live.get("url");
        String path = URI.create(url).getPath();

        server.restart(durable());

        TestClient carol = server.joinJson("carol");
        List<Map<String, Object>> onJoin = replayed(carol, expect(carol, "history"));
        assertThat(onJoin).extracting(e -> e.get("type")).containsExactly("message", "image", "message");
        Map<String, Object> image = onJoin.get(1);
        assertThat(image).containsEntry("id", before + 1).containsEntry("room", "#lobby").containsEntry("nick", "alice")
                .containsEntry("url", url).containsEntry("name", "cat.png")
                .containsEntry("size", (long) ImageUploadTest.PNG.length).containsEntry("ts", live.get("ts"));
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(base() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.body()).as("the file outlives the restart too").isEqualTo(ImageUploadTest.PNG);

        carol.send("/history 2");
        assertThat(replayed(carol, expect(carol, "history"))).extracting(e -> e.get("type"))
                .containsExactly("image", "message");

        TestClient bob = server.joinJson("bob");
        expect(bob, "history_end");
        bob.send("/resume #lobby " + before);
        Map<String, Object> resumed = expect(bob, "history");
        assertThat(resumed).containsEntry("since", before).containsEntry("missed", 2L);
        assertThat(replayed(bob, resumed)).extracting(e -> e.get("id")).containsExactly(before + 1, before + 2);

        TestClient dave = server.join("dave");
        dave.expectLine("*** History of #lobby, last 3 messages:");
        dave.expectLine(l -> l.endsWith("] alice: before the image"));
        dave.expectLine(l -> l.matches("\\[\\d\\d:\\d\\d] \\*\\*\\* alice shared an image: \\Q" + url + "\\E"));
        dave.expectLine(l -> l.endsWith("] alice: after the image"));
        dave.send("/search cat");
        dave.expectLine("*** 1 message in #lobby match \"cat\":");
        dave.expectLine(l -> l.endsWith("] *** alice shared an image: " + url));
    }

    @Test
    void withoutADataDirectoryAnImageIsInTheRoomsMemoryLikeAMessage() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withWeb(WEB));
        TestClient alice = server.connect();
        alice.expectLine("NICK");
        alice.send("/json").expectLine("{\"type\":\"nick_prompt\"}");
        alice.send("alice");
        Map<String, Object> live = share(alice, expect(alice, "welcome"));
        TestClient bob = server.join("bob");
        bob.expectLine("*** History of #lobby, last 1 message:");
        bob.expectLine(l -> l.endsWith("] *** alice shared an image: " + live.get("url")));
        bob.send("/search cat");
        bob.expectLine("*** 1 message in #lobby match \"cat\":");
    }
}
