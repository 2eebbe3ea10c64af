package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.ChatServer;
import chat.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients spread over several servers ({@code --servers}): client i on server i mod n, and deliveries counted
 * against the sender's room — the whole fleet for a cluster, else the sender's server. Two independent in-process
 * servers stand for "each server its own room"; one server listed twice for a cluster (one shared room).
 */
@Timeout(120)
class BenchServersTest {
    private static final int CLIENTS = 40;
    private static final int SENDERS = 4;
    private static final int LINES = 20;

    private ChatServer first;
    private ChatServer second;

    @BeforeEach
    void start() throws IOException {
        first = ChatServer.start(ServerConfig.loopback());
        second = ChatServer.start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() throws IOException {
        first.close();
        second.close();
    }

    private static InetSocketAddress at(ChatServer server) {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    private static Scenario.Params params(String scenario, List<InetSocketAddress> servers, boolean cluster) {
        return new Scenario.Params(scenario, "chat", servers, cluster, new Protocol.Chat(), CLIENTS, SENDERS, 20,
                Duration.ofSeconds(1), Duration.ofMillis(200), LINES, 60, 0, 50, 1, new ServerProbe(-1), "servers", 0, 0);
    }

    @Test
    void onIndependentServersEachMessageIsExpectedOnlyOnItsSendersServer() throws Exception {
        List<InetSocketAddress> two = List.of(at(first), at(second));
        Map<String, String> blast = Scenario.run(params("blast", two, false));
        // 4 senders (two per server) x 20 lines x the 20 clients of their own server
        assertThat(blast).containsEntry("servers", "2").containsEntry("cluster", "false")
                .containsEntry("expected", String.valueOf(SENDERS * LINES * CLIENTS / 2)).containsEntry("lost", "0")
                .containsEntry("cross_deliveries", "0");
        Map<String, String> fanout = Scenario.run(params("fanout", two, false));
        assertThat(fanout).containsEntry("lost", "0");
        assertThat(Scenario.run(params("idle", two, false))).containsEntry("broadcast_reached", "20/20");
    }

    @Test
    void inAClusterEveryClientOfEveryServerIsExpectedAndCrossServerLatencyIsMeasured() throws Exception {
        List<InetSocketAddress> oneRoom = List.of(at(first), at(first)); // one server twice: one shared room
        Map<String, String> blast = Scenario.run(params("blast", oneRoom, true));
        assertThat(blast).containsEntry("cluster", "true")
                .containsEntry("expected", String.valueOf(SENDERS * LINES * CLIENTS)).containsEntry("lost", "0")
                // each line reaches the 20 clients "on the other server"
                .containsEntry("cross_deliveries", String.valueOf(SENDERS * LINES * CLIENTS / 2));
        assertThat(Double.parseDouble(blast.get("cross_p99_ms"))).isPositive();
        Map<String, String> fanout = Scenario.run(params("fanout", oneRoom, true));
        assertThat(fanout).containsEntry("lost", "0");
        assertThat(Long.parseLong(fanout.get("cross_deliveries"))).isPositive();
    }

    @Test
    void serversThatAreNotOneClusterButSaidToBeShowTheMissingDeliveriesAsLost() throws Exception {
        Map<String, String> blast = Scenario.run(params("blast", List.of(at(first), at(second)), true));
        assertThat(blast).containsEntry("expected", String.valueOf(SENDERS * LINES * CLIENTS))
                .containsEntry("lost", String.valueOf(SENDERS * LINES * CLIENTS / 2));
    }

    @Test
    void aServerThatIsNotHostAndPortIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = new picocli.CommandLine(new BenchMain()).setErr(new PrintWriter(err, true))
                .execute("run", "--scenario", "idle", "--servers", "127.0.0.1:55555,nohost");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nohost is not host:port");
    }
}
