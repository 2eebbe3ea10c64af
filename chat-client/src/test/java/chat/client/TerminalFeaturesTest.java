package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The prompt, mentions and the bell, /bell and /ignore: the client against a real in-process server. */
@Timeout(60)
class TerminalFeaturesTest {
    private ChatServer server;
    private final List<ScriptedConsole> consoles = new ArrayList<>();
    @TempDir
    Path home;

    @BeforeEach
    void start() throws Exception {
        server = ChatServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() throws Exception {
        consoles.forEach(ScriptedConsole::endInput);
        server.close();
    }

    private ScriptedConsole join(String nick, ClientPrefs prefs) {
        ScriptedConsole console = new ScriptedConsole(true);
        consoles.add(console);
        ClientConfig config = new ClientConfig("127.0.0.1", server.port(), nick, false, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(5), false, null);
        ChatClient client = new ChatClient(config, console, new Renderer(true, false, Clock.systemDefaultZone()),
                code -> { }, prefs);
        Thread.ofVirtual().start(() -> {
            try {
                client.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        console.expectShown(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return console;
    }

    private static AttributedString styledLine(ScriptedConsole console, String text) {
        return console.styled().stream().filter(l -> l.toString().equals(text)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void thePromptSaysWhichRoomYouAreInAndWhoYouAre() {
        ScriptedConsole alice = join("alice", ClientPrefs.inMemory());
        assertThat(alice.prompt()).isEqualTo("[#lobby] alice> ");
        alice.type("/join dev");
        alice.expectShown(l -> l.startsWith("*** You are in #dev"));
        assertThat(alice.prompt()).isEqualTo("[#dev] alice> ");
        alice.type("/nick alicia");
        alice.expectShown("*** alice is now known as alicia");
        assertThat(alice.prompt()).isEqualTo("[#dev] alicia> ");
    }

    @Test
    void aLineThatNamesYouIsHighlightedAndRingsTheBellAsSetAndSaved() throws Exception {
        Path conf = home.resolve(ClientPrefs.FILE_NAME);
        ScriptedConsole alice = join("alice", ClientPrefs.load(conf));
        ScriptedConsole bob = join("bob", ClientPrefs.inMemory());
        bob.type("hey Alice, look");
        alice.expectShown("bob: hey Alice, look");
        assertThat(alice.bells()).isEqualTo(1);
        AttributedString mention = styledLine(alice, "bob: hey Alice, look");
        assertThat(mention.styleAt(mention.length() - 1)).isEqualTo(Renderer.MENTION);
        bob.type("nothing for you");
        alice.expectShown("bob: nothing for you");
        assertThat(alice.bells()).isEqualTo(1);
        AttributedString plain = styledLine(alice, "bob: nothing for you");
        assertThat(plain.styleAt(plain.length() - 1)).isNotEqualTo(Renderer.MENTION);
        bob.type("/msg alice psst");
        alice.expectShown("[DM from bob] psst");
        assertThat(alice.bells()).isEqualTo(2);

        alice.type("/bell all");
        alice.expectShown("*** Bell: all.");
        assertThat(Files.readString(conf)).isEqualTo("bell=all\n");
        bob.type("anything");
        alice.expectShown("bob: anything");
        assertThat(alice.bells()).isEqualTo(3);
        alice.type("/bell off");
        alice.expectShown("*** Bell: off.");
        bob.type("alice?");
        alice.expectShown("bob: alice?");
        assertThat(alice.bells()).isEqualTo(3);
        alice.type("/bell loud");
        alice.expectShown(l -> l.startsWith("*** Usage: /bell off|mentions|all"));
    }

    @Test
    void ignoringSomeoneHidesTheirLinesUntilUnignored() {
        ScriptedConsole alice = join("alice", ClientPrefs.inMemory());
        ScriptedConsole bob = join("bob", ClientPrefs.inMemory());
        alice.type("/ignore BOB");
        alice.expectShown(l -> l.startsWith("*** Ignoring BOB: their messages are hidden."));
        bob.type("spam");
        bob.expectShown("bob: spam");
        bob.type("/msg alice more spam");
        bob.expectShown("[DM to alice] more spam");
        alice.type("sync");
        alice.expectShown("alice: sync");
        alice.type("/ignore");
        alice.expectShown("*** You are ignoring bob.");
        alice.type("/unignore bob");
        alice.expectShown("*** No longer ignoring bob.");
        bob.type("back");
        alice.expectShown("bob: back");
        assertThat(alice.seen()).noneMatch(l -> l.contains("spam"));
    }
}
