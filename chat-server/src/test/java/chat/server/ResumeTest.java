package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /resume (docs/PROTOCOL.md, "Resume"): back into the room with exactly what was missed, once. */
@Timeout(60)
class ResumeTest {
    @TempDir
    Path dir;
    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ServerConfig durable() {
        return ServerConfig.loopback().withStore(ServerConfig.Store.inMemory().withDataDir(dir.resolve("data")));
    }

    private static Map<String, Object> expect(TestClient c, String type) {
        return Json.object(c.expectLine(l -> l.contains("\"type\":\"" + type + "\"")));
    }

    /** The replay after a {@code history} event: its messages' texts; checks they are marked and framed. */
    private static List<String> replayed(TestClient c, Map<String, Object> history) {
        List<String> texts = new ArrayList<>();
        for (long i = 0; i < (Long) history.get("count"); i++) {
            Map<String, Object> m = Json.object(c.nextLine());
            assertThat(m).containsEntry("replay", true);
            texts.add((String) m.get("text"));
        }
        assertThat(Json.object(c.nextLine())).containsEntry("type", "history_end");
        return texts;
    }

    /** Says {@code lines} in {@code room} as {@code nick}; returns the id of the last one. */
    private long say(TestClient c, String... lines) throws IOException {
        long id = 0;
        for (String line : lines) {
            c.send(line);
            id = (Long) expect(c, "message").get("id");
        }
        return id;
    }

    @Test
    void aClientBackAfterARestartGetsExactlyWhatItMissedOnceThenLiveTraffic() throws IOException {
        server = TestServer.start(durable());
        TestClient alice = server.joinJson("alice");
        alice.send("/join #dev");
        expect(alice, "entered");
        long seen = say(alice, "before I go");
        alice.close();
        TestClient bob = server.joinJson("bob");
        bob.send("/join #dev");
        expect(bob, "history_end");
        say(bob, "one", "two", "three");
        server.restart(durable());
        alice = server.joinJson("alice");
        alice.send("/resume #dev " + seen);
        Map<String, Object> history = expect(alice, "history");
        assertThat(history).containsEntry("room", "#dev").containsEntry("since", seen).containsEntry("missed", 3L);
        assertThat(replayed(alice, history)).containsExactly("one", "two", "three");
        bob = server.joinJson("bob");
        bob.send("/join #dev");
        expect(alice, "join");
        bob.send("live again");
        assertThat(expect(alice, "message")).containsEntry("text", "live again");
    }

    @Test
    void nothingMissedIsSaidSoAndATextUserCanResumeByHand() throws IOException {
        server = TestServer.start(ServerConfig.loopback());
        TestClient bob = server.join("bob");
        bob.send("hello");
        bob.expectLine("bob: hello");
        TestClient alice = server.join("alice");
        alice.send("/resume #lobby 1");
        alice.expectLine("*** You missed nothing in #lobby.");
        bob.send("again");
        alice.expectLine("bob: again");
        alice.send("/join #elsewhere");
        alice.expectLine(l -> l.startsWith("*** You are in #elsewhere"));
        bob.send("while you were out");
        bob.expectLine("bob: while you were out");
        alice.send("/resume #lobby 1");
        alice.expectLine("*** 2 messages while you were away in #lobby:");
        alice.expectLine(l -> l.endsWith("] bob: again"));
        alice.expectLine(l -> l.endsWith("] bob: while you were out"));
        alice.expectLine("*** End of history.");
    }

    @Test
    void moreThanAScreenfulMissedSaysHowManyAndShowsTheLastOnes() throws IOException {
        server = TestServer.start(durable());
        TestClient bob = server.joinJson("bob");
        long first = say(bob, "start");
        for (int i = 0; i < 520; i++) {
            bob.send("m" + i);
        }
        expect(bob, "message");
        bob.expectLine(l -> l.contains("\"text\":\"m519\""));
        TestClient alice = server.joinJson("alice");
        expect(alice, "history_end");
        alice.send("/resume #lobby " + first);
        Map<String, Object> history = expect(alice, "history");
        assertThat(history).containsEntry("missed", 520L).containsEntry("count", 500L);
        List<String> texts = replayed(alice, history);
        assertThat(texts.get(0)).isEqualTo("m20");
        assertThat(texts.get(499)).isEqualTo("m519");
    }

    @Test
    void searchFindsAWordSaidBeforeARestartAndHistoryPagesBackBeyondMemory() throws IOException {
        server = TestServer.start(durable().withHistory(5, 5));
        TestClient bob = server.joinJson("bob");
        long firstId = say(bob, "the deploy is friday");
        for (int i = 0; i < 10; i++) {
            say(bob, "filler " + i);
        }
        server.restart(durable().withHistory(5, 5));
        TestClient alice = server.join("alice");
        alice.send("/search deploy");
        alice.expectLine("*** 1 message in #lobby match \"deploy\":");
        alice.expectLine(l -> l.endsWith("] bob: the deploy is friday"));
        alice.expectLine("*** End of search.");
        alice.send("/history before " + (firstId + 3) + " 5");
        alice.expectLine("*** History of #lobby, last 3 messages:");
        alice.expectLine(l -> l.endsWith("] bob: the deploy is friday"));
    }
}
