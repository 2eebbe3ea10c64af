package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory a long paste costs, in a JVM started with the options scripts/client uses. A terminal that
 * does not bracket a paste hands JLine one keystroke per character, and JLine redraws the whole line for
 * each: a 5,000-character paste allocates gigabytes of short-lived garbage, which a JVM sized from the
 * machine's memory lets grow to hundreds of MB of resident memory before it collects. The console inserts
 * what is already waiting at once, and scripts/client caps the heap.
 */
@Timeout(120)
class ClientMemoryTest {
    private static final int PASTE_CHARS = 5_000;
    /** Measured with the options: about 55-95 MB; without them, on a 24 GB machine, 420-450 MB. */
    private static final long MAX_RSS_KB = 160 * 1024;
    /** Measured: about 3 MB when the paste is inserted at once; 2.5 GB when it is redrawn per character. */
    private static final long MAX_ALLOCATED_MB = 100;

    @TempDir
    Path dir;

    @Test
    void aLongUnbracketedPasteStaysWithinTheClientScriptsHeap() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "resident memory is read from /proc");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(java.toString(), "@../scripts/client-jvm-options",
                "-XX:+PrintCommandLineFlags", "-cp", System.getProperty("java.class.path"),
                PasteProbe.class.getName(), dir.resolve("history").toString())
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("-XX:MaxHeapSize=67108864", "-XX:+UseSerialGC", "read " + PASTE_CHARS);
        assertThat(number(output, "allocated-mb")).as("MB allocated reading the paste").isLessThan(MAX_ALLOCATED_MB);
        assertThat(number(output, "peak-rss-kb")).as("peak resident memory in KB").isLessThan(MAX_RSS_KB);
    }

    private static long number(String output, String label) {
        return Long.parseLong(output.replaceAll("(?s).*" + label + " (\\d+).*", "$1"));
    }

    /** Run in the child JVM: pastes one long line, without bracketing, into the client's console. */
    static final class PasteProbe {
        public static void main(String[] args) throws IOException {
            String paste = "x".repeat(PASTE_CHARS) + "\r";
            Terminal terminal = TerminalBuilder.builder().system(false).type("xterm-256color")
                    .streams(new ByteArrayInputStream(paste.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream())
                    .build();
            terminal.setSize(new Size(200, 50));
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            try (TerminalConsole console = new TerminalConsole(terminal, Path.of(args[0]))) {
                long before = threads.getCurrentThreadAllocatedBytes();
                System.out.println("read " + console.readLine().length());
                System.out.println("allocated-mb " + (threads.getCurrentThreadAllocatedBytes() - before) / (1 << 20));
            }
            List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
            String hwm = status.stream().filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow();
            System.out.println("peak-rss-kb " + hwm.replaceAll("\\D", ""));
        }
    }
}
