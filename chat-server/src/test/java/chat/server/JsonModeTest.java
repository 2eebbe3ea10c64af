package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JSON mode (docs/PROTOCOL.md, "JSON mode") against a real server, side by side with text clients. */
@Timeout(60)
class JsonModeTest {
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(ServerConfig.loopback()
                .withOperPasswordFile(Files.writeString(dir.resolve("oper"), "pw\n")));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** The next server line, which must be one JSON object. */
    private static Map<String, Object> next(TestClient client) {
        return Json.object(client.nextLine());
    }

    /** Skips lines until a JSON object matching {@code wanted}; every line on the way must be JSON. */
    private static Map<String, Object> expect(TestClient client, Predicate<Map<String, Object>> wanted) {
        while (true) {
            Map<String, Object> event = next(client);
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    private static Predicate<Map<String, Object>> type(String type) {
        return e -> type.equals(e.get("type"));
    }

    private TestClient jsonJoin(String nick) throws IOException {
        TestClient client = server.connect();
        client.expectLine("NICK");
        client.send("/json");
        assertThat(next(client)).isEqualTo(Map.of("type", "nick_prompt"));
        client.send(nick);
        Map<String, Object> welcome = next(client);
        assertThat(welcome).containsEntry("type", "welcome").containsEntry("nick", nick).containsEntry("room", "#lobby");
        return client;
    }

    @Test
    void afterSlashJsonEveryLineIsAJsonEventAndTheWelcomeListsTheCommands() throws IOException {
        TestClient bot = server.connect();
        bot.expectLine("NICK");
        bot.send("/JSON");
        assertThat(next(bot)).isEqualTo(Map.of("type", "nick_prompt"));
        bot.send("bad nick!");
        assertThat(next(bot)).containsEntry("type", "error").containsEntry("code", "nick_invalid");
        assertThat(next(bot)).containsEntry("type", "nick_prompt");
        bot.send("bot");
        Map<String, Object> welcome = next(bot);
        assertThat(welcome).containsEntry("type", "welcome").containsEntry("others", 0L);
        assertThat(welcome.get("commands")).isEqualTo(chat.server.protocol.CommandTable.names(true));
    }

    @Test
    void jsonAndTextClientsSeeTheSameMessagesInTheSameOrder() throws IOException {
        TestClient text = server.join("alice");
        TestClient json = jsonJoin("bot");
        text.expectLine("*** bot joined #lobby");
        List<String> said = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            said.add("line " + i);
            (i % 2 == 0 ? text : json).send("line " + i);
        }
        List<String> textSaw = new ArrayList<>();
        List<String> jsonSaw = new ArrayList<>();
        long lastId = 0;
        for (int i = 0; i < 50; i++) {
            textSaw.add(text.expectLine(l -> l.contains(": line ")).replaceFirst("^[^:]+: ", ""));
            Map<String, Object> m = expect(json, type("message"));
            assertThat((Long) m.get("id")).isGreaterThan(lastId);
            lastId = (Long) m.get("id");
            assertThat(Instant.parse((String) m.get("ts"))).isNotNull();
            jsonSaw.add((String) m.get("text"));
        }
        assertThat(jsonSaw).isEqualTo(textSaw).containsExactlyInAnyOrderElementsOf(said);
    }

    @Test
    void hostileTextIsValidJsonAndRoundTripsAsSanitized() throws IOException {
        TestClient json = jsonJoin("bot");
        String nasty = "\"quoted\" back\\slash {\"type\":\"error\"} <img src=x onerror=alert(1)> 👩‍💻 😜 \u00e9";
        json.sendRaw((nasty + "\u001b[31m\u0007\n").getBytes(StandardCharsets.UTF_8));
        Map<String, Object> m = expect(json, type("message"));
        assertThat(m).containsEntry("text", nasty + "[31m").containsEntry("nick", "bot");
    }

    @Test
    void eachKindOfEventHasItsOwnType() throws IOException {
        TestClient json = jsonJoin("bot");
        TestClient alice = server.join("alice");
        assertThat(expect(json, type("join"))).containsEntry("nick", "alice").containsEntry("room", "#lobby");
        alice.send("/me waves");
        assertThat(expect(json, type("action"))).containsEntry("text", "waves");
        alice.send("/msg bot psst");
        assertThat(expect(json, type("dm"))).containsEntry("from", "alice").containsEntry("to", "bot");
        json.send("/msg alice back");
        assertThat(expect(json, type("dm"))).containsEntry("from", "bot").containsEntry("to", "alice");
        alice.send("/topic release day");
        assertThat(expect(json, type("topic"))).containsEntry("topic", "release day").containsEntry("nick", "alice");
        alice.send("/nick alicia");
        assertThat(expect(json, type("rename"))).containsEntry("old", "alice").containsEntry("new", "alicia");
        json.send("/who");
        assertThat(expect(json, type("who"))).containsEntry("nicks", List.of("bot", "alicia"));
        json.send("/rooms");
        assertThat(expect(json, type("rooms"))).containsEntry("current", "#lobby");
        json.send("/history 5");
        Map<String, Object> history = expect(json, type("history"));
        assertThat(history).containsEntry("count", 1L);
        assertThat(next(json)).containsEntry("type", "action").containsEntry("replay", true);
        assertThat(next(json)).containsEntry("type", "history_end");
        alice.send("/quit bye");
        assertThat(expect(json, type("leave"))).containsEntry("nick", "alicia").containsEntry("reason", "quit: bye");
    }

    @Test
    void badInputGetsErrorEvents() throws IOException {
        TestClient json = jsonJoin("bot");
        json.send("/frob");
        assertThat(expect(json, type("error"))).containsEntry("code", "unknown_command");
        json.send("/join");
        assertThat(expect(json, type("error"))).containsEntry("code", "usage");
        json.send("/join bad#room");
        assertThat(expect(json, type("error"))).containsEntry("code", "room_invalid");
        json.send("/kick alice");
        assertThat(expect(json, type("error"))).containsEntry("code", "not_operator");
        json.sendRaw(("x".repeat(5000) + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(expect(json, type("error"))).containsEntry("code", "line_too_long");
        json.send("/quit");
        assertThat(expect(json, type("notice"))).containsEntry("code", "goodbye");
        json.expectClosed();
    }

    @Test
    void aJoinReplaysHistoryAsMarkedMessagesWithTheirIds() throws IOException {
        TestClient alice = server.join("alice");
        alice.send("/join dev");
        alice.expectLine(l -> l.startsWith("*** You are in #dev"));
        alice.send("one");
        alice.send("two");
        alice.expectLine("alice: two");
        TestClient json = jsonJoin("bot");
        json.send("/join #dev");
        Map<String, Object> entered = next(json);
        assertThat(entered).containsEntry("type", "entered").containsEntry("room", "#dev").containsEntry("others", 1L);
        assertThat(next(json)).containsEntry("type", "history").containsEntry("count", 2L);
        assertThat(next(json)).containsEntry("text", "one").containsEntry("id", 1L).containsEntry("replay", true);
        assertThat(next(json)).containsEntry("text", "two").containsEntry("id", 2L);
        assertThat(next(json)).containsEntry("type", "history_end");
        alice.send("three");
        assertThat(expect(json, type("message"))).containsEntry("id", 3L).doesNotContainKey("replay");
    }
}
