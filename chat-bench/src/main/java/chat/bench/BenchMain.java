package chat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load generator's command line: {@code run} one scenario against a running server and append its
 * result line to a file; {@code report} turns a file of result lines into results.md and latency.png.
 * scripts/bench drives both.
 *
 * <p>Thread-safe: used once, from main.
 */
@Command(name = "chat-bench", mixinStandardHelpOptions = true, version = "chat-bench",
        subcommands = {BenchMain.Run.class, BenchMain.ReportCommand.class, StoreBench.class},
        description = "Load generator for the chat server (and, for comparison, an IRC server).")
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one scenario.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--scenario", required = true, description = "idle, fanout, blast or slow")
        String scenario;
        @Option(names = "--server", description = "Label of the server under test (default: ${DEFAULT-VALUE}).")
        String server = "chat";
        @Option(names = "--protocol", description = "chat or irc (default: ${DEFAULT-VALUE}).")
        String protocol = "chat";
        @Option(names = "--host")
        String host = "127.0.0.1";
        @Option(names = "--port")
        int port = 55555;
        @Option(names = "--servers", split = ",", paramLabel = "HOST:PORT", converter = AddressConverter.class,
                description = "Spread the clients over these servers (client i on server i mod n) instead of "
                        + "--host/--port.")
        List<InetSocketAddress> servers;
        @Option(names = "--cluster", description = "The --servers are one cluster: a room is shared by all of them "
                + "(without it each server is its own room, and loss is counted per server).")
        boolean cluster;
        @Option(names = "--clients")
        int clients = 1000;
        @Option(names = "--senders")
        int senders = 10;
        @Option(names = "--rate", description = "Lines per second per sender (fanout, slow).")
        double rate = 10;
        @Option(names = "--duration", description = "Measured seconds (fanout, slow).")
        double duration = 10;
        @Option(names = "--warmup", description = "Seconds of load before measuring (fanout, slow).")
        double warmup = 3;
        @Option(names = "--lines", description = "Lines per sender (blast).")
        int lines = 500;
        @Option(names = "--warmup-lines", description = "blast: lines per sender sent and drained before measuring, "
                + "then a wait for the load generator's JIT to be quiet (default: 0, none).")
        int warmupLines;
        @Option(names = "--size", description = "Message text bytes.")
        int size = 60;
        @Option(names = "--slow-percent", description = "Clients that never read (slow).")
        double slowPercent = 1;
        @Option(names = "--window", description = "Handshakes in flight while connecting (default: ${DEFAULT-VALUE}).")
        int window = 400;
        @Option(names = "--warmup-clients",
                description = "idle: clients connected and dropped before measuring (default: ${DEFAULT-VALUE}).")
        int warmupClients = 2000;
        @Option(names = "--readers", description = "Selector threads of the load generator.")
        int readers = 1;
        @Option(names = "--websocket-percent",
                description = "Clients (receivers, never the senders) that connect over the WebSocket (default: 0).")
        int websocketPercent;
        @Option(names = "--json-percent", description = "Clients (receivers, never the senders) that speak JSON mode "
                + "over TCP, the WebSocket's events without its frames (default: 0).")
        int jsonPercent;

        @Option(names = "--web-port", description = "The server's web port, for --websocket-percent.")
        int webPort = 8080;

        @Option(names = "--server-pid", description = "PID of the server, for CPU and RSS.")
        long serverPid = -1;
        @Option(names = "--tag", description = "Free-form label for the report (e.g. sweep).")
        String tag = "";
        @Option(names = "--out", description = "Append the result line to this file.")
        Path out;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            List<InetSocketAddress> addresses = servers == null ? List.of(new InetSocketAddress(host, port))
                    : servers;
            if (addresses.size() > 1 && websocketPercent > 0) {
                throw usage("--websocket-percent takes one server; not with several --servers");
            }
            if (websocketPercent > 0 && jsonPercent > 0) {
                throw usage("--websocket-percent or --json-percent, not both");
            }
            if (websocketPercent < 0 || websocketPercent > 100 || jsonPercent < 0 || jsonPercent > 100) {
                throw usage("--websocket-percent and --json-percent are 0-100");
            }
            Protocol proto = protocol.equals("irc") ? new Protocol.Irc("#bench") : new Protocol.Chat();
            if (websocketPercent > 0) {
                proto = new Protocol.Mixed(new Protocol.Chat(), new Protocol.WebSocket(webPort), websocketPercent);
            } else if (jsonPercent > 0) {
                proto = new Protocol.Mixed(new Protocol.Chat(), new Protocol.Json(), jsonPercent);
            }
            Scenario.Params params = new Scenario.Params(scenario, server, addresses, cluster, proto, clients,
                    senders, rate, seconds(duration), seconds(warmup), lines, size, slowPercent, window, readers, new ServerProbe(serverPid), tag, warmupClients,
                    warmupLines);
            Map<String, String> result = Scenario.run(params);
            String line = result.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\t"));
            System.out.println(line.replace('\t', ' '));
            if (out != null) {
                Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return 0;
        }

        /** A usage error of this command line (so picocli prints it where the caller asked, and exits 2). */
        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        /** {@code host:port}, or {@code [v6]:port}, of {@code --servers}. */
        static final class AddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
            @Override
            public InetSocketAddress convert(String hostPort) {
                int colon = hostPort.lastIndexOf(':');
                try {
                    String h = hostPort.substring(0, Math.max(colon, 0)).replaceAll("^\\[|]$", "");
                    if (h.isEmpty()) {
                        throw new IllegalArgumentException("no host");
                    }
                    return new InetSocketAddress(h, Integer.parseInt(hostPort.substring(colon + 1)));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.TypeConversionException(hostPort + " is not host:port");
                }
            }
        }

        private static Duration seconds(double s) {
            return Duration.ofNanos((long) (s * 1e9));
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write results.md and latency.png from result lines.")
    static final class ReportCommand implements Callable<Integer> {
        @Option(names = "--in", required = true)
        Path in;
        @Option(names = "--out-dir", required = true)
        Path outDir;
        @Option(names = "--notes", description = "A file whose text is added under the tables.")
        Path notes;

        @Override
        public Integer call() throws IOException {
            Report.write(in, outDir, notes);
            return 0;
        }
    }
}
