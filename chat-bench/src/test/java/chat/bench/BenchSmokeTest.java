package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of every scenario against an in-process server, so the load generator and the report
 * cannot rot. This checks that the numbers are produced and sane, not how fast anything is: speed is
 * measured by scripts/bench.
 */
@Timeout(120)
class BenchSmokeTest {
    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private Scenario.Params params(String scenario, int clients, int senders, double rate, int lines) {
        return new Scenario.Params(scenario, "chat", new InetSocketAddress("127.0.0.1", server.port()),
                new Protocol.Chat(), clients, senders, rate, Duration.ofSeconds(1), Duration.ofMillis(200), lines,
                60, 5, 50, 1, new ServerProbe(ProcessHandle.current().pid()), "smoke", 50, 0);
    }

    @Test
    void everyScenarioRunsAndTheReportIsWritten(@TempDir Path dir) throws Exception {
        List<Map<String, String>> results = new ArrayList<>();
        results.add(Scenario.run(params("idle", 300, 1, 0, 0)));
        results.add(Scenario.run(params("blast", 100, 5, 0, 50)));
        results.add(Scenario.run(params("fanout", 100, 5, 20, 0)));
        results.add(Scenario.run(params("slow", 100, 5, 20, 0)));

        Map<String, String> idle = results.get(0);
        assertThat(idle.get("broadcast_reached")).isEqualTo("300/300");
        assertThat(Double.parseDouble(idle.get("connects_per_s"))).isPositive();
        Map<String, String> blast = results.get(1);
        assertThat(blast.get("expected")).isEqualTo("25000"); // 5 senders x 50 lines x 100 receivers
        assertThat(blast.get("lost")).isEqualTo("0");
        Map<String, String> fanout = results.get(2);
        assertThat(fanout.get("lost")).isEqualTo("0");
        assertThat(Double.parseDouble(fanout.get("p50_ms"))).isPositive();
        assertThat(Double.parseDouble(fanout.get("sent"))).isGreaterThan(50);
        assertThat(results.get(3).get("muted")).isEqualTo("5");

        Path raw = dir.resolve("results.tsv");
        Files.write(raw, results.stream()
                .map(r -> r.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("\t")))
                .toList());
        int store = new picocli.CommandLine(new StoreBench()).execute("--dir", dir.resolve("store").toString(),
                "--rooms", "3", "--rate", "2000", "--duration", "1", "--out", raw.toString());
        assertThat(store).as("the store took every message").isZero();
        Report.write(raw, dir, null);
        assertThat(Files.readString(dir.resolve("results.md")))
                .contains("## Idle", "## Blast", "## Fanout", "## Slow", "## Store", "| chat |");
        byte[] png = Files.readAllBytes(dir.resolve("latency.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
}
