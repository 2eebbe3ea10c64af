package chat.server.ops;

import chat.server.net.Admission;
import chat.server.session.EndReason;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, and the optional HTTP endpoint that serves them in the Prometheus text format
 * ({@code /metrics}) next to a liveness probe ({@code /healthz}), on 127.0.0.1 only ({@link MetricsEndpoint};
 * README, "Metrics").
 *
 * <p>Counters are {@link LongAdder}s, so counting costs the hot path no contention; writers count per
 * batch, not per line.
 *
 * <p>Thread-safe: adders and a concurrent map; gauges are read from their owners on each scrape.
 */
public final class Metrics {
    private static final System.Logger LOG = System.getLogger(Metrics.class.getName());

    public final LongAdder linesIn = new LongAdder();
    public final LongAdder deliveries = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder sendQueueOverflows = new LongAdder();
    public final LongAdder floodDelayed = new LongAdder();
    public final LongAdder floodDropped = new LongAdder();
    public final LongAdder floodThrottled = new LongAdder();
    public final LongAdder operFailures = new LongAdder();
    public final LongAdder operThrottled = new LongAdder();
    public final LongAdder writersRunning = new LongAdder();
    public final LongAdder storeRows = new LongAdder();
    public final LongAdder storeCommits = new LongAdder();
    public final LongAdder storeErrors = new LongAdder();
    public final LongAdder storeRejected = new LongAdder();
    public final LongAdder storeExpired = new LongAdder();
    public final LongAdder busBatchesOut = new LongAdder();
    public final LongAdder busEventsOut = new LongAdder();
    public final LongAdder busBatchesIn = new LongAdder();
    public final LongAdder busEventsIn = new LongAdder();
    public final LongAdder busSignalsOut = new LongAdder();
    public final LongAdder busSignalsIn = new LongAdder();
    public final LongAdder busRefused = new LongAdder();
    public final LongAdder busUnkept = new LongAdder();
    private volatile IntSupplier storeQueue = () -> 0;
    /** Null without a cluster. */
    private volatile Cluster cluster;

    /** Where a cluster node's gauges are read from. */
    public record Cluster(IntSupplier nodes, java.util.function.BooleanSupplier connected,
                          java.util.function.LongSupplier lagMillis, IntSupplier queue) { }
    private final Map<EndReason, LongAdder> disconnects = adders(EndReason.class);
    private final Map<Admission.Refusal, LongAdder> rejected = adders(Admission.Refusal.class);
    private final IntSupplier connections;
    private final IntSupplier nicknames;
    private final IntSupplier rooms;
    private volatile MetricsEndpoint http;

    public Metrics(IntSupplier connections, IntSupplier nicknames, IntSupplier rooms) {
        this.connections = connections;
        this.nicknames = nicknames;
        this.rooms = rooms;
    }

