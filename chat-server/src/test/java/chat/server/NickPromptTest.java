package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bare NICK prompt explains itself to a person, and only to a person. */
@Timeout(30)
class NickPromptTest {
    private static final String HINT = "*** Type a nickname (letters, digits, _ - .) and press Enter.";
    /** The hint comes after a sixth of the handshake timeout: 300 ms here. */
    private static final Duration HANDSHAKE = Duration.ofMillis(1800);
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(ServerConfig.loopback().withHandshakeTimeout(HANDSHAKE));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void silencePastTheFirstSecondsBringsOneHint() throws Exception {
        TestClient person = server.connect();
        assertThat(person.nextLine()).isEqualTo("NICK");
        assertThat(person.nextLine()).isEqualTo(HINT);
        person.assertNoLine(Duration.ofMillis(600)); // once, however long the silence
        person.send("alice");
        assertThat(person.nextLine()).startsWith("*** Welcome, alice!");
    }

    @Test
    void firstRefusalExplainsWhatToTypeAndLaterOnesDoNot() throws Exception {
        TestClient person = server.connect();
        assertThat(person.nextLine()).isEqualTo("NICK");
        person.send("who am i?");
        assertThat(person.nextLine()).startsWith("*** Invalid nickname:");
        assertThat(person.nextLine()).isEqualTo("NICK");
        assertThat(person.nextLine()).isEqualTo(HINT);
        person.send("still wrong");
        assertThat(person.nextLine()).startsWith("*** Invalid nickname:");
        assertThat(person.nextLine()).isEqualTo("NICK");
        person.send("alice");
        assertThat(person.nextLine()).startsWith("*** Welcome, alice!");
    }

    @Test
    void clientThatAnswersAtOnceSeesNothingNew() throws Exception {
        TestClient program = server.connect();
        assertThat(program.nextLine()).isEqualTo("NICK");
        program.send("alice");
        assertThat(program.nextLine()).startsWith("*** Welcome, alice!");
        program.assertNoLine(Duration.ofMillis(600)); // the silence timer was cancelled
    }

    @Test
    void jsonClientsNeverGetTheHint() throws Exception {
        TestClient program = server.connect();
        assertThat(program.nextLine()).isEqualTo("NICK");
        program.send("/json");
        assertThat(program.nextLine()).isEqualTo("{\"type\":\"nick_prompt\"}");
        program.send("not a nick!");
        assertThat(program.nextLine()).contains("\"code\":\"nick_invalid\"");
        assertThat(program.nextLine()).isEqualTo("{\"type\":\"nick_prompt\"}");
        program.assertNoLine(Duration.ofMillis(600));
        program.send("alice");
        assertThat(program.nextLine()).startsWith("{\"type\":\"welcome\"");
    }
}
