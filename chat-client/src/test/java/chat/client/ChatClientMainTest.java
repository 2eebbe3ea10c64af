package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's command line when it is given something it does not understand. */
@Timeout(30)
class ChatClientMainTest {

    private static String stderrOf(int expectedExitCode, String... args) {
        StringWriter err = new StringWriter();
        assertThat(ChatClientMain.run(new PrintWriter(err, true), args)).isEqualTo(expectedExitCode);
        return err.toString();
    }

    @Test
    void aMistypedOptionGetsTheErrorASuggestionAndAOneLineHint() {
        String err = stderrOf(2, "--nik", "alice");
        assertThat(err).contains("Unknown option", "--nik", "Did you mean --nick?", "chat-client --help")
                .doesNotContain("Usage:");
        assertThat(err.lines().count()).isLessThanOrEqualTo(3);
    }

    @Test
    void aBadValueGetsTheErrorAndAOneLineHint() {
        String err = stderrOf(2, "--port", "http");
        assertThat(err).contains("--port", "http", "--help").doesNotContain("Usage:");
        assertThat(err.lines().count()).isLessThanOrEqualTo(2);
    }

    @Test
    void aMalformedServerListIsAUsageErrorThatSaysWhich() {
        String err = stderrOf(2, "--nick", "alice", "--servers", "a.lan:55555,b.lan");
        assertThat(err).contains("--servers", "'b.lan' is not host:port").doesNotContain("Usage:");
    }

    @Test
    void serversTogetherWithHostOrPortIsAUsageError() {
        assertThat(stderrOf(2, "--nick", "alice", "--servers", "a.lan:1,b.lan:2", "--port", "3"))
                .contains("either --servers or --host/--port");
    }
}
