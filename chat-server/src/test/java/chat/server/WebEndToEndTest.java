package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: runs {@code web-test/e2e.mjs} (headless Debian chromium driven by
 * playwright-core) against a server started here, and restarts the server when the script asks. The scenario
 * and its checks are in the script; screenshots go to {@code target/e2e/}.
 *
 * <p>Needs node, {@code /usr/bin/chromium} and {@code web-test/node_modules} ({@code scripts/test} installs
 * them). Without them the test is skipped, except under {@code CI=true}, where it fails.
 */
@Timeout(180)
class WebEndToEndTest {
    private static final Path WEB_TEST = Path.of("..", "web-test").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long SCRIPT_TIMEOUT_SECONDS = 150;

    @TempDir
    Path data;
    @TempDir
    Path emptyData;

    @Test
    void twoBrowsersAndATerminalChatShareImagesAndResumeAfterARestart() throws Exception {
        requireTools();
        ServerConfig config = ServerConfig.loopback()
                .withStore(ServerConfig.Store.inMemory().withDataDir(data))
                .withWeb(new ServerConfig.Web("127.0.0.1", 0, List.of(), 5 * 1024 * 1024, 10));
        ChatServer server = ChatServer.start(config);
        int chatPort = server.port();
        int webPort = server.webPort();
        config = config.withPort(chatPort).withWeb(new ServerConfig.Web("127.0.0.1", webPort, List.of(),
                5 * 1024 * 1024, 10));
        Process node = new ProcessBuilder("node", WEB_TEST.resolve("e2e.mjs").toString(),
                "http://127.0.0.1:" + webPort + "/", "127.0.0.1", String.valueOf(chatPort),
                Path.of("target", "e2e").toAbsolutePath().toString())
                .directory(WEB_TEST.toFile()).redirectErrorStream(true).start();
        ConcurrentLinkedQueue<String> output = new ConcurrentLinkedQueue<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        output.add(line);
                        wake(output);
                    }
                } catch (IOException ignored) {
                    // The script ended: its exit code says how.
                }
                wake(output);
            });
            boolean finished;
            try {
                server = serveRestartsAsked(server, config, node, output, in);
                finished = node.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } finally {
                // Before the streams close: closing the reader's stream would wait for a script that never ends.
                node.destroyForcibly();
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(finished).as("e2e.mjs finished in time; output:\n%s", String.join("\n", output)).isTrue();
            assertThat(node.exitValue()).as("e2e.mjs output:\n%s", String.join("\n", output)).isZero();
            assertThat(output).contains("e2e: all checks passed");
        } finally {
            node.destroyForcibly();
            server.close();
        }
    }

    /**
     * Serves the script's restarts until it ends: at RESTART the server restarts on the same ports and data, at
     * RESTART_EMPTY on the same ports with an empty data directory (a server that lost its history); each is answered
     * RESTARTED.
     */
    private ChatServer serveRestartsAsked(ChatServer server, ServerConfig config, Process node,
                                          ConcurrentLinkedQueue<String> output, Writer in) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SCRIPT_TIMEOUT_SECONDS);
        int served = 0;
        while (true) {
            String asked;
            synchronized (output) {
                while ((asked = restartAsked(output, served)) == null && node.isAlive()
                        && System.nanoTime() < deadline) {
                    // woken by every line the script prints and by its end
                    output.wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
                }
            }
            if (asked == null) {
                return server;
            }
            served++;
            server.close();
            ServerConfig next = asked.equals("RESTART_EMPTY")
                    ? config.withStore(ServerConfig.Store.inMemory().withDataDir(emptyData)) : config;
            server = ChatServer.start(next);
            in.write("RESTARTED\n");
            in.flush();
        }
    }

    /** The script's restart request after the {@code served} ones already served, if it printed one. */
    private static String restartAsked(ConcurrentLinkedQueue<String> output, int served) {
        return output.stream().filter(l -> l.equals("RESTART") || l.equals("RESTART_EMPTY")).skip(served)
                .findFirst().orElse(null);
    }

    private static void wake(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private static void requireTools() {
        boolean ci = "true".equals(System.getenv("CI"));
        boolean ready = Files.isExecutable(CHROMIUM) && Files.isDirectory(WEB_TEST.resolve("node_modules/playwright-core"))
                && onPath("node");
        String missing = "needs node, " + CHROMIUM + " and " + WEB_TEST.resolve("node_modules")
                + " (scripts/test installs them)";
        if (ci) {
            assertThat(ready).as(missing).isTrue();
        } else {
            Assumptions.assumeTrue(ready, missing);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
