package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.PemTrust;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener, with a keystore made by scripts/make-tls-keystore. */
@Timeout(60)
class TlsTest {
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        TestKeystore.make(dir);
        server = TestServer.start(ServerConfig.loopback()
                .withTls(new ServerConfig.Tls(0, dir.resolve("server.p12"), dir.resolve("password"))));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private TestClient tlsClient() throws Exception {
        SSLContext context = PemTrust.context(dir.resolve("server.pem"));
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(new Socket("127.0.0.1", server.chatServer().tlsPort()), "localhost",
                        server.chatServer().tlsPort(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name localhost
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        socket.startHandshake();
        socket.setSoTimeout(0);
        return server.track(TestClient.over(socket));
    }

    @Test
    void tlsAndPlainClientsChatInOneRoom() throws Exception {
        TestClient secure = tlsClient();
        secure.expectLine("NICK");
        secure.send("secure");
        secure.expectLine(l -> l.startsWith("*** Welcome, secure!"));
        TestClient plain = server.join("plain");
        secure.expectLine("*** plain joined #lobby");
        plain.send("hello over plain");
        secure.expectLine("plain: hello over plain");
        secure.send("hello over TLS");
        plain.expectLine("secure: hello over TLS");
        assertThat(server.chatServer().tlsPort()).isNotEqualTo(server.port());
    }

    @Test
    void aClientHelloDrippedAByteASecondIsClosedAtTheHandshakeDeadline() throws Exception {
        server.restart(ServerConfig.loopback().withHandshakeTimeout(java.time.Duration.ofSeconds(2))
                .withTls(new ServerConfig.Tls(0, dir.resolve("server.p12"), dir.resolve("password"))));
        // The start of a TLS 1.2 ClientHello record, then one byte a second: never a complete handshake.
        byte[] hello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        try (Socket socket = new Socket("127.0.0.1", server.chatServer().tlsPort())) {
            long start = System.nanoTime();
            java.io.OutputStream out = socket.getOutputStream();
            Thread dripper = Thread.ofVirtual().start(() -> RegistrationTest.drip(out, hello, 0x42));
            RegistrationTest.readUntilClosed(socket, java.time.Duration.ofSeconds(10));
            dripper.interrupt();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).as("closed after %.1f s", seconds).isBetween(1.9, 4.0);
        }
    }

    @Test
    void aClientThatNeverStartsTheHandshakeDoesNotBlockOthers() throws Exception {
        Socket silent = new Socket("127.0.0.1", server.chatServer().tlsPort()); // TCP only, no ClientHello
        try (silent) {
            TestClient secure = tlsClient();
            secure.expectLine("NICK");
        }
    }
}
