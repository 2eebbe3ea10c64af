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
 * The blast of scripts/bench's websocket group against an in-process server with a web port: all receivers on
 * text TCP, half on the WebSocket, half in JSON mode over TCP. Each JSON event carries the stamp inside its
 * {@code text}, and every receiver is counted alike, so all three expect the same deliveries and lose none.
 */
@Timeout(120)
class BenchTransportsTest {
    private static final int CLIENTS = 40;
    private static final int SENDERS = 4;
    private static final int LINES = 20;

    private ChatServer server;

    @BeforeEach
    void start() throws IOException {
        server = ChatServer.start(ServerConfig.loopback().withWeb(ServerConfig.Web.on("127.0.0.1", 0)));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private Map<String, String> blast(Protocol protocol) throws Exception {
        return blast(protocol, 0);
    }

    private Map<String, String> blast(Protocol protocol, int warmupLines) throws Exception {
        return blast(protocol, LINES, warmupLines);
    }

    private Map<String, String> blast(Protocol protocol, int lines, int warmupLines) throws Exception {
        return Scenario.run(new Scenario.Params("blast", "chat", new InetSocketAddress("127.0.0.1", server.port()),
                protocol, CLIENTS, SENDERS, 0, Duration.ofSeconds(1), Duration.ofMillis(200), lines, 60, 0, 50, 1,
                new ServerProbe(-1), "transports", 0, warmupLines));
    }

    @Test
    void webSocketFramesThatStraddleTwoReadsAreAllCounted() throws Exception {
        // 600 events of about 140 bytes to each receiver: far more than one 16 KB read, so frames cross reads.
        Map<String, String> ws50 = blast(new Protocol.Mixed(new Protocol.Chat(),
                new Protocol.WebSocket(server.webPort()), 50), 150, 0);

        assertThat(ws50).containsEntry("expected", String.valueOf(SENDERS * 150 * CLIENTS))
                .containsEntry("lost", "0").containsEntry("disconnected", "0");
    }

    @Test
    void aWarmUpBlastIsDeliveredButNotCounted() throws Exception {
        Map<String, String> result = blast(new Protocol.Mixed(new Protocol.Chat(),
                new Protocol.WebSocket(server.webPort()), 50), 3 * LINES);

        assertThat(result).containsEntry("warmup_lines", String.valueOf(3 * LINES)).containsEntry("warmup_lost", "0")
                .containsEntry("expected", String.valueOf(SENDERS * LINES * CLIENTS))
                .containsEntry("lost", "0").containsEntry("disconnected", "0");
    }

    @Test
    void textJsonAndWebSocketReceiversExpectTheSameDeliveriesAndLoseNone() throws Exception {
        Map<String, String> tcp = blast(new Protocol.Chat());
        Map<String, String> ws50 = blast(new Protocol.Mixed(new Protocol.Chat(),
                new Protocol.WebSocket(server.webPort()), 50));
        Map<String, String> json50 = blast(new Protocol.Mixed(new Protocol.Chat(), new Protocol.Json(), 50));
        for (Map<String, String> result : List.of(tcp, ws50, json50)) {
            assertThat(result).containsEntry("expected", String.valueOf(SENDERS * LINES * CLIENTS))
                    .containsEntry("lost", "0").containsEntry("disconnected", "0");
        }
        assertThat(Double.parseDouble(json50.get("p50_ms"))).as("latency read from the stamp in the JSON text")
                .isPositive();
    }

    @Test
    void webSocketAndJsonPercentTogetherAreAUsageError() {
        StringWriter err = new StringWriter();
        int code = new picocli.CommandLine(new BenchMain()).setErr(new PrintWriter(err, true))
                .execute("run", "--scenario", "blast", "--websocket-percent", "50", "--json-percent", "50");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("not both");
    }
}
