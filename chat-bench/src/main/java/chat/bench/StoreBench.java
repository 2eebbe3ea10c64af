package chat.bench;

import chat.server.ServerConfig;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import chat.server.store.RoomHistory;
import chat.server.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The store alone, as the rooms use it: one thread appends messages at a fixed rate over some rooms (as
 * the room locks would, one at a time), the store's writer commits them behind it. Reports what was
 * committed per second, whether the queue ever refused a message, the file size per message and how long
 * a restart takes to load the rooms.
 *
 * <p>Not thread-safe: one run, one thread, plus the store's own.
 */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Ingest into the SQLite store, then restart it.")
final class StoreBench implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "A data directory to create (must not exist).")
    Path dir;

    @Option(names = "--rooms", description = "Rooms the messages are spread over (default: ${DEFAULT-VALUE}).")
    int rooms = 1;

    @Option(names = "--rate", description = "Messages per second offered (default: ${DEFAULT-VALUE}).")
    int rate = 200_000;

    @Option(names = "--duration", description = "Seconds of ingest (default: ${DEFAULT-VALUE}).")
    int duration = 60;

    @Option(names = "--size", description = "Message text bytes (default: ${DEFAULT-VALUE}).")
    int size = 60;

    @Option(names = "--queue", description = "The store's queue (--store-queue; default: ${DEFAULT-VALUE}).")
    int queue = ServerConfig.Store.inMemory().queue();

    @Option(names = "--out", description = "Append the result line to this file.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dir)) {
            System.err.println("chat-bench store: " + dir + " exists; give a new directory");
            return 2;
        }
        ServerConfig.Store config = new ServerConfig.Store(dir, ServerConfig.Durability.NORMAL, false, 0, queue);
        Metrics metrics = new Metrics(() -> 0, () -> 0, () -> 0);
        long offered = 0;
        long refused = 0;
        long start;
        long elapsed;
        try (SqliteStore store = SqliteStore.open(config, 200, metrics, (r, e) -> { })) {
            List<RoomHistory> histories = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                histories.add(store.open("#r" + r, "#r" + r));
            }
            String text = "x".repeat(size);
            long[] ids = new long[rooms];
            start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(duration);
            long now;
            while ((now = System.nanoTime()) < end) {
                long due = (now - start) * rate / 1_000_000_000L; // messages that should have been offered by now
                while (offered < due) {
                    int r = (int) (offered % rooms);
                    Event.Message m = new Event.Message(ids[r] + 1, "#r" + r, "u" + r, text, Instant.now());
                    if (histories.get(r).append(m)) {
                        ids[r]++;
                    } else {
                        refused++;
                    }
                    offered++;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000); // offer in small bursts, leaving the CPU to the store
            }
            elapsed = System.nanoTime() - start;
        } // close(): the writer commits everything queued first
        long committedAt = System.nanoTime() - start;
        long rows = metrics.storeRows.sum();
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(f -> f.getFileName().toString().startsWith("chat.db"))
                    .mapToLong(f -> f.toFile().length()).sum();
        }
        long reopened = System.nanoTime();
        try (SqliteStore again = SqliteStore.open(config, 200, new Metrics(() -> 0, () -> 0, () -> 0), (r, e) -> { })) {
            reopened = System.nanoTime() - reopened;
        }
        String line = String.format(Locale.ROOT, "scenario=store\tserver=chat\trooms=%d\toffered_per_s=%d\tduration_s=%d"
                        + "\toffered=%d\trefused=%d\tstored=%d\tstored_per_s=%.0f\tdrain_s=%.2f\tbytes_per_message=%.0f"
                        + "\tdb_mb=%.0f\trestart_ms=%d",
                rooms, rate, duration, offered, refused, rows, rows / (committedAt / 1e9),
                (committedAt - elapsed) / 1e9, rows == 0 ? 0.0 : (double) bytes / rows, bytes / 1e6,
                TimeUnit.NANOSECONDS.toMillis(reopened));
        System.out.println(line);
        if (out != null) {
            Files.writeString(out, line + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return refused == 0 ? 0 : 1;
    }
}
