package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's WebSocket comparison: each ws50/json50 blast against the tcp blast before it, and the medians. */
class ReportTest {

    @Test
    void comparesEachRoundsTransportsWithItsTcpBlastAndGivesTheMedians(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("raw.tsv");
        Files.write(raw, List.of(
                blast("chat", "", 5000000, 0),
                blast("chat-tcp", "tcp", 3000000, 0),
                blast("chat-ws50", "ws50", 2700000, 0),
                blast("chat-json50", "json50", 1500000, 800000),
                blast("chat-tcp", "tcp", 2000000, 0),
                blast("chat-ws50", "ws50", 1000000, 0),
                blast("chat-json50", "json50", 1900000, 0),
                blast("chat-tcp", "tcp", 4000000, 0),
                blast("chat-ws50", "ws50", 3800000, 0),
                blast("chat-json50", "json50", 4000000, 0)));

        Report.write(raw, dir, null);

        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("| 1 | 3000000 | 2700000 | 90 % | 1500000 (800000 lost) | 50 % |")
                .contains("| 2 | 2000000 | 1000000 | 50 % | 1900000 | 95 % |")
                .contains("| 3 | 4000000 | 3800000 | 95 % | 4000000 | 100 % |")
                .contains("Median ws50 / tcp: 90 % (target: at least 90 %); median json50 / tcp: 95 %.")
                .doesNotContain("| 4 |");
    }

    @Test
    void aRoundWhoseTcpBlastIsMissingIsNotComparedWithTheRoundBefore(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("raw.tsv");
        Files.write(raw, List.of(
                blast("chat-tcp", "tcp", 4000000, 0),
                blast("chat-ws50", "ws50", 3600000, 0),
                blast("chat-ws50", "ws50", 1000000, 0)));

        Report.write(raw, dir, null);

        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("| 1 | 4000000 | 3600000 | 90 % |")
                .contains("Median ws50 / tcp: 90 %");
    }

    @Test
    void aRunWithoutTheWebSocketGroupHasNoComparison(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("raw.tsv");
        Files.write(raw, List.of(blast("chat", "", 5000000, 0)));

        Report.write(raw, dir, null);

        assertThat(Files.readString(dir.resolve("results.md"))).contains("## Blast").doesNotContain("## WebSocket");
    }

    private static String blast(String server, String tag, long delivered, long lost) {
        return "scenario=blast\tserver=" + server + "\ttag=" + tag + "\tclients=200\tdelivered_per_s=" + delivered
                + "\tlost=" + lost;
    }
}
