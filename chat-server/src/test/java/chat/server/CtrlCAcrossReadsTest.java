package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Telnet's Ctrl-C ({@code IAC IP}, then {@code IAC DO TIMING-MARK}) where the IP is the last byte of one read and
 * the DO TIMING-MARK is already waiting in the kernel: the server must read it and answer {@code WILL TIMING-MARK},
 * or telnet discards everything after the interrupt (the goodbye included). Found by review: the non-blocking
 * connection first told the line reader that nothing more was available.
 */
@Timeout(20)
class CtrlCAcrossReadsTest {

    @Test
    void aTimingMarkAlreadyReceivedIsAnsweredWhenTheReadEndedRightAfterTheInterrupt() throws Exception {
        try (ChatServer server = ChatServer.start(ServerConfig.loopback());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(3000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            // The whole prompt: the reader has sent it and waits, so its next read is the first, 256 bytes.
            while (!got.toString(StandardCharsets.ISO_8859_1).contains("NICK\r\n")) {
                got.write(in.read());
            }
            byte[] burst = new byte[254 + 5];
            Arrays.fill(burst, 0, 254, (byte) 'x');
            burst[254] = (byte) 0xFF; // IAC
            burst[255] = (byte) 0xF4; // IP: byte 256, the end of that read
            burst[256] = (byte) 0xFF; // IAC
            burst[257] = (byte) 0xFD; // DO
            burst[258] = 6;           // TIMING-MARK
            socket.getOutputStream().write(burst);
            socket.getOutputStream().flush();
            readToEnd(in, got);
            String hex = HexFormat.of().formatHex(got.toByteArray());
            assertThat(hex).as("what the server sent, as hex").contains("fffd00"); // DO BINARY: it saw the IAC
            assertThat(hex).as("what the server sent, as hex: WILL TIMING-MARK (fffb06)").contains("fffb06");
        }
    }

    private static void readToEnd(InputStream in, ByteArrayOutputStream got) throws IOException {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            got.write("<timeout>".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            got.write(("<" + e.getMessage() + ">").getBytes(StandardCharsets.US_ASCII)); // a reset after the data
        }
    }
}
