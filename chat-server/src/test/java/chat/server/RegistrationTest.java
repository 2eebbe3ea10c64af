package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a connection may do before it has a nickname: send at most the registration allowance, and only
 * until the handshake deadline, which runs from accept however the client drips its bytes (issue 14,
 * defect 1).
 */
@Timeout(60)
class RegistrationTest {
    private static final int IAC = 0xFF;
    private static final int NOP = 241;
    private TestServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void moreThanTheRegistrationAllowanceOfNicknameAttemptsIsDisconnectedWithANotice() throws IOException {
        server = TestServer.start(ServerConfig.loopback());
        TestClient c = server.connect();
        c.expectLine("NICK");
        c.sendRaw("!bad\n".repeat(250).getBytes(StandardCharsets.UTF_8)); // 1,250 bytes, every line refused
        c.expectLine("*** More than 1024 bytes sent without a valid nickname, goodbye.");
        c.expectClosed();
    }

    @Test
    void telnetCommandsWithoutALineCountAgainstTheAllowanceToo() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withGuards(g -> g.withRegistrationBytes(512)));
        TestClient c = server.connect();
        c.expectLine("NICK");
        byte[] nops = new byte[1200];
        for (int i = 0; i < nops.length; i += 2) {
            nops[i] = (byte) IAC;
            nops[i + 1] = (byte) NOP;
        }
        c.sendRaw(nops); // no line at all: nothing the session would ever see
        // A telnet peer is first asked for binary mode (IAC DO BINARY), which shares the notice's line here.
        c.expectLine(l -> l.endsWith("*** More than 512 bytes sent without a valid nickname, goodbye."));
        c.expectClosed();
    }

    @Test
    void aFewWrongAttemptsWithinTheAllowanceStillEndInANickname() throws IOException {
        server = TestServer.start(ServerConfig.loopback());
        TestClient c = server.connect();
        c.expectLine("NICK");
        c.sendRaw("!bad\n".repeat(100).getBytes(StandardCharsets.UTF_8)); // 500 bytes
        c.send("alice");
        c.expectLine(l -> l.startsWith("*** Welcome, alice!"));
    }

    @Test
    void theHandshakeDeadlineIsAbsoluteForAClientDrippingAByteASecond() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withHandshakeTimeout(Duration.ofSeconds(2)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            Thread dripper = Thread.ofVirtual().start(() -> drip(out, new byte[] {(byte) IAC, (byte) 250}, 'z'));
            String seen = readUntilClosed(socket, Duration.ofSeconds(10));
            dripper.interrupt();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seen).contains("*** No valid nickname within 2 seconds, goodbye.");
            assertThat(seconds).as("closed after %.1f s", seconds).isBetween(1.9, 4.0);
        }
    }

    /** Sends {@code first}, then {@code each} once a second until interrupted or the socket fails. */
    static void drip(OutputStream out, byte[] first, int each) {
        try {
            out.write(first);
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(Duration.ofSeconds(1));
                out.write(each);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The server closed the connection (the point of the test) or the test is over.
        }
    }

    /** Everything the server sends until it closes the connection; fails if it is still open after {@code max}. */
    static String readUntilClosed(Socket socket, Duration max) throws IOException {
        socket.setSoTimeout((int) max.toMillis());
        InputStream in = socket.getInputStream();
        byte[] all = new byte[0];
        byte[] chunk = new byte[4096];
        try {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                all = Arrays.copyOf(all, all.length + n);
                System.arraycopy(chunk, 0, all, all.length - n, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + max, e);
        } catch (IOException e) {
            // reset by the server: closed as well
        }
        return new String(all, StandardCharsets.ISO_8859_1);
    }
}
