package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server as a process: what an operator or a service manager sees when it stops it. */
@Timeout(60)
class ChatServerMainTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern LISTENING = Pattern.compile("listening on \\S*:(\\d+)$");
    private static final String END = new String("<end of stderr>");

    private Process process;
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();

    @AfterEach
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"}) // INT is what Ctrl-C sends
    void stopSignalSaysGoodbyeToClientsAndExitsWithZero(String signal) throws Exception {
        int port = startServer();
        try (TestClient alice = TestClient.join(port, "alice")) {
            send(signal);
            alice.expectLine("*** Server shutting down, goodbye.");
            alice.expectClosed();
        }
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited in time").isTrue();
        assertThat(process.exitValue()).as("exit status after SIG" + signal).isZero();
    }

    private void send(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("kill ran").isTrue();
        assertThat(kill.exitValue()).as("kill -s " + signal).isZero();
    }

    /** Starts {@code ChatServerMain} in a new JVM on this test's class path; returns its port. */
    private int startServer() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ChatServerMain.class.getName(), "--host", "127.0.0.1", "--port", "0"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread.ofVirtual().name("server-stderr").start(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                in.lines().forEach(stderr::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                stderr.add(END);
            }
        });
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String line = stderr.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line == END) {
                return fail("the server did not log its port; exit %s", process.isAlive() ? "-" : process.exitValue());
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }
}
