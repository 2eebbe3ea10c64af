package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw line-protocol client for tests: what a netcat user would do, with timeouts on every wait.
 * A virtual thread reads lines into a queue; {@link #expectLine} takes from it with a deadline.
 *
 * <p>Thread-safe: sending from the test thread, reading on the reader thread, the queue between them.
 */
final class TestClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Marks end of stream in the queue. */
    private static final String EOF = new String("<eof>");

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private TestClient(Socket socket, boolean read) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        if (read) {
            Thread.ofVirtual().name("test-client-reader").start(this::readLoop);
        }
    }

    /** Connects and starts reading. */
    static TestClient connect(int port) throws IOException {
        return new TestClient(open(port), true);
    }

    /** Wraps an already connected socket (a TLS one, say) and starts reading. */
    static TestClient over(Socket socket) throws IOException {
        return new TestClient(socket, true);
    }

    /** Connects and never reads: a client whose receive window fills up. */
    static TestClient connectNeverReading(int port) throws IOException {
        Socket socket = open(port);
        socket.setReceiveBufferSize(4096);
        return new TestClient(socket, false);
    }

    /** Connects, completes the handshake as {@code nick}, and waits for the welcome. */
    static TestClient join(int port, String nick) throws IOException {
        TestClient client = connect(port);
        client.expectLine("NICK");
        client.send(nick);
        client.expectLine(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return client;
    }

    /** Connects from another loopback address ({@code 127.0.0.2}, say), so address rules can be tested. */
    static TestClient connectFrom(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new TestClient(socket, true);
    }

    /** Connects, switches to JSON mode, completes the handshake as {@code nick}, and waits for the welcome. */
    static TestClient joinJson(int port, String nick) throws IOException {
        TestClient client = connect(port);
        client.expectLine("NICK");
        client.send("/json");
        client.expectLine("{\"type\":\"nick_prompt\"}");
        client.send(nick);
        client.expectLine(l -> l.startsWith("{\"type\":\"welcome\",\"nick\":" + chat.common.Json.quote(nick)));
        return client;
    }

    /** Like {@link #join} from another loopback address. */
    static TestClient joinFrom(String localAddress, int port, String nick) throws IOException {
        TestClient client = connectFrom(localAddress, port);
        client.expectLine("NICK");
        client.send(nick);
        client.expectLine(l -> l.startsWith("*** Welcome, " + nick + "!"));
        return client;
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return socket;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The test closed the socket or the server did: both end the stream.
        }
        lines.add(EOF);
    }

    /** Sends {@code line} followed by LF. */
    TestClient send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    TestClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Skips lines until one equals {@code expected}; fails on timeout or end of stream. */
    String expectLine(String expected) {
        return expectLine(TIMEOUT, expected::equals, "a line equal to \"" + expected + "\"");
    }

    /** Skips lines until one matches; fails on timeout or end of stream. */
    String expectLine(Predicate<String> wanted) {
        return expectLine(TIMEOUT, wanted, "a matching line");
    }

    /** Like {@link #expectLine(Predicate)} with a wait of {@code timeout} instead of {@link #TIMEOUT}. */
    String expectLine(Duration timeout, Predicate<String> wanted) {
        return expectLine(timeout, wanted, "a matching line");
    }

    private String expectLine(Duration timeout, Predicate<String> wanted, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = poll(deadline);
            if (line == null) {
                return fail("timed out waiting for %s; saw %s", description, lastSeen());
            }
            if (line == EOF) {
                lines.add(EOF);
                return fail("connection closed while waiting for %s; saw %s", description, lastSeen());
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** The next line, whatever it is; fails on timeout or end of stream. */
    String nextLine() {
        return expectLine(TIMEOUT, line -> true, "any line");
    }

    /** Asserts that no line arrives within {@code quiet}. */
    void assertNoLine(Duration quiet) {
        String line = poll(System.nanoTime() + quiet.toNanos());
        assertThat(line).as("expected silence, got a line").isNull();
    }

    /** Waits until the server closes the connection; fails on timeout. Lines before that are skipped. */
    void expectClosed() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String line = poll(deadline);
            if (line == null) {
                fail("connection still open after %s; saw %s", TIMEOUT, lastSeen());
            }
            if (line == EOF) {
                lines.add(EOF);
                return;
            }
            seen.add(line);
        }
    }

    private String poll(long deadline) {
        try {
            return lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private List<String> lastSeen() {
        return seen.subList(Math.max(0, seen.size() - 10), seen.size());
    }

    /** Resets the connection (RST) instead of closing it gracefully. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
