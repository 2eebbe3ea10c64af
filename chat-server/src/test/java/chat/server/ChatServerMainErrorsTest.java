package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says when the server cannot start: the option at fault and what to do. */
@Timeout(30)
class ChatServerMainErrorsTest {
    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stderr) { }

    private static Outcome run(String... args) {
        StringWriter err = new StringWriter();
        int code = ChatServerMain.run(new PrintWriter(err, true), args);
        return new Outcome(code, err.toString());
    }

    /** {@link #run} on a free loopback port, in memory, no web port: only {@code more} can fail. */
    private static Outcome runLoopback(String... more) {
        String[] args = {"--host", "127.0.0.1", "--port", "0", "--web-port", "off", "--in-memory"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    @Test
    void missingOperatorPasswordFileIsNamedAsSuch() {
        Outcome out = run("--host", "127.0.0.1", "--port", "0", "--oper-password-file", dir.resolve("nonexistent").toString());
        assertThat(out.exitCode()).isEqualTo(ChatServerMain.EXIT_START_FAILED);
        assertThat(out.stderr()).contains("--oper-password-file", "nonexistent", "no such file")
                .doesNotContain("cannot listen");
    }

    @Test
    void aFileThatIsNotAKeystoreIsNamedAsSuch() throws IOException {
        Path keystore = Files.writeString(dir.resolve("server.p12"), "not a keystore\n");
        Path password = Files.writeString(dir.resolve("password"), "secret\n");
        Outcome out = run("--host", "127.0.0.1", "--port", "0", "--tls-port", "0", "--tls-keystore", keystore.toString(),
                "--tls-password-file", password.toString());
        assertThat(out.exitCode()).isEqualTo(ChatServerMain.EXIT_START_FAILED);
        assertThat(out.stderr()).contains("--tls-keystore", "server.p12", "PKCS12")
                .doesNotContain("null", "cannot listen");
    }

    @Test
    void missingKeystorePasswordFileIsNamedAsSuch() throws IOException {
        Path keystore = Files.writeString(dir.resolve("server.p12"), "not read\n");
        Outcome out = run("--host", "127.0.0.1", "--port", "0", "--tls-port", "0", "--tls-keystore", keystore.toString(),
                "--tls-password-file", dir.resolve("nope").toString());
        assertThat(out.exitCode()).isEqualTo(ChatServerMain.EXIT_START_FAILED);
        assertThat(out.stderr()).contains("--tls-password-file", "nope", "no such file").doesNotContain("cannot listen");
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsNamedAsSuch() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory\n");
        Outcome out = run("--host", "127.0.0.1", "--port", "0", "--data-dir", file.toString());
        assertThat(out.exitCode()).isEqualTo(ChatServerMain.EXIT_START_FAILED);
        assertThat(out.stderr()).contains("--data-dir", "a-file", "not a directory").doesNotContain("cannot listen");
    }

    @Test
    void aMistypedOptionGetsTheErrorASuggestionAndAOneLineHint() {
        Outcome out = run("--prot", "46001");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).contains("Unknown option", "--prot", "--port", "--help")
                .doesNotContain("Usage:");
        assertThat(out.stderr().lines().count()).isLessThanOrEqualTo(4);
    }

    @Test
    void aBadOptionValueGetsTheErrorAndAOneLineHint() {
        Outcome out = run("--port", "many");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).contains("--port", "many", "--help").doesNotContain("Usage:");
        assertThat(out.stderr().lines().count()).isLessThanOrEqualTo(3);
    }

    @Test
    void aWriteDelayPastItsLimitIsNamedAsSuch() {
        Outcome tooLong = runLoopback("--write-delay", "51");
        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.stderr()).contains("write-delay must be at most 50 ms");
        Outcome negative = runLoopback("--write-delay", "-1");
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.stderr()).contains("write-delay");
    }

    @Test
    void aWebPeerThatIsNotABaseUrlIsNamedAsSuch() {
        Outcome out = run("--host", "127.0.0.1", "--port", "0", "--web-port", "0", "--in-memory",
                "--web-peers", "http://b.lan:8080,b.lan:8080/chat");
        assertThat(out.exitCode()).isEqualTo(2);
        assertThat(out.stderr()).contains("--web-peers", "b.lan:8080/chat").doesNotContain("cannot listen");
    }

    @Test
    void aClusterAddressThatIsNotAmqpOrABadClusterNameIsNamedAsSuch() {
        Outcome notAmqp = runLoopback("--cluster", "http://127.0.0.1:5672");
        assertThat(notAmqp.exitCode()).isEqualTo(2);
        assertThat(notAmqp.stderr()).contains("--cluster must be an amqp:// or amqps:// address");
        Outcome badName = runLoopback("--cluster", "amqp://127.0.0.1:5672", "--cluster-name", "a b");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderr()).contains("--cluster-name must be 1-64 letters");
    }
}
