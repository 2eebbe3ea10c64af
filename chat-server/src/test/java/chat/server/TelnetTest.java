package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's telnet (inetutils), typed into through tmux: what a person using it sees. The byte-level rules
 * are in chat.common.LineReaderTelnetTest.
 */
@Timeout(60)
class TelnetTest {

    @BeforeAll
    static void tools() {
        Tmux.require("telnet", "tmux");
    }

    private static Tmux telnet(TestServer server) throws Exception {
        Tmux tmux = Tmux.start("telnet", "127.0.0.1", String.valueOf(server.port()));
        tmux.expectLine("NICK");
        return tmux;
    }

    @Test
    void utf8ThatTelnetTurnsIntoCommandsArrivesWholeAndTheScreenKeepsUpdating() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.loopback());
             Tmux tmux = telnet(server)) {
            TestClient bob = server.join("bob");
            tmux.type("alice");
            tmux.press("Enter");
            tmux.expectLine(line -> line.startsWith("*** Welcome, alice!"), "the welcome");
            bob.expectLine("*** alice joined #lobby");

            // ✓ М “ 😜 end in 0x9C, ă in 0x83: telnet sends them as IAC BRK / IAC IP plus DO TIMING-MARK.
            tmux.type("ok ✓ М ă “ 😜");
            tmux.press("Enter");
            bob.expectLine("alice: ok ✓ М ă “ 😜");
            tmux.expectLine("alice: ok ✓ М ă “ 😜");

            bob.send("still there?");
            tmux.expectLine("bob: still there?"); // telnet shows output again: its timing mark was answered
            tmux.type("Нет ✓");                    // Н ends in 0x9D, telnet's escape once stripped: binary now
            tmux.press("Enter");
            bob.expectLine("alice: Нет ✓");
            assertThat(tmux.screen()).noneMatch(line -> line.startsWith("telnet>"));
        }
    }

    @Test
    void ctrlCInTelnetIsACleanQuit() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.loopback());
             Tmux tmux = telnet(server)) {
            TestClient bob = server.join("bob");
            tmux.type("alice");
            tmux.press("Enter");
            bob.expectLine("*** alice joined #lobby");
            tmux.type("half a line");
            tmux.press("C-c");
            tmux.expectLine(line -> line.endsWith("*** Goodbye."), "the goodbye"); // after the echoed ^C
            tmux.expectLine("Connection closed by foreign host.");
            bob.expectLine("*** alice left #lobby (quit)");
            bob.assertNoLine(java.time.Duration.ofMillis(300)); // the half line was not sent
        }
    }

    @Test
    void ctrlCAtTheNickPromptLeavesAtOnce() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.loopback());
             Tmux tmux = telnet(server)) {
            tmux.press("C-c");
            tmux.expectLine(line -> line.endsWith("*** Goodbye."), "the goodbye"); // after the echoed ^C
            tmux.expectLine("Connection closed by foreign host.");
        }
    }
}
