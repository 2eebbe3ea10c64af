package chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns result lines ({@code key=value} separated by tabs, one per scenario run) into
 * {@code results.md} (tables per scenario, with the machine and JDK) and {@code latency.png}.
 *
 * <p>Thread-safe: stateless.
 */
final class Report {
    private static final String MISSING = "–";

    private Report() {
    }

    static void write(Path in, Path outDir, Path notes) throws IOException {
        List<Map<String, String>> rows = read(in);
        Files.createDirectories(outDir);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Made by `scripts/bench` on ").append(LocalDate.now()).append(". Load generator and server ran on ")
                .append("the same machine (loopback).\n\n");
        md.append("- Machine: ").append(Machine.describe()).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append('\n');
        md.append("- Message text: 60 bytes; latency is from the scheduled send time to receipt, measured by ")
                .append("the receiving client (HdrHistogram), in ms.\n\n");
        table(md, rows, "idle", "Idle: clients connect one after another into one room",
                new String[] {"server", "clients", "connects_per_s", "rss_per_conn_kb", "rss_after_mb", "broadcast_reached",
                    "broadcast_ms", "disconnected"});
        table(md, rows, "blast", "Blast: senders send as fast as they can",
                new String[] {"server", "clients", "senders", "lines_per_sender", "delivered_per_s", "elapsed_s", "lost",
                    "p50_ms", "p99_ms", "max_ms", "cpu_us_per_delivery", "disconnected"});
        transports(md, rows);
        table(md, rows, "fanout", "Fanout: paced senders (latency against offered load)",
                new String[] {"server", "clients", "senders", "rate_per_sender", "offered_per_s", "delivered_per_s",
                    "lost", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "cpu_us_per_delivery", "disconnected"});
        table(md, rows, "slow", "Slow: 1% of clients never read",
                new String[] {"server", "clients", "senders", "rate_per_sender", "muted", "delivered_per_s", "lost",
                    "p50_ms", "p99_ms", "p999_ms", "max_ms", "rss_mb", "disconnected"});
        table(md, rows, "store", "Store: ingest into SQLite (chat-bench store), then a restart",
                new String[] {"rooms", "offered_per_s", "duration_s", "offered", "refused", "stored", "stored_per_s",
                    "drain_s", "bytes_per_message", "db_mb", "restart_ms"});
        md.append("Column meanings: `delivered_per_s` counts lines received by clients per second; `lost` is lines ")
                .append("expected but never received (never-reading clients excluded); `cpu_us_per_delivery` is the ")
                .append("server process's user+system CPU time divided by deliveries; `rss_per_conn_kb` is the ")
                .append("growth of the server's resident memory per idle connection. ngircd does not echo a ")
                .append("sender's own line, so it has one delivery fewer per message.\n\n");
        md.append("![latency against offered load](latency.png)\n");
        if (notes != null && Files.exists(notes)) {
            md.append('\n').append(Files.readString(notes));
        }
        Files.writeString(outDir.resolve("results.md"), md);
        LatencyPlot.write(rows.stream().filter(r -> "fanout".equals(r.get("scenario"))).toList(),
                outDir.resolve("latency.png"));
    }

