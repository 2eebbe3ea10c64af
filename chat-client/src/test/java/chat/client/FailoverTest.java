package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client given two real servers ({@code --servers}): when the one it is on goes away it moves to the other,
 * under the same nickname, into the same room, and resumes there. The two servers are not clustered, so the
 * tests give them the same room history by hand where ids matter, as a cluster would.
 */
@Timeout(60)
class FailoverTest {
    /** Long enough that a reconnect which waited for the back-off instead of failing over would be seen. */
    private static final Duration SLOW_RETRY = Duration.ofSeconds(20);

    private ChatServer first;
    private ChatServer second;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        first = ChatServer.start(ServerConfig.loopback());
        second = ChatServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        first.close();
        second.close();
    }

    private ScriptedConsole client(String nick, int... ports) {
        List<ServerAddress> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add(new ServerAddress("127.0.0.1", port));
        }
        ScriptedConsole console = new ScriptedConsole(true);
        closing.add(console::endInput);
        ClientConfig config = new ClientConfig(servers, nick, true, SLOW_RETRY, SLOW_RETRY, Duration.ofSeconds(5),
                false, null);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChatClient client = new ChatClient(config, console, new Renderer(false, false, Clock.systemDefaultZone()),
                exit::complete);
        Thread.ofVirtual().start(() -> {
            try {
                exit.complete(client.run());
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        return console;
    }

    /** A text-mode person in {@code room} on the server at {@code port}. */
    private RawClient person(int port, String nick, String room) {
        RawClient raw = RawClient.connect(port);
        closing.add(raw);
        raw.expectLine("NICK");
        raw.send(nick);
        raw.expectLine(l -> l.startsWith("*** Welcome, " + nick + "!"));
        raw.send("/join " + room);
        raw.expectLine(l -> l.startsWith("*** You are in " + room));
        return raw;
    }

    @Test
    void whenItsServerClosesTheClientMovesToTheNextAndResumesItsRoomUnderItsNick() throws IOException {
        RawClient carolOnFirst = person(first.port(), "carol", "#dev");
        RawClient carolOnSecond = person(second.port(), "carol", "#dev");
        ScriptedConsole alice = client("alice", first.port(), second.port());
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        alice.type("/join #dev");
        carolOnFirst.expectLine("*** alice joined #dev");

        // The same message on both servers gets the same id on both, as in a cluster.
        carolOnFirst.send("one");
        carolOnSecond.send("one");
        alice.expectShown("carol: one");
        carolOnSecond.expectLine("carol: one");
        carolOnSecond.send("two"); // said where alice is going while she is still on the first server

        first.close();
        alice.expectShown("*** Connection to 127.0.0.1:" + first.port() + " lost, trying 127.0.0.1:"
                + second.port() + "...");
        alice.expectShown("*** Reconnected as alice.");
        carolOnSecond.expectLine("*** alice joined #dev");
        alice.expectShown("*** 1 message while you were away in #dev:");
        alice.expectShown(l -> l.endsWith("carol: two"));
        alice.expectShown("*** End of history.");

        carolOnSecond.send("three");
        alice.expectShown("carol: three");
        assertThat(alice.seen()).filteredOn(l -> l.endsWith("carol: two")).hasSize(1);
        alice.type("back on the second");
        carolOnSecond.expectLine("alice: back on the second");
    }

    @Test
    void aServerThatIsDownAtStartIsSkipped() throws IOException {
        int down;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            down = probe.getLocalPort();
        }
        RawClient bob = person(second.port(), "bob", "#hall");
        bob.send("/join #lobby");
        bob.expectLine(l -> l.startsWith("*** You are in #lobby"));
        ScriptedConsole alice = client("alice", down, second.port());
        alice.expectShown(l -> l.startsWith("*** Cannot connect to 127.0.0.1:" + down + ": connection refused")
                && l.endsWith("; trying 127.0.0.1:" + second.port() + "..."));
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        bob.expectLine("*** alice joined #lobby");
    }

    @Test
    void whenEveryServerIsGoneTheClientBacksOffAndSaysWhen() throws IOException {
        ScriptedConsole alice = client("alice", first.port(), second.port());
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        second.close();
        first.close();
        alice.expectShown(l -> l.startsWith("*** Cannot connect to 127.0.0.1:" + second.port())
                && l.endsWith("; next try in 20 s."));
    }
}
