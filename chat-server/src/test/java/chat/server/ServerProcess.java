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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ChatServerMain} in a JVM of its own, on this test's class path (the jar is built after the tests):
 * what an operator or a service manager runs, stops, signals and kills.
 *
 * <p>Thread-safe: used from the test thread; stderr is read by a virtual thread into a queue.
 */
final class ServerProcess implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on \\S*:(\\d+)$");
    private static final String END = new String("<end of stderr>");

    private final Process process;
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private ServerProcess(Process process) {
        this.process = process;
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
    }

    /**
     * Starts the server with {@code args} (plus {@code --host 127.0.0.1}, and {@code --web-port off} unless
     * {@code args} name a web port); does not wait for it.
     */
    static ServerProcess start(String... args) throws IOException {
        return startWithJvmOptions(List.of(), args);
    }

    /** Like {@link #start} with {@code jvmOptions} (heap, GC) for the server's JVM. */
    static ServerProcess startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ChatServerMain.class.getName(), "--host", "127.0.0.1"));
        if (!List.of(args).contains("--web-port")) {
            command.addAll(List.of("--web-port", "off"));
        }
        command.addAll(List.of(args));
        return new ServerProcess(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    /** Waits for the server to log the port it listens on. */
    int port() throws InterruptedException {
        Matcher m = LISTENING.matcher(expectLog(LISTENING));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** Waits for a log line matching {@code pattern}; fails if the server's stderr ends first. */
    String expectLog(Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String line = stderr.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line == END) {
                return fail("no log line matching %s; exit %s; saw %s", pattern,
                        process.isAlive() ? "-" : process.exitValue(), seen);
            }
            seen.add(line);
            if (pattern.matcher(line).find()) {
                return line;
            }
        }
    }

    /** Waits for the process to exit; returns its exit status. */
    int exitValue() throws InterruptedException {
        assertThat(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("exited in time").isTrue();
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Sends {@code signal} (TERM, INT, KILL) with the real {@code kill}. */
    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("kill ran").isTrue();
        assertThat(kill.exitValue()).as("kill -s " + signal).isZero();
    }

    /** Everything the server logged so far (after a wait for the stream to end, if it has exited). */
    List<String> log() {
        List<String> all = new ArrayList<>(seen);
        stderr.drainTo(all);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
