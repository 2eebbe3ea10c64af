package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's WebSocket comparison: each round's ws50 blast against its json50 blast (the target) and both against
 * its tcp blast, and the medians.
 */
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
                .contains("| 1 | 3000000 | 1500000 (800000 lost) | 2700000 | 180 % (not counted) | 50 % (not counted) "
                        + "| 90 % |")
                .contains("| 2 | 2000000 | 1900000 | 1000000 | 53 % | 95 % | 50 % |")
                .contains("| 3 | 4000000 | 4000000 | 3800000 | 95 % | 100 % | 95 % |")
                .contains("Median ws50 / json50: 74 % (target: at least 90 %")
                .contains("median json50 / tcp: 98 %, ws50 / tcp: 90 %")
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
                .contains("| 1 | 4000000 | – | 3600000 | – | – | 90 % |")
                .contains("Median ws50 / json50: – ")
                .contains("ws50 / tcp: 90 %")
                .doesNotContain("| 2 |");
    }

    @Test
    void jsonBeforeWebSocketInARoundIsTheSameRoundAndATcpOnlyRoundKeepsItsNumber(@TempDir Path dir) throws IOException {
        Path raw = dir.resolve("raw.tsv");
        Files.write(raw, List.of(
                blast("chat-tcp", "tcp", 4000000, 0),
                blast("chat-tcp", "tcp", 5000000, 0),
                blast("chat-json50", "json50", 4000000, 0),
                blast("chat-ws50", "ws50", 3000000, 0)));

        Report.write(raw, dir, null);

        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("| 2 | 5000000 | 4000000 | 3000000 | 75 % | 80 % | 60 % |")
                .doesNotContain("| 1 |")
                .contains("Median ws50 / json50: 75 %");
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
