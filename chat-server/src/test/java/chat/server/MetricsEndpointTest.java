package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The metrics endpoint as an attacker on the machine sees it: exact paths, two methods, deadlines, a cap. */
@Timeout(90)
class MetricsEndpointTest {
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int IDLE = 40;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withMetricsPort(0));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.chatServer().metricsPort()), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends {@code request} raw and returns the whole response (the server closes after it). */
    private String exchange(String request) throws IOException {
        try (Socket socket = open()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /metrics, 200", "HEAD, /metrics, 200", "GET, /healthz, 200", "GET, /metrics?x=1, 200",
        "GET, /metricsXYZ, 404", "GET, /metrics/, 404", "GET, /healthz/x, 404", "GET, /, 404",
        "POST, /metrics, 405", "DELETE, /metrics, 405", "PUT, /healthz, 405"
    })
    void onlyTheTwoExactPathsAnswerAndOnlyToGetAndHead(String method, String path, int status) throws IOException {
        String response = exchange(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        if (status == 405) {
            assertThat(response).contains("Allow: GET, HEAD");
        }
        if (status == 200 && method.equals("HEAD")) {
            assertThat(response).endsWith("\r\n\r\n");
        }
        if (status == 200 && method.equals("GET") && path.startsWith("/metrics")) {
            assertThat(response).contains("chat_clients_connected 0");
        }
    }

    @Test
    void aRequestDrippedOneByteAtATimeIsClosedAtTheDeadline() throws IOException {
        byte[] request = "GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        try (Socket socket = open()) {
            socket.setSoTimeout(1000); // the pace of the drip: one byte per second, or per read that times out
            InputStream in = socket.getInputStream();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    socket.getOutputStream().write(request[i % request.length]);
                    closed = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: drip the next byte
                } catch (IOException e) {
                    closed = true; // reset on write: closed too
                }
            }
            assertThat(closed).as("closed before 30 bytes were dripped").isTrue();
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(25);
    }

    @Test
    void idleConnectionsPastTheCapCostNoDescriptorsAndScrapesStillGetThrough() throws Exception {
        long before = openFiles();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < IDLE; i++) {
                idle.add(open()); // connect and say nothing
            }
            long during = openFiles();
            if (before >= 0) {
                // ours, and only up to the cap (16) of the server's, not as many again
                assertThat(during - before).isLessThan(IDLE + 30);
            }
            // Each idle one is closed at its deadline, freeing a slot for the next: a scrape gets through.
            assertThat(exchange("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 ").endsWith("ok\n");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    /** Open file descriptors of this JVM (server and test clients together), or -1 off Linux. */
    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
