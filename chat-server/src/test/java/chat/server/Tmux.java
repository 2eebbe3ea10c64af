package chat.server;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real terminal program (telnet, say) running in a detached tmux session on a tmux server of its own,
 * so a test types keys into it and reads its screen as a person would. {@link #close()} kills that tmux
 * server and so the program.
 *
 * <p>Not thread-safe: used from the test thread only.
 */
final class Tmux implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final String SESSION = "t";
    private final Path dir;
    private final Path socket;

    private Tmux() throws IOException {
        dir = Files.createTempDirectory("chat-tmux");
        socket = dir.resolve("socket");
    }

    /**
     * Skips the test if {@code tools} are not installed, except under CI ({@code CI=true}), where a missing
     * tool fails it: scripts/test installs them.
     */
    static void require(String... tools) {
        for (String tool : tools) {
            boolean found = false;
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                found |= new java.io.File(dir, tool).canExecute();
            }
            if (!found) {
                String why = tool + " is not installed (scripts/test installs it)";
                if ("true".equals(System.getenv("CI"))) {
                    fail(why);
                }
                Assumptions.abort(why);
            }
        }
    }

    /** Starts {@code command} in a UTF-8 terminal of 120x30. */
    static Tmux start(String... command) throws IOException {
        Tmux tmux = new Tmux();
        // The pane stays when the program exits, so its last words can still be read.
        List<String> args = new ArrayList<>(List.of("start-server", ";", "set-option", "-g", "remain-on-exit", "on",
                ";", "new-session", "-d", "-s", SESSION, "-x", "120", "-y", "30"));
        args.addAll(List.of(command));
        tmux.run(args.toArray(String[]::new));
        return tmux;
    }

    /** Types {@code text} literally. */
    void type(String text) throws IOException {
        run("send-keys", "-t", SESSION, "-l", text);
    }

    /** Presses keys by tmux name: {@code Enter}, {@code C-c}. */
    void press(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    /** The screen and its scrollback, one string per line. */
    List<String> screen() throws IOException {
        return List.of(run("capture-pane", "-p", "-J", "-t", SESSION, "-S", "-500").split("\n"));
    }

    /** Waits until a line of the screen matches; fails after 10 s, showing the screen. */
    String expectLine(Predicate<String> wanted, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        List<String> screen = List.of();
        while (System.nanoTime() < deadline) {
            screen = screen();
            for (String line : screen) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(50); // polling a screen: there is no event to wait for
        }
        return fail("timed out waiting for %s on the screen:%n%s", what, String.join("\n", screen));
    }

    String expectLine(String exact) throws IOException, InterruptedException {
        return expectLine(line -> line.strip().equals(exact), '"' + exact + '"');
    }

    private String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("tmux", "-u", "-S", socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LANG", "C.UTF-8");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().remove("TMUX");
        Process process = builder.start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("tmux " + args[0] + " hung");
            }
            if (process.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("kill-server");
        } catch (IOException ignored) {
            // The program ended and took the tmux server with it: nothing is left to kill.
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }
}
