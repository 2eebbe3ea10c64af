package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real in-process server on a loopback port. */
@Timeout(60)
class ChatClientTest {
    private static final Duration FAST_RETRY = Duration.ofMillis(50);

    private ChatServer server;
    private final List<ScriptedConsole> consoles = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() throws IOException {
        for (ScriptedConsole c : consoles) {
            c.endInput();
        }
        server.close();
    }

    private ClientConfig config(String nick) {
        return new ClientConfig("127.0.0.1", server.port(), nick, true, FAST_RETRY, Duration.ofMillis(200),
                Duration.ofSeconds(5), false, null);
    }

    /** Starts a client on its own thread; the future completes with its exit code. */
    private CompletableFuture<Integer> start(ClientConfig config, Console console) {
        return start(config, console, new Renderer(false, false, Clock.systemDefaultZone()));
    }

    private CompletableFuture<Integer> start(ClientConfig config, Console console, Renderer renderer) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        start(new ChatClient(config, console, renderer, exit::complete), exit);
        return exit;
    }

    /** Runs {@code client}, made with {@code exit::complete} as its fatal handler, on its own thread. */
    private static void start(ChatClient client, CompletableFuture<Integer> exit) {
        Thread.ofVirtual().start(() -> {
            try {
                exit.complete(client.run());
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    private ScriptedConsole interactive(String nick) {
        ScriptedConsole console = new ScriptedConsole(true);
        consoles.add(console);
        start(config(nick), console);
        console.expectShown(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return console;
    }

    @Test
    void handshakeThenChat() {
        ScriptedConsole alice = interactive("alice");
        ScriptedConsole bob = interactive("bob");
        alice.expectShown("*** bob joined #lobby");
        bob.type("hi alice! \\o/ don't panic");
        alice.expectShown("bob: hi alice! \\o/ don't panic");
    }

    @Test
    void refusedNickIsExplainedAndAskedAgain() {
        interactive("alice");
        ScriptedConsole second = new ScriptedConsole(true);
        consoles.add(second);
        second.answerNick("alice2");
        start(config("ALICE"), second);
        second.expectShown("*** Nickname ALICE is taken, choose another.");
        second.expectShown(l -> l.startsWith("*** Welcome, alice2!"));
    }

    @Test
    void quitCommandEndsWithExitCodeZero() throws Exception {
        ScriptedConsole alice = new ScriptedConsole(true);
        CompletableFuture<Integer> exit = start(config("alice"), alice);
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        alice.type("/quit bye");
        alice.expectShown("*** Goodbye.");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void pipedInputIsDeliveredAndEndOfInputExitsWithZero() throws Exception {
        ScriptedConsole watcher = interactive("watcher");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PlainConsole piped = new PlainConsole(
                new ByteArrayInputStream("build finished\nall 42 tests green\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = start(config("ci-bot"), piped);
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        watcher.expectShown("ci-bot: build finished");
        watcher.expectShown("ci-bot: all 42 tests green");
        watcher.expectShown("*** ci-bot left #lobby (quit)");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("ci-bot: build finished", "*** Goodbye.");
    }

    @Test
    void pipedClientWithATakenNickExitsWithThree() throws Exception {
        interactive("taken");
        PlainConsole piped = new PlainConsole(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(start(config("taken"), piped).get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_NICK_REFUSED);
    }

    @Test
    void unreachableServerExitsWithOne() throws Exception {
        int port = server.port();
        server.close();
        ScriptedConsole console = new ScriptedConsole(true);
        CompletableFuture<Integer> exit = start(config("alice").withPort(port), console);
        console.expectShown(l -> l.startsWith("*** Cannot connect to 127.0.0.1:" + port));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_UNREACHABLE);
    }

    @Test
    void survivesAServerRestartAndKeepsItsNick() throws Exception {
        ScriptedConsole alice = interactive("alice");
        int port = server.port();
        server.close();
        alice.expectShown(l -> l.startsWith("*** Connection lost, reconnecting"));
        server = ChatServer.start(ServerConfig.loopback().withPort(port));
        alice.expectShown("*** Reconnected as alice.");
        ScriptedConsole bob = interactive("bob");
        alice.type("back again");
        bob.expectShown("alice: back again");
    }

    @Test
    void aNickTakenWhileAwayIsSwappedForAnUnderscoredOneAndCanBeTakenBackLater() throws Exception {
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        Duration slowRetry = Duration.ofSeconds(1); // time enough for the impostor to take the nick first
        start(new ClientConfig("127.0.0.1", server.port(), "alice", true, slowRetry, slowRetry,
                Duration.ofSeconds(5), false, null), alice);
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        int port = server.port();
        server.close();
        alice.expectShown(l -> l.startsWith("*** Connection lost, reconnecting"));
        server = ChatServer.start(ServerConfig.loopback().withPort(port));
        ScriptedConsole impostor = interactive("alice");
        alice.expectShown("*** Nickname alice is taken, choose another.");
        alice.expectShown("*** Reconnected as alice_.");
        alice.expectShown("*** alice is taken; you are alice_ for now \u2014 /nick alice later");
        impostor.type("/quit");
        alice.expectShown("*** alice left #lobby (quit)");
        alice.type("/nick alice");
        alice.expectShown("*** alice_ is now known as alice");
    }

    @Test
    void withoutReconnectALostConnectionEndsTheClient() throws Exception {
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        ClientConfig once = new ClientConfig("127.0.0.1", server.port(), "alice", false, FAST_RETRY,
                FAST_RETRY, Duration.ofSeconds(5), false, null);
        CompletableFuture<Integer> exit = start(once, alice);
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        server.close();
        alice.expectShown("*** Connection lost.");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_UNREACHABLE);
    }

    /** A PKCS12 keystore and its PEM certificate for {@code san}, made with the JDK's keytool. */
    private static void keystore(Path dir, String san) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-genkeypair", "-alias", "chat", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=test", "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve("server.p12").toString(), "-storepass", "secret-pass");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", "chat", "-keystore",
                dir.resolve("server.p12").toString(), "-storepass", "secret-pass",
                "-file", dir.resolve("server.pem").toString());
        Files.writeString(dir.resolve("password"), "secret-pass\n");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }

    private int startTls(Path dir) throws IOException {
        server.close();
        server = ChatServer.start(ServerConfig.loopback()
                .withTls(new ServerConfig.Tls(0, dir.resolve("server.p12"), dir.resolve("password"))));
        return server.tlsPort();
    }

    @Test
    void chatsOverTlsWithATrustedSelfSignedCertificate(@TempDir Path dir) throws Exception {
        keystore(dir, "ip:127.0.0.1");
        int tlsPort = startTls(dir);
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        start(config("alice").withPort(tlsPort).withTls(dir.resolve("server.pem")), alice);
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        ScriptedConsole bob = interactive("bob"); // plain port, same room
        bob.type("hi over plain");
        alice.expectShown("bob: hi over plain");
    }

    @Test
    void refusesAServerWhoseCertificateDoesNotNameTheHost(@TempDir Path dir) throws Exception {
        keystore(dir, "dns:example.com");
        int tlsPort = startTls(dir);
        ScriptedConsole alice = new ScriptedConsole(true);
        CompletableFuture<Integer> exit = start(config("alice").withPort(tlsPort).withTls(dir.resolve("server.pem")), alice);
        alice.expectShown(l -> l.startsWith("*** Cannot connect to 127.0.0.1:" + tlsPort));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_UNREACHABLE);
    }

    /** Starts a client that should fail to connect; returns the line it shows, checking it exits with 1. */
    private String connectFailure(ClientConfig config) throws Exception {
        ScriptedConsole console = new ScriptedConsole(true);
        CompletableFuture<Integer> exit = start(config, console);
        String shown = console.expectShown(l -> l.startsWith("*** Cannot connect"));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ChatClient.EXIT_UNREACHABLE);
        return shown;
    }

    @Test
    void anUntrustedCertificateIsExplainedWithWhatToPass(@TempDir Path dir) throws Exception {
        keystore(dir, "ip:127.0.0.1");
        int tlsPort = startTls(dir);
        String shown = connectFailure(config("alice").withPort(tlsPort).withTls(null));
        assertThat(shown).contains("certificate is not trusted", "--tls-truststore").doesNotContain("PKIX");
    }

    @Test
    void aPlainClientOnATlsPortIsToldToAddTls(@TempDir Path dir) throws Exception {
        keystore(dir, "ip:127.0.0.1");
        int tlsPort = startTls(dir);
        long started = System.nanoTime();
        String shown = connectFailure(config("alice").withPort(tlsPort));
        assertThat(shown).contains("that port speaks TLS", "add --tls");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aTlsClientOnAPlainPortIsToldToDropTls(@TempDir Path dir) throws Exception {
        keystore(dir, "ip:127.0.0.1");
        String shown = connectFailure(config("alice").withTls(dir.resolve("server.pem")));
        assertThat(shown).contains("that port does not speak TLS", "drop --tls").doesNotContain("SSL message");
    }

    @Test
    void anUnknownHostIsNamedOnce() throws Exception {
        String host = "no-such-host.invalid";
        String shown = connectFailure(new ClientConfig(host, server.port(), "alice", true, FAST_RETRY,
                FAST_RETRY, Duration.ofSeconds(5), false, null));
        assertThat(shown).contains("no such host: " + host);
        assertThat(shown.split(java.util.regex.Pattern.quote(host), -1)).hasSize(2);
    }

    @Test
    void whatTheServerRelaysIsSanitizedAgain() {
        ScriptedConsole alice = interactive("alice");
        ScriptedConsole bob = interactive("bob");
        bob.type("/nick bobby");
        alice.expectShown("*** bob is now known as bobby");
        bob.type("look \u001b[31mred\u0007");
        alice.expectShown("bobby: look [31mred");
    }

    // JSON mode: the client renders typed events, not display text.

    /** A text-mode user on the server (as on {@code nc}), past the handshake. */
    private RawClient textUser(String nick) {
        RawClient user = RawClient.connect(server.port());
        user.expectLine("NICK");
        user.send(nick);
        user.expectLine(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return user;
    }

    /** A JSON-mode user on the server, past the handshake; returns the welcome line too. */
    private RawClient jsonUser(String nick, List<String> welcome) {
        RawClient user = RawClient.connect(server.port());
        user.expectLine("NICK");
        user.send("/json");
        user.expectLine("{\"type\":\"nick_prompt\"}");
        user.send(nick);
        welcome.add(user.expectLine(l -> l.startsWith("{\"type\":\"welcome\"")));
        return user;
    }

    @Test
    void sendsJsonBeforeItsNicknameAndHandlesAJsonHandshake() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptedConsole alice = new ScriptedConsole(true);
            consoles.add(alice);
            start(config("alice").withPort(fake.getLocalPort()), alice);
            try (RawClient conn = new RawClient(fake.accept())) {
                conn.send("NICK");
                assertThat(conn.expectLine(l -> true)).isEqualTo("/json");
                conn.send("{\"type\":\"nick_prompt\"}");
                assertThat(conn.expectLine(l -> true)).isEqualTo("alice");
                conn.send("{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"#lobby\",\"others\":0,"
                        + "\"names\":[],\"commands\":[\"quit\"]}");
                alice.expectShown("*** Welcome, alice! You are in #lobby, nobody else is here yet. Type /help for commands.");
                alice.type("hello");
                assertThat(conn.expectLine(l -> true)).isEqualTo("hello");
            }
        }
    }

    @Test
    void unknownEventsAreIgnoredAndALineThatIsNotJsonIsShownAsText() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ScriptedConsole alice = new ScriptedConsole(true);
            consoles.add(alice);
            start(config("alice").withPort(fake.getLocalPort()), alice);
            try (RawClient conn = new RawClient(fake.accept())) {
                conn.expectLine("/json");
                conn.send("{\"type\":\"nick_prompt\"}");
                conn.expectLine("alice");
                conn.send("{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"#lobby\",\"others\":0,"
                        + "\"names\":[],\"commands\":[],\"flair\":{\"new\":true}}");
                conn.send("{\"type\":\"sparkles\",\"text\":\"do not show me\"}");
                conn.send("this is {not json");
                conn.send("{\"type\":\"message\",\"id\":1,\"room\":\"#lobby\",\"nick\":\"bob\",\"text\":\"hi\","
                        + "\"ts\":\"2026-11-23T19:02:11.532Z\",\"mood\":\"happy\"}");
                alice.expectShown("bob: hi");
                assertThat(alice.seen()).containsExactly(
                        "*** Welcome, alice! You are in #lobby, nobody else is here yet. Type /help for commands.",
                        "this is {not json", "bob: hi");
            }
        }
    }

    @Test
    void rendersARoomMessageFromATextModeUser() throws IOException {
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        start(config("alice"), alice, new Renderer(true, false, Clock.systemDefaultZone()));
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        try (RawClient bob = textUser("bob")) {
            bob.send("hi alice: \"quoted\" \\ 👩‍💻");
            alice.expectShown("bob: hi alice: \"quoted\" \\ 👩‍💻");
            AttributedString line = alice.styled().getLast();
            assertThat(line.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.foreground(Renderer.colourOf("bob")));
        }
    }

    @Test
    void ownMessageIsShownExactlyOnceAndBold() throws IOException {
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        start(config("alice"), alice, new Renderer(true, false, Clock.systemDefaultZone()));
        alice.expectShown(l -> l.startsWith("*** Welcome, alice!"));
        try (RawClient bob = textUser("bob")) {
            alice.type("hello");
            bob.expectLine("alice: hello");
            bob.send("after");
            alice.expectShown("bob: after");
            assertThat(alice.seen()).filteredOn(l -> l.contains("hello")).containsExactly("alice: hello");
            AttributedString mine = alice.styled().stream().filter(l -> l.toString().equals("alice: hello")).findFirst().orElseThrow();
            assertThat(mine.styleAt(mine.length() - 1)).isEqualTo(AttributedStyle.BOLD);
        }
    }

    @Test
    void privateMessagesAreMarkedBothWays() throws IOException {
        ScriptedConsole alice = interactive("alice");
        try (RawClient bob = textUser("bob")) {
            bob.send("/msg alice psst");
            alice.expectShown("[DM from bob] psst");
            alice.type("/msg bob psst back");
            alice.expectShown("[DM to bob] psst back");
            bob.expectLine("[DM from alice] psst back");
        }
    }

    @Test
    void timestampsShowTheServersTimeInTheLocalZone() throws IOException {
        // A clock stopped long ago, in a zone 5:45 ahead of UTC: arrival time would show 08:49.
        Clock stopped = Clock.fixed(Instant.parse("1999-12-31T03:04:00Z"), ZoneId.of("Asia/Kathmandu"));
        ScriptedConsole alice = new ScriptedConsole(true);
        consoles.add(alice);
        start(config("alice"), alice, new Renderer(false, true, stopped));
        alice.expectShown(l -> l.contains("*** Welcome, alice!"));
        try (RawClient bob = jsonUser("bob", new ArrayList<>())) {
            bob.send("what time is it");
            Map<String, Object> sent = Json.object(bob.expectLine(l -> l.contains("\"type\":\"message\"")));
            String hhmm = DateTimeFormatter.ofPattern("HH:mm")
                    .format(Instant.parse((String) sent.get("ts")).atZone(stopped.getZone()));
            alice.expectShown(hhmm + " bob: what time is it");
        }
    }

    @Test
    void completionOffersTheWelcomesCommandsAndTheNicksPresent() throws IOException {
        ScriptedConsole alice = interactive("alice");
        List<String> welcome = new ArrayList<>();
        try (RawClient bob = jsonUser("bob", welcome)) {
            alice.expectShown("*** bob joined #lobby");
            List<String> commands = Json.object(welcome.getFirst()).get("commands") instanceof List<?> list
                    ? list.stream().map(c -> "/" + c).toList() : List.of();
            assertThat(commands).contains("/join").doesNotContain("/kick"); // this server has no operators
            assertThat(alice.completions().commands()).startsWith(commands.toArray(String[]::new))
                    .contains("/bell", "/ignore", "/unignore"); // and the client's own
            assertThat(alice.completions().candidates()).contains("bob");
            bob.send("/quit");
            alice.expectShown("*** bob left #lobby (quit)");
            assertThat(alice.completions().candidates()).doesNotContain("bob");
        }
    }

    // Reconnecting: back into the room with exactly what was missed, once (/resume).

    /** A client whose {@link ChatClient#lastSeen()} the test can read; the future completes with its exit code. */
    private ChatClient client(String nick, ScriptedConsole console) {
        consoles.add(console);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ChatClient client = new ChatClient(config(nick), console, new Renderer(false, false, Clock.systemDefaultZone()),
                exit::complete);
        start(client, exit);
        console.expectShown(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return client;
    }

    /** Replaces the server by one that keeps its history in SQLite under {@code dataDir}, on {@code port} (0: any). */
    private void restartWithStore(Path dataDir, int port) throws IOException {
        server.close();
        server = ChatServer.start(ServerConfig.loopback().withPort(port)
                .withStore(ServerConfig.Store.inMemory().withDataDir(dataDir)));
    }

    /** The shown lines from {@code from} on, replayed times ({@code [HH:MM] }) left out. */
    private static List<String> shownSince(ScriptedConsole console, int from) {
        List<String> seen = console.seen();
        return seen.subList(from, seen.size()).stream().map(l -> l.replaceFirst("^\\[\\d\\d:\\d\\d] ", "")).toList();
    }

    @Test
    void aKickedClientGetsBackIntoItsRoomWithTheMessagesSaidMeanwhileOnce(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("oper"), "op-secret\n");
        server.close();
        // Entering a room replays only the last 2 messages: more were missed, and none may be left out.
        server = ChatServer.start(ServerConfig.loopback().withOperPasswordFile(dir.resolve("oper")).withHistory(100, 2));
        ScriptedConsole alice = new ScriptedConsole(true);
        ChatClient client = client("alice", alice);
        try (RawClient bob = textUser("bob")) {
            bob.send("/join #dev");
            bob.expectLine(l -> l.startsWith("*** You are in #dev"));
            alice.type("/join #dev");
            alice.expectShown("*** You are in #dev with 1 other.");
            bob.send("seen before the drop");
            alice.expectShown("bob: seen before the drop");
            long lastId = client.lastSeen().lastId("#dev").orElseThrow();

            CountDownLatch away = alice.holdAt(l -> l.startsWith("*** Connection lost, reconnecting"));
            bob.send("/oper op-secret");
            bob.expectLine("*** You are now an operator.");
            bob.send("/kick alice test");
            bob.expectLine(l -> l.startsWith("*** alice left #dev"));
            alice.expectShown(l -> l.startsWith("*** Connection lost, reconnecting"));
            int back = alice.seen().size();
            bob.send("missed one");
            bob.send("missed two");
            bob.send("/me missed three");
            bob.expectLine("* bob missed three");
            away.countDown();

            bob.expectLine("*** alice joined #dev");
            bob.send("live again");
            alice.expectShown("bob: live again");
            assertThat(shownSince(alice, back)).containsExactly(
                    "*** Reconnected as alice.",
                    "*** Welcome, alice! You are in #lobby, nobody else is here yet. Type /help for commands.",
                    "*** You are in #dev with 1 other.",
                    "*** Here: bob",
                    "*** 3 messages while you were away in #dev:",
                    "bob: missed one",
                    "bob: missed two",
                    "* bob missed three",
                    "*** End of history.",
                    "bob: live again");
            assertThat(client.lastSeen().lastId("#dev")).hasValue(lastId + 4);
        }
    }

    /** Shares {@code content} (PNG magic, then filler) in its sender's room with {@code token}; returns its URL. */
    private String share(String token, byte[] content) throws Exception {
        String boundary = "----chat-client-test";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cat.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.webPort()
                                + "/api/images"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", "Bearer " + token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        return (String) Json.object(response.body()).get("url");
    }

    private static byte[] png(int filler) {
        byte[] bytes = new byte[64 + filler];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, bytes, 0, 8);
        bytes[bytes.length - 1] = (byte) filler;
        return bytes;
    }

    @Test
    void anImageIsShownAsTheTextProtocolShowsItLiveAndInHistoryAndCountsAsSeen() throws Exception {
        server.close();
        server = ChatServer.start(ServerConfig.loopback()
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(), 64 * 1024, 10)));
        List<String> welcome = new ArrayList<>();
        try (RawClient bob = jsonUser("bob", welcome)) {
            String token = (String) Json.object(welcome.get(0)).get("upload_token");
            bob.send("look");
            String first = share(token, png(1));
            bob.expectLine(l -> l.contains("\"type\":\"image\""));
            ScriptedConsole alice = new ScriptedConsole(true);
            ChatClient client = client("alice", alice);
            alice.expectShown("*** History of #lobby, last 2 messages:");
            alice.expectShown(l -> l.matches("\\[\\d\\d:\\d\\d] bob: look"));
            alice.expectShown(l -> l.matches("\\[\\d\\d:\\d\\d] \\*\\*\\* bob shared an image: \\Q" + first + "\\E"));
            alice.expectShown("*** End of history.");
            String second = share(token, png(2));
            alice.expectShown("*** bob shared an image: " + second);
            assertThat(client.lastSeen().lastId("#lobby")).as("an image's id is seen like a message's").hasValue(3);
        }
    }

    @Test
    void acrossAServerRestartTheLobbyShowsWhatWasSaidWhileAwayOnce(@TempDir Path dir) throws Exception {
        restartWithStore(dir, 0);
        int port = server.port();
        ScriptedConsole alice = new ScriptedConsole(true);
        client("alice", alice);
        CountDownLatch away = alice.holdAt(l -> l.startsWith("*** Connection lost, reconnecting"));
        try (RawClient bob = textUser("bob")) {
            bob.send("said before the restart");
            alice.expectShown("bob: said before the restart");
        }
        alice.expectShown(l -> l.startsWith("*** bob left #lobby"));
        restartWithStore(dir, port);
        alice.expectShown(l -> l.startsWith("*** Connection lost, reconnecting"));
        int back = alice.seen().size();
        try (RawClient bob = textUser("bob")) {
            bob.send("one");
            bob.send("two");
            bob.send("three");
            bob.expectLine("bob: three");
            away.countDown();
            alice.expectShown("*** End of history.");
            bob.send("live");
            alice.expectShown("bob: live");
        }
        assertThat(shownSince(alice, back)).containsExactly(
                "*** Reconnected as alice.",
                "*** Welcome, alice! You are in #lobby with 1 other. Type /help for commands.",
                "*** Here: bob",
                "*** 3 messages while you were away in #lobby:",
                "bob: one",
                "bob: two",
                "bob: three",
                "*** End of history.",
                "bob: live");
    }

    @Test
    void aRestartWithNothingSaidMeanwhileSaysSoAndRepeatsNothing(@TempDir Path dir) throws Exception {
        restartWithStore(dir, 0);
        int port = server.port();
        ScriptedConsole alice = new ScriptedConsole(true);
        client("alice", alice);
        alice.type("/join #dev");
        alice.expectShown("*** You are in #dev, nobody else is here yet.");
        alice.type("said before the restart");
        alice.expectShown("alice: said before the restart");
        int before = alice.seen().size();
        restartWithStore(dir, port);
        alice.expectShown("*** You missed nothing in #dev.");
        alice.type("after the restart");
        alice.expectShown("alice: after the restart");
        assertThat(shownSince(alice, before)).noneMatch(l -> l.contains("said before the restart"))
                .contains("*** Reconnected as alice.", "*** You are in #dev, nobody else is here yet.");
    }

    @Test
    void searchResultsFromBeforeARestartAreListedWithTheirDayAndTime(@TempDir Path dir) throws Exception {
        restartWithStore(dir, 0);
        ScriptedConsole alice = new ScriptedConsole(true);
        client("alice", alice);
        try (RawClient bob = textUser("bob")) {
            bob.send("deploy on friday");
            bob.send("lunch?");
            bob.send("/me will deploy after lunch");
            alice.expectShown("* bob will deploy after lunch");
        }
        restartWithStore(dir, server.port()); // closing the server commits what it has stored behind
        alice.expectShown("*** Reconnected as alice.");
        alice.type("/search deploy");
        alice.expectShown("*** 2 messages in #lobby match \"deploy\":");
        String day = "\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d] ";
        assertThat(alice.expectShown(l -> !l.isEmpty())).matches(day + "bob: deploy on friday");
        assertThat(alice.expectShown(l -> !l.isEmpty())).matches(day + "\\* bob will deploy after lunch");
        alice.expectShown("*** End of search.");
        alice.type("/search nowhere");
        alice.expectShown("*** No messages in #lobby match \"nowhere\".");
    }
}