    private static <E extends Enum<E>> Map<E, LongAdder> adders(Class<E> type) {
        Map<E, LongAdder> map = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            map.put(e, new LongAdder());
        }
        return Collections.unmodifiableMap(map);
    }

    /** Counts a finished connection under its reason. */
    public void disconnected(EndReason reason) {
        disconnects.get(reason).increment();
    }

    /** Counts a connection refused before its session started. */
    public void rejected(Admission.Refusal why) {
        rejected.get(why).increment();
    }

    public long disconnects(EndReason reason) {
        return disconnects.get(reason).sum();
    }

    /** Where the store's write-queue depth is read from. */
    public void storeQueue(IntSupplier depth) {
        storeQueue = depth;
    }

    /** Makes /metrics show the cluster figures. */
    public void cluster(Cluster gauges) {
        cluster = gauges;
    }

    /** Writer threads running right now (0 when every client is idle). */
    public long writersRunning() {
        return writersRunning.sum();
    }

    /** The counters in the Prometheus text exposition format. */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        gauge(out, "chat_clients_connected", "Connections being served, in any phase.", connections.getAsInt());
        gauge(out, "chat_clients_chatting", "Clients past the handshake (holding a nickname).", nicknames.getAsInt());
        gauge(out, "chat_rooms", "Rooms with at least one member.", rooms.getAsInt());
        gauge(out, "chat_writers_running", "Writer threads running (clients with output in flight).", writersRunning.sum());
        counter(out, "chat_lines_in_total", "Lines received from clients after the handshake.", linesIn.sum());
        counter(out, "chat_bytes_in_total", "Bytes of those lines.", bytesIn.sum());
        counter(out, "chat_deliveries_total", "Lines written to clients.", deliveries.sum());
        counter(out, "chat_bytes_out_total", "Bytes written to clients.", bytesOut.sum());
        counter(out, "chat_send_queue_overflows_total", "Clients disconnected for not reading.", sendQueueOverflows.sum());
        counter(out, "chat_flood_delayed_total", "Lines delayed by flood control.", floodDelayed.sum());
        counter(out, "chat_flood_dropped_total", "Lines dropped by flood control.", floodDropped.sum());
        counter(out, "chat_flood_throttled_total", "Reads held back by the per-connection byte-rate cap.",
                floodThrottled.sum());
        counter(out, "chat_oper_failures_total", "Wrong operator passwords.", operFailures.sum());
        counter(out, "chat_oper_throttled_total", "Operator password attempts refused unchecked (back-off).",
                operThrottled.sum());
        gauge(out, "chat_store_queue", "Changes waiting for the store's writer.", storeQueue.getAsInt());
        counter(out, "chat_store_rows_total", "Messages written to the store.", storeRows.sum());
        counter(out, "chat_store_commits_total", "Store transactions committed (each a batch).", storeCommits.sum());
        counter(out, "chat_store_errors_total", "Store reads or writes that failed.", storeErrors.sum());
        counter(out, "chat_store_rejected_total", "Messages refused because the store's queue was full.", storeRejected.sum());
        counter(out, "chat_store_expired_total", "Messages deleted by retention.", storeExpired.sum());
        Cluster c = cluster;
        if (c != null) {
            gauge(out, "chat_cluster_connected", "1 while the broker is reachable, 0 while it is not.",
                    c.connected().getAsBoolean() ? 1 : 0);
            gauge(out, "chat_cluster_nodes", "Other nodes heard from within the loss timeout.", c.nodes().getAsInt());
            gauge(out, "chat_cluster_lag_milliseconds", "Age of the last log batch when this node applied it.",
                    c.lagMillis().getAsLong());
            gauge(out, "chat_cluster_publish_queue", "Events waiting to be published to the log.", c.queue().getAsInt());
            counter(out, "chat_cluster_batches_published_total", "Batches this node appended to the log.", busBatchesOut.sum());
            counter(out, "chat_cluster_events_published_total", "Events in those batches.", busEventsOut.sum());
            counter(out, "chat_cluster_batches_consumed_total", "Log batches applied.", busBatchesIn.sum());
            counter(out, "chat_cluster_events_consumed_total", "Events in those batches.", busEventsIn.sum());
            counter(out, "chat_cluster_signals_published_total", "Signals sent (presence, private messages).", busSignalsOut.sum());
            counter(out, "chat_cluster_signals_consumed_total", "Signals received.", busSignalsIn.sum());
            counter(out, "chat_cluster_refused_total", "Events refused because the publish queue was full.", busRefused.sum());
            counter(out, "chat_cluster_unkept_total", "Events delivered on this node only while the broker was unreachable.",
                    busUnkept.sum());
        }
        labelled(out, "chat_disconnects_total", "Finished connections by reason.", "reason", disconnects);
        labelled(out, "chat_rejected_connections_total", "Connections refused at accept, by reason.", "reason", rejected);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n").append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    /** A counter per value of a closed set: label values are enum labels, never anything a user typed. */
    private static void labelled(StringBuilder out, String name, String help, String label,
                                 Map<? extends Enum<?>, LongAdder> values) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n");
        for (var e : values.entrySet()) {
            long count = e.getValue().sum();
            if (count > 0) {
                out.append(name).append('{').append(label).append("=\"")
                        .append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append("\"} ")
                        .append(count).append('\n');
            }
        }
    }

    /** Serves /metrics and /healthz on 127.0.0.1:{@code port} (0 picks a free port). */
    public void serve(int port) throws IOException {
        http = MetricsEndpoint.start(port, this::prometheus);
        LOG.log(System.Logger.Level.INFO, "metrics on http://{0}/metrics", http.address());
    }

    /** The metrics port, or -1 when not serving. */
    public int port() {
        MetricsEndpoint endpoint = http;
        return endpoint == null ? -1 : endpoint.port();
    }

    public void stop() {
        MetricsEndpoint endpoint = http;
        if (endpoint != null) {
            endpoint.close();
        }
    }
}
