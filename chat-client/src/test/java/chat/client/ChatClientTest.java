package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Renderer renderer = new Renderer(false, false, Clock.systemDefaultZone());
        Thread.ofVirtual().start(() -> {
            try {
                exit.complete(new ChatClient(config, console, renderer, exit::complete).run());
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
        return exit;
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

    @Test
    void whatTheServerRelaysIsSanitizedAgain() {
        ScriptedConsole alice = interactive("alice");
        ScriptedConsole bob = interactive("bob");
        bob.type("/nick bobby");
        alice.expectShown("*** bob is now known as bobby");
        bob.type("look \u001b[31mred\u0007");
        alice.expectShown("bobby: look [31mred");
    }
}