    static List<Map<String, String>> read(Path in) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(in)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (String field : line.split("\t")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    row.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static void table(StringBuilder md, List<Map<String, String>> rows, String scenario, String title,
                              String[] columns) {
        List<Map<String, String>> selected = rows.stream().filter(r -> scenario.equals(r.get("scenario"))).toList();
        if (selected.isEmpty()) {
            return;
        }
        md.append("## ").append(title).append("\n\n|");
        for (String c : columns) {
            md.append(' ').append(c).append(" |");
        }
        md.append("\n|");
        md.append(" --- |".repeat(columns.length));
        md.append('\n');
        for (Map<String, String> row : selected) {
            md.append('|');
            for (String c : columns) {
                md.append(' ').append(row.getOrDefault(c, MISSING)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    /**
     * The WebSocket group's comparison (README "Benchmark"): each round is a {@code tcp} blast and the {@code ws50} and
     * {@code json50} blasts after it on the same server. The target compares ws50 with json50: the same receivers
     * reading the same JSON events, half of them over /ws in one and over TCP in the other, so the transport is all
     * that differs. Against {@code tcp} (every receiver reads text lines) both also pay for JSON's longer events.
     */
    private static void transports(StringBuilder md, List<Map<String, String>> rows) {
        List<Round> rounds = new ArrayList<>();
        for (Map<String, String> row : rows) {
            String tag = row.getOrDefault("tag", "");
            if (!"blast".equals(row.get("scenario")) || row.get("delivered_per_s") == null) {
                continue;
            }
            Round last = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
            // One ws50 and one json50 per tcp blast: a second one has no tcp blast of its own to be compared with.
            if (tag.equals("tcp")) {
                rounds.add(new Round(rounds.size() + 1, row));
            } else if (tag.equals("ws50") && last != null && last.ws50 == null) {
                last.ws50 = row;
            } else if (tag.equals("json50") && last != null && last.json50 == null) {
                last.json50 = row;
            }
        }
        rounds.removeIf(r -> r.ws50 == null && r.json50 == null);
        if (rounds.isEmpty()) {
            return;
        }
        List<Double> wsJson = new ArrayList<>();
        List<Double> jsonTcp = new ArrayList<>();
        List<Double> wsTcp = new ArrayList<>();
        md.append("## WebSocket: half of the receivers on /ws (ws50), the same half reading JSON over TCP (json50), ")
                .append("all reading text over TCP (tcp)\n\n")
                .append("| round | tcp delivered_per_s | json50 delivered_per_s | ws50 delivered_per_s ")
                .append("| ws50 / json50 | json50 / tcp | ws50 / tcp |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Round r : rounds) {
            md.append("| ").append(r.number)
                    .append(" | ").append(delivered(r.tcp))
                    .append(" | ").append(delivered(r.json50))
                    .append(" | ").append(delivered(r.ws50))
                    .append(" | ").append(ratio(r.ws50, r.json50, wsJson))
                    .append(" | ").append(ratio(r.json50, r.tcp, jsonTcp))
                    .append(" | ").append(ratio(r.ws50, r.tcp, wsTcp))
                    .append(" |\n");
        }
        md.append("\nMedian ws50 / json50: ").append(medianPercent(wsJson))
                .append(" (target: at least 90 %: a receiver on /ws against the same receiver on TCP); ")
                .append("median json50 / tcp: ").append(medianPercent(jsonTcp))
                .append(", ws50 / tcp: ").append(medianPercent(wsTcp))
                .append(" (what JSON's longer events cost on top). A ratio with a side that lost receivers ")
                .append("is not counted.\n\n");
    }

    /** A tcp blast and the ws50 and json50 blasts that followed it, if they did. */
    private static final class Round {
        final int number;
        final Map<String, String> tcp;
        Map<String, String> ws50;
        Map<String, String> json50;

        Round(int number, Map<String, String> tcp) {
            this.number = number;
            this.tcp = tcp;
        }
    }

    private static String delivered(Map<String, String> row) {
        return row == null ? MISSING : row.get("delivered_per_s") + lostNote(row);
    }

    /**
     * {@code a}'s deliveries per second as a share of {@code b}'s, added to {@code ratios} unless either lost
     * receivers: a blast whose receivers were cut measured the send-queue limit, not the transport.
     */
    private static String ratio(Map<String, String> a, Map<String, String> b, List<Double> ratios) {
        if (a == null || b == null || Double.parseDouble(b.get("delivered_per_s")) <= 0) {
            return MISSING;
        }
        double ratio = Double.parseDouble(a.get("delivered_per_s")) / Double.parseDouble(b.get("delivered_per_s"));
        if (!lostNote(a).isEmpty() || !lostNote(b).isEmpty()) {
            return percent(ratio) + " (not counted)";
        }
        ratios.add(ratio);
        return percent(ratio);
    }

    private static String medianPercent(List<Double> ratios) {
        return ratios.isEmpty() ? MISSING : percent(median(ratios));
    }

    private static String lostNote(Map<String, String> row) {
        String lost = row.getOrDefault("lost", "0");
        return lost.equals("0") ? "" : " (" + lost + " lost)";
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String percent(double ratio) {
        return Math.round(ratio * 100) + " %";
    }

    /** A one-line description of this machine from /proc. */
    static final class Machine {
        private Machine() {
        }

        static String describe() {
            String cpu = "unknown CPU";
            long memKb = 0;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("model name")) {
                        cpu = line.substring(line.indexOf(':') + 1).strip();
                        break;
                    }
                }
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal:")) {
                        memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return "unknown (no /proc)";
            }
            return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + Math.round(memKb / 1048576.0) + " GiB RAM, " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version");
        }
    }
}
