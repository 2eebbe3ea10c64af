package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire protocol of docs/PROTOCOL.md against a real server on a loopback port. */
@Timeout(60)
class ChatServerTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withMaxLineBytes(100));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private TestClient join(String nick) throws IOException {
        return server.join(nick);
    }

    private TestClient connect() throws IOException {
        return server.connect();
    }

    @Test
    void handshakeAsksForNickThenWelcomesWithWhoIsOnline() throws IOException {
        join("bob");
        TestClient alice = connect();
        assertThat(alice.nextLine()).isEqualTo("NICK");
        alice.send("alice");
        assertThat(alice.nextLine()).startsWith("*** Welcome, alice! You are in #lobby with 1 other.")
                .contains("/help");
        assertThat(alice.nextLine()).isEqualTo("*** Here: bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALICE", "alice", "Ａｌｉｃｅ"})
    void takenNickIsRefusedWhateverItsCaseOrWidth(String attempt) throws IOException {
        join("Alice");
        TestClient other = connect();
        other.expectLine("NICK");
        other.send(attempt);
        assertThat(other.nextLine()).isEqualTo("*** Nickname " + attempt + " is taken, choose another.");
        assertThat(other.nextLine()).isEqualTo("NICK");
        other.send("alice2");
        other.expectLine(l -> l.startsWith("*** Welcome, alice2!"));
    }

    @Test
    void lookAlikeNickIsRefusedLikeATakenOne() throws IOException {
        join("paypal");
        TestClient other = connect();
        other.expectLine("NICK");
        other.send("pаypal"); // with a Cyrillic а
        assertThat(other.nextLine()).isEqualTo("*** Nickname pаypal looks too much like paypal, choose another.");
        assertThat(other.nextLine()).isEqualTo("NICK");
    }

    @ParameterizedTest
    @CsvSource({"paypal, paypaI", "alice, aIice", "bill, biII", "Iris, lris", "Alice, AIice"})
    void lookAlikeWithCapitalIOrLowerCaseLIsRefused(String holder, String attempt) throws IOException {
        join(holder);
        TestClient other = connect();
        other.expectLine("NICK");
        other.send(attempt);
        assertThat(other.nextLine())
                .isEqualTo("*** Nickname " + attempt + " looks too much like " + holder + ", choose another.");
        assertThat(other.nextLine()).isEqualTo("NICK");
    }

    @Test
    void invisibleNickIsRefusedByCodePoint() throws IOException {
        TestClient c = connect();
        c.expectLine("NICK");
        c.send("\u3164");
        assertThat(c.nextLine()).startsWith("*** Invalid nickname: 'U+3164' is not allowed.");
        assertThat(c.nextLine()).isEqualTo("NICK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"two words", "bang!", "abcdefghijklmnopqrstuvwxy", "   ", "#room"})
    void invalidNickIsRefusedWithReasonAndAskedAgain(String attempt) throws IOException {
        TestClient c = connect();
        c.expectLine("NICK");
        c.send(attempt);
        assertThat(c.nextLine()).startsWith("*** Invalid nickname: ");
        assertThat(c.nextLine()).isEqualTo("NICK");
    }

    @Test
    void nicksInAnyScriptAreAccepted() throws IOException {
        join("Zoë");
        join("Владимир");
        join("名前");
        join("a_b-c.d");
    }

    @Test
    void messageIsBroadcastToEveryoneIncludingTheSender() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        alice.send("hello everyone");
        alice.expectLine("alice: hello everyone");
        bob.expectLine("alice: hello everyone");
    }

    @Test
    void clientCannotSpeakAsSomeoneElse() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("alice: I owe bob money");
        alice.expectLine("bob: alice: I owe bob money");
    }

    @Test
    void othersSeeJoinAndLeaveWithReason() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        alice.expectLine("*** bob joined #lobby");
        bob.send("/quit see you");
        alice.expectLine("*** bob left #lobby (quit: see you)");
        TestClient carol = join("carol");
        alice.expectLine("*** carol joined #lobby");
        carol.close();
        alice.expectLine(l -> l.startsWith("*** carol left #lobby ("));
    }

    @Test
    void joinerDoesNotSeeItsOwnJoinNotice() throws IOException {
        TestClient alice = join("alice");
        alice.assertNoLine(QUIET);
    }

    @Test
    void utf8RoundTripsUnchanged() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        String text = "héllo мир 你好 مرحبا 👩‍💻 🇫🇷";
        alice.send(text);
        bob.expectLine("alice: " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void everyLineEndingIsAccepted(String end) throws IOException {
        TestClient alice = join("alice");
        TestClient bob = connect();
        bob.expectLine("NICK");
        bob.sendRaw(("bob" + end + "one" + end + "two" + end).getBytes(StandardCharsets.UTF_8));
        alice.expectLine("bob: one");
        assertThat(alice.nextLine()).isEqualTo("bob: two");
    }

    @Test
    void serverLinesEndInCrLf() throws IOException {
        try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
            byte[] nick = socket.getInputStream().readNBytes(6);
            assertThat(new String(nick, StandardCharsets.US_ASCII)).isEqualTo("NICK\r\n");
        }
    }

    @Test
    void telnetNegotiationIsStrippedAndAnswered() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = connect();
        bob.expectLine("NICK");
        // IAC DO SUPPRESS-GO-AHEAD, IAC WILL NAWS, IAC SB NAWS 0 80 0 24 IAC SE, then the nick with CR NUL
        byte[] telnet = {(byte) 255, (byte) 253, 3, (byte) 255, (byte) 251, 31,
            (byte) 255, (byte) 250, 31, 0, 80, 0, 24, (byte) 255, (byte) 240, 'b', 'o', 'b', '\r', 0};
        bob.sendRaw(telnet);
        // The answers (DO BINARY, WONT SGA, DONT NAWS: see LineReaderTelnetTest) come before the welcome.
        bob.expectLine(l -> l.endsWith("*** Welcome, bob! You are in #lobby with 1 other. Type /help for commands."));
        bob.sendRaw(new byte[] {'h', 'x', 8, 'i', (byte) 255, (byte) 241, '\r', '\n'});
        alice.expectLine("bob: hi");
    }

    @Test
    void controlCharactersNeverReachOthers() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("\u001b[2J\u001b]0;pwned\u0007red\u009b\u202etxt.exe\u200b!");
        String line = alice.expectLine(l -> l.startsWith("bob: "));
        assertThat(line).isEqualTo("bob: [2J]0;pwnedredtxt.exe!")
                .doesNotContain("\u001b", "\u0007", "\u009b", "\u202e", "\u200b");
    }

    @Test
    void lineLongerThanLimitIsRefusedWithNoticeAndNotSent() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("x".repeat(150));
        bob.expectLine("*** Line too long (more than 100 bytes), not sent.");
        bob.send("short");
        assertThat(alice.expectLine(l -> l.startsWith("bob: "))).isEqualTo("bob: short");
    }

    @Test
    void emptyLinesAreIgnoredAndDoubleSlashSendsASlash() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("");
        bob.send("   ");
        bob.send("//shrug");
        assertThat(alice.expectLine(l -> l.startsWith("bob: "))).isEqualTo("bob: /shrug");
    }

    @Test
    void unknownCommandGetsANoticeAndIsNotBroadcast() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        alice.expectLine("*** bob joined #lobby");
        bob.send("/frobnicate now");
        bob.expectLine("*** Unknown command /frobnicate. Type /help for the list.");
        alice.assertNoLine(QUIET);
    }

    @Test
    void quitSaysGoodbyeAndCloses() throws IOException {
        TestClient alice = join("alice");
        alice.send("/quit");
        alice.expectLine("*** Goodbye.");
        alice.expectClosed();
    }

    @Test
    void quitDuringHandshakeCloses() throws IOException {
        TestClient c = connect();
        c.expectLine("NICK");
        c.send("/quit");
        c.expectClosed();
    }

    @Test
    void everyoneSeesOneOrder() throws Exception {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient carol = join("carol");
        int perSender = 300;
        Thread a = Thread.ofVirtual().start(() -> sendNumbered(alice, "a", perSender));
        Thread b = Thread.ofVirtual().start(() -> sendNumbered(bob, "b", perSender));
        a.join();
        b.join();
        List<String> seenByAlice = chatLines(alice, 2 * perSender);
        List<String> seenByCarol = chatLines(carol, 2 * perSender);
        assertThat(seenByCarol).isEqualTo(seenByAlice);
    }

    private static void sendNumbered(TestClient c, String tag, int count) {
        try {
            for (int i = 0; i < count; i++) {
                c.send(tag + i);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> chatLines(TestClient c, int count) {
        List<String> lines = new ArrayList<>();
        while (lines.size() < count) {
            String line = c.nextLine();
            if (!line.startsWith("***")) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void resetInTheMiddleOfALineEndsOnlyThatClient() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.sendRaw("half a li".getBytes(StandardCharsets.UTF_8));
        bob.reset();
        alice.expectLine(l -> l.startsWith("*** bob left #lobby"));
        TestClient carol = join("carol");
        carol.send("still here");
        alice.expectLine("carol: still here");
    }

    @Test
    void randomBytesNeverCrashTheServer() throws IOException {
        TestClient alice = join("alice");
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            try (TestClient junk = TestClient.connect(server.port())) {
                byte[] bytes = new byte[random.nextInt(5000)];
                random.nextBytes(bytes);
                junk.sendRaw(bytes);
                junk.sendRaw(("\nrandom" + i + "\nsurvived\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // More than the registration allowance without a nickname: the server may close on us.
            }
        }
        TestClient bob = join("bob");
        bob.send("all good");
        alice.expectLine("bob: all good");
    }

    @Test
    void clientThatNeverReadsIsDisconnectedWithoutDelayingOthers() throws Exception {
        server.restart(ServerConfig.loopback().withSendQueueBytes(512 * 1024));
        TestClient stuck = server.track(TestClient.connectNeverReading(server.port()));
        stuck.send("stuck");
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        String filler = "y".repeat(3000);
        int lines = 8000; // 24 MB: far more than loopback socket buffers plus the 512 KiB queue
        for (int i = 0; i < lines; i++) {
            alice.send(i + " " + filler);
            alice.expectLine("alice: " + i + " " + filler); // paced, so only the stuck client falls behind
        }
        bob.expectLine("*** stuck left #lobby (send queue exceeded)");
        bob.expectLine("alice: " + (lines - 1) + " " + filler);
    }

    @Test
    void thousandClientsReceiveOneBroadcast() throws Exception {
        int n = 1000;
        List<TestClient> crowd = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            crowd.add(join("u" + i));
        }
        crowd.get(0).send("hello, crowd");
        for (TestClient c : crowd) {
            c.expectLine("u0: hello, crowd");
        }
    }

    @Test
    void connectionWithoutValidNickIsClosedAfterHandshakeTimeout() throws IOException {
        server.restart(ServerConfig.loopback().withHandshakeTimeout(Duration.ofMillis(500)));
        TestClient c = connect();
        c.expectLine("NICK");
        c.send("bad nick!");
        c.expectLine("*** No valid nickname within 0 seconds, goodbye.");
        c.expectClosed();
    }

    @Test
    void oneConnectionOverTheLimitIsToldTheServerIsFull() throws IOException {
        server.restart(ServerConfig.loopback().withMaxClients(2));
        join("alice");
        join("bob");
        TestClient third = connect();
        third.expectLine("*** Server full (2 clients), try again later.");
        third.expectClosed();
    }

    @Test
    void shutdownTellsEveryClientAndClosesTheirConnections() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient handshaking = connect();
        handshaking.expectLine("NICK");
        server.chatServer().close();
        for (TestClient c : List.of(alice, bob, handshaking)) {
            c.expectLine("*** Server shutting down, goodbye.");
            c.expectClosed();
        }
        assertThat(server.chatServer().connections()).isZero();
        server.chatServer().close(); // idempotent
    }

    @Test
    void startingOnAPortThatIsTakenFailsWithTheBindErrorAndLeavesNothingRunning() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ChatServer.start(ServerConfig.loopback().withPort(taken.getLocalPort())))
                    .isInstanceOf(java.net.BindException.class);
        }
    }
}
