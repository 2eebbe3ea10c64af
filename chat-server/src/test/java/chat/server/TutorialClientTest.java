package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tutorial client this product grew from is not supported (README, "Clients that do not work"). This
 * pins down why, with a faithful copy of it: one {@code recv(1024)} is one message, decoded as ASCII; the
 * first must be exactly {@code NICK}; its nickname and its {@code nick: text} messages go out without a
 * line end.
 */
@Timeout(20)
class TutorialClientTest {

    /** The tutorial's client, line for line, minus its threads and console. */
    private static final class Tutorial implements AutoCloseable {
        private final Socket client;
        private final String nickname;
        private boolean sentNickname;

        Tutorial(int port, String nickname) throws IOException {
            this.client = new Socket("127.0.0.1", port);
            this.nickname = nickname;
        }

        /** One turn of its receive loop: returns what it would print, or null when it answered NICK. */
        String receiveOnce() throws IOException {
            byte[] buffer = new byte[1024];
            InputStream in = client.getInputStream();
            int n = in.read(buffer);
            String message = new String(buffer, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
            if (message.equals("NICK")) {
                client.getOutputStream().write(nickname.getBytes(StandardCharsets.US_ASCII));
                sentNickname = true;
                return null;
            }
            return message;
        }

        /** Its write loop: {@code '{}: {}'.format(nickname, input(''))}, no line end. */
        void write(String input) throws IOException {
            OutputStream out = client.getOutputStream();
            out.write((nickname + ": " + input).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() throws IOException {
            client.close();
        }
    }

    @Test
    void tutorialClientNeverGetsPastThePromptAsTheReadmeSays() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.loopback());
             Tutorial tutorial = new Tutorial(server.port(), "alice")) {
            TestClient bob = server.join("bob");
            // Our prompt is a line, "NICK\r\n", so the tutorial prints it instead of answering it.
            assertThat(tutorial.receiveOnce()).isEqualTo("NICK\r\n");
            assertThat(tutorial.sentNickname).isFalse();
            // Its user then types a message; without a line end it is not a line, so nothing happens.
            tutorial.write("hello");
            bob.assertNoLine(Duration.ofMillis(500));
        }
    }
}
