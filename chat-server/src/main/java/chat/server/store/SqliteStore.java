package chat.server.store;

import chat.common.Json;
import chat.server.ServerConfig;
import chat.server.core.Moderation;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * History, topics, bans and mutes in one SQLite file under the data directory (README, "History that
 * survives restarts"), written behind the rooms.
 *
 * <p>Write path: a room appends to its in-memory tail and offers the change to a bounded queue (never
 * blocking, never I/O under the room's lock); one platform thread, {@code store-writer}, drains the queue
 * and commits what it took in one transaction (group commit: the more that waits, the bigger the batch).
 * With {@code synchronous=NORMAL} in WAL mode a committed transaction survives a crash of the process;
 * {@code --durability full} also fsyncs each commit. A full queue refuses the append, and the room tells
 * the sender the server is busy: nothing accepted is dropped.
 *
 * <p>Read path: at start, every room's last id, topic and recent messages are loaded, so {@link #open}
 * does no I/O. Older messages, resume and search are read by one platform thread, {@code store-reader},
 * with a connection of its own (WAL lets it read while the writer writes); the caller waits for it without
 * holding any lock. JDBC calls stay off virtual threads (the driver's native calls would pin them).
 *
 * <p>Thread-safe: the queue and maps are concurrent; each connection is confined to its thread.
 */
public final class SqliteStore implements HistoryStore, ModerationStore {
    private static final System.Logger LOG = System.getLogger(SqliteStore.class.getName());
    private static final String FILE = "chat.db";
    private static final String LOCK = "lock";
    private static final int MAX_BATCH = 4096;
    private static final int RETENTION_BATCH = 1000;
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);
    private static final Duration RETENTION_AT_START = Duration.ofSeconds(1);
    /** One small batch of expired messages (oldest first, so the scan stops early). */
    private static final String EXPIRE = "DELETE FROM messages WHERE seq IN (SELECT seq FROM messages WHERE ts < ?"
            + " ORDER BY seq LIMIT " + RETENTION_BATCH + ")";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** 1: messages and actions; 2: images too (the column {@code action} became {@code kind}; {@code url}, {@code size}). */
    private static final int SCHEMA_VERSION = 2;
    /** {@code messages.kind}: what a row is. */
    private static final int MESSAGE = 0;
    private static final int ACTION = 1;
    private static final int IMAGE = 2;
    /** The columns {@link #chat} reads, in its order. */
    private static final String CHAT_COLUMNS = "id, kind, nick, text, ts, url, size";
    /** SQLite's page cache per connection. */
    private static final int CACHE_KIB = 32 * 1024;

    /** Told when a batch could not be written, with the names of the rooms whose messages were in it. */
    @FunctionalInterface
    public interface FailureListener {
        void writeFailed(Set<String> roomNames, Exception cause);
    }

    /** A change waiting for the writer. */
    private sealed interface Write {
        record Append(String key, String name, Event.Chat event) implements Write { }

        record Topic(String key, String name, String topic) implements Write { }

        record SaveBan(Moderation.Ban ban) implements Write { }

        record DeleteBan(String address) implements Write { }

        record SaveMute(Moderation.Mute mute) implements Write { }

        record DeleteMute(String target) implements Write { }

        record Direct(Event.Direct dm) implements Write { }
    }

    /** What is loaded for one room at start, and kept for it while it is closed. */
    private record Saved(String name, long lastId, String topic, List<Event.Chat> tail) { }

    private final Path dir;
    private final ServerConfig.Store config;
    private final int tailSize;
    private final Metrics metrics;
    private final FailureListener onFailure;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ArrayBlockingQueue<Write> queue;
    private final ConcurrentHashMap<String, Saved> saved = new ConcurrentHashMap<>();
    private final List<Moderation.Ban> loadedBans;
    private final List<Moderation.Mute> loadedMutes;
    private final Connection writeConnection; // confined to the writer thread after start
    private final Thread writer;
    private final ExecutorService reader;
    private final ThreadLocal<Connection> readConnection = new ThreadLocal<>();
    private volatile boolean closing;
    /** Changes ever queued, and ever committed (or given up on): the writer takes them in queue order. */
    private final java.util.concurrent.atomic.AtomicLong enqueued = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.locks.ReentrantLock written = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.locks.Condition writtenChanged = written.newCondition();
    private long committed; // guarded by written
    /** How far ids jump after a crash: more than could have been handed out but not yet written. */
    private final long crashGap;

    private SqliteStore(Path dir, ServerConfig.Store config, int tailSize, Metrics metrics,
                        FailureListener onFailure, FileChannel lockChannel, FileLock lock,
                        Connection writeConnection, boolean idsFromLog) throws SQLException {
        this.dir = dir;
        this.config = config;
        this.tailSize = tailSize;
        this.metrics = metrics;
        this.onFailure = onFailure;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writeConnection = writeConnection;
        this.queue = new ArrayBlockingQueue<>(config.queue());
        this.crashGap = stoppedCleanly(idsFromLog) || idsFromLog ? 0 : config.queue() + MAX_BATCH;
        markRunning(true);
        expireAtStart();
        this.loadedBans = loadBans();
        this.loadedMutes = loadMutes();
        loadRooms();
        this.writer = Thread.ofPlatform().name("store-writer").daemon().unstarted(this::writeLoop);
        this.reader = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("store-reader").daemon()
                .unstarted(r));
        metrics.storeQueue(queue::size);
    }

    /**
     * Opens (creating if need be) the store in {@code config.dataDir()} and loads what rooms need.
     *
     * @param tailSize  messages each room keeps in memory
     * @param onFailure told when a batch fails to be written (from the writer thread)
     * @throws StoreException with a message for the operator: the directory cannot be created or written, is
     *                        in use by another server, or holds a file that is not a chat database
     * @throws IOException     if the lock file cannot be written
     */
    public static SqliteStore open(ServerConfig.Store config, int tailSize, Metrics metrics,
                                   FailureListener onFailure) throws IOException {
        return open(config, tailSize, metrics, onFailure, false);
    }

    /**
     * @param idsFromLog whether message ids come from a cluster's log rather than from this store: then ids
     *                   need no gap after a crash (the log hands out each id once), see {@link #highestId()}
     */
    public static SqliteStore open(ServerConfig.Store config, int tailSize, Metrics metrics,
                                   FailureListener onFailure, boolean idsFromLog) throws IOException {
        Path dir = config.dataDir().toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("data directory " + dir + " is not writable (check its owner and mode)", null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot write " + dir.resolve(LOCK) + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new StoreException("data directory " + dir + " is in use by another server (its pid is in "
                    + dir.resolve(LOCK) + ")", null);
        }
        channel.truncate(0).write(java.nio.ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        long started = System.nanoTime();
        Connection connection = null;
        try {
            connection = connect(dir, config.durability());
            createSchema(connection);
            SqliteStore store = new SqliteStore(dir, config, tailSize, metrics, onFailure, channel, lock, connection,
                    idsFromLog);
            store.writer.start();
            LOG.log(System.Logger.Level.INFO, "store {0}: {1} rooms loaded in {2} ms", dir.resolve(FILE),
                    store.saved.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return store;
        } catch (SQLException e) {
            closeQuietly(connection);
            lock.release();
            channel.close();
            throw new StoreException("cannot use " + dir.resolve(FILE) + " (damaged, or not a chat database?): "
                    + e.getMessage() + "; move it away to start afresh", e);
        }
    }

    private static Connection connect(Path dir, ServerConfig.Durability durability) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + (durability == ServerConfig.Durability.FULL ? "FULL" : "NORMAL"));
            s.execute("PRAGMA cache_size=-" + CACHE_KIB);
            s.execute("PRAGMA temp_store=MEMORY");
        }
        return c;
    }

    /**
     * Creates the tables of a new file, or brings an older file's up to date in one transaction (a file of schema
     * 1 gets the image columns); refuses a file made by a newer version.
     */
    private static void createSchema(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            int found = 0; // a new file
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                if (r.next()) {
                    found = Integer.parseInt(r.getString(1));
                }
            }
            if (found > SCHEMA_VERSION) {
                throw new SQLException("made by a newer version (schema " + found + ")");
            }
            if (found == 1) {
                // Existing rows keep their meaning: action 0 is a message and 1 an action, as kind.
                s.execute("ALTER TABLE messages RENAME COLUMN action TO kind");
                s.execute("ALTER TABLE messages ADD COLUMN url TEXT");
                s.execute("ALTER TABLE messages ADD COLUMN size INTEGER");
            }
            s.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', '" + SCHEMA_VERSION + "')");
            s.execute("CREATE TABLE IF NOT EXISTS rooms(key TEXT PRIMARY KEY, name TEXT NOT NULL,"
                    + " topic TEXT NOT NULL DEFAULT '', last_id INTEGER NOT NULL DEFAULT 0)");
            // kind: MESSAGE, ACTION or IMAGE. An image's text is its file name (so a search finds it by that
            // name), url and size are its own; they are null for the other kinds.
            s.execute("CREATE TABLE IF NOT EXISTS messages(seq INTEGER PRIMARY KEY, room TEXT NOT NULL,"
                    + " id INTEGER NOT NULL, kind INTEGER NOT NULL, nick TEXT NOT NULL, text TEXT NOT NULL,"
                    + " ts INTEGER NOT NULL, url TEXT, size INTEGER)");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS messages_by_room ON messages(room, id)");
            // detail=none: the index knows which messages hold a word, not where: searches are for words, not
            // phrases, and it costs a third of the full index to keep up to date.
            s.execute("CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(text, content='messages',"
                    + " content_rowid='seq', detail=none)");
            s.execute("CREATE TRIGGER IF NOT EXISTS messages_indexed AFTER INSERT ON messages BEGIN"
                    + " INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text); END");
            s.execute("CREATE TRIGGER IF NOT EXISTS messages_unindexed AFTER DELETE ON messages BEGIN"
                    + " INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.seq, old.text); END");
            s.execute("CREATE TABLE IF NOT EXISTS bans(address TEXT PRIMARY KEY, nick TEXT NOT NULL,"
                    + " until_ms INTEGER NOT NULL, by TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS mutes(target TEXT PRIMARY KEY, nick TEXT NOT NULL,"
                    + " until_ms INTEGER NOT NULL, by TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS dms(seq INTEGER PRIMARY KEY, sender TEXT NOT NULL,"
                    + " recipient TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL)");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Deletes what expired while no server ran, before the rooms are loaded, within a small time budget
     * (a long backlog is left to the writer's rounds, every minute).
     */
    private void expireAtStart() throws SQLException {
        if (config.retentionDays() == 0) {
            return;
        }
        long cutoff = Instant.now().minus(Duration.ofDays(config.retentionDays())).toEpochMilli();
        long budgetEnd = System.nanoTime() + RETENTION_AT_START.toNanos();
        try (Statement s = writeConnection.createStatement();
             ResultSet oldest = s.executeQuery("SELECT ts FROM messages ORDER BY seq LIMIT 1")) {
            if (!oldest.next() || oldest.getLong(1) >= cutoff) {
                return; // nothing expired: no scan
            }
        }
        try (PreparedStatement expire = writeConnection.prepareStatement(EXPIRE)) {
            expire.setLong(1, cutoff);
            int deleted;
            do {
                deleted = expire.executeUpdate();
                metrics.storeExpired.add(deleted);
            } while (deleted > 0 && System.nanoTime() < budgetEnd);
        }
    }

    /** Whether the last server on this file closed it (false after a crash or kill -9). */
    private boolean stoppedCleanly(boolean idsFromLog) throws SQLException {
        try (Statement s = writeConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'running'")) {
            boolean clean = !r.next() || r.getString(1).equals("0");
            if (!clean) {
                LOG.log(System.Logger.Level.WARNING, idsFromLog
                        ? "the last server on {0} did not stop cleanly: what it had not yet written is read again from"
                                + " the log of the cluster"
                        : "the last server on {0} did not stop cleanly: messages it had not yet written are lost, and"
                                + " ids continue after a gap so none is used twice", dir);
            }
            return clean;
        }
    }

    private void markRunning(boolean running) throws SQLException {
        try (Statement s = writeConnection.createStatement()) {
            s.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('running', '" + (running ? 1 : 0) + "')");
        }
    }

    private void loadRooms() throws SQLException {
        try (Statement s = writeConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT key, name, topic, last_id FROM rooms");
             PreparedStatement tail = writeConnection.prepareStatement(
                     "SELECT " + CHAT_COLUMNS + " FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?")) {
            while (r.next()) {
                String key = r.getString(1);
                String name = r.getString(2);
                tail.setString(1, key);
                tail.setInt(2, tailSize);
                List<Event.Chat> events = new ArrayList<>();
                try (ResultSet t = tail.executeQuery()) {
                    while (t.next()) {
                        events.add(chat(name, t));
                    }
                }
                long lastId = r.getLong(4) + crashGap;
                saved.put(key, new Saved(name, lastId, r.getString(3), events.reversed()));
            }
        }
    }

    /** The event in a row of {@link #CHAT_COLUMNS}. */
    private static Event.Chat chat(String room, ResultSet r) throws SQLException {
        long id = r.getLong(1);
        int kind = r.getInt(2);
        String nick = r.getString(3);
        String text = r.getString(4);
        Instant ts = Instant.ofEpochMilli(r.getLong(5));
        return switch (kind) {
            case ACTION -> new Event.Action(id, room, nick, text, ts);
            case IMAGE -> new Event.Image(id, room, nick, r.getString(6), text, r.getLong(7), ts);
            default -> new Event.Message(id, room, nick, text, ts);
        };
    }

    private List<Moderation.Ban> loadBans() throws SQLException {
        List<Moderation.Ban> bans = new ArrayList<>();
        try (Statement s = writeConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT address, nick, until_ms, by FROM bans")) {
            while (r.next()) {
                try {
                    bans.add(new Moderation.Ban(InetAddress.getByName(r.getString(1)), r.getString(2),
                            Instant.ofEpochMilli(r.getLong(3)), r.getString(4)));
                } catch (java.net.UnknownHostException e) {
                    // Only literal addresses are stored, so no lookup happens; a bad row is skipped, not fatal.
                    LOG.log(System.Logger.Level.WARNING, "skipping stored ban of {0}: {1}", r.getString(1), e);
                }
            }
        }
        return bans;
    }

    private List<Moderation.Mute> loadMutes() throws SQLException {
        List<Moderation.Mute> mutes = new ArrayList<>();
        try (Statement s = writeConnection.createStatement();
             ResultSet r = s.executeQuery("SELECT target, nick, until_ms, by FROM mutes")) {
            while (r.next()) {
                mutes.add(new Moderation.Mute(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
                        r.getString(4)));
            }
        }
        return mutes;
    }

    // ---- HistoryStore

    @Override
    public RoomHistory open(String roomKey, String roomName) {
        Saved s = saved.get(roomKey);
        // After a crash even a room never written may have handed out ids: it starts after the gap too.
        return s == null ? new Tail(roomKey, roomName, crashGap, "", List.of()) : new Tail(roomKey, roomName,
                s.lastId(), s.topic(), s.tail());
    }

    @Override
    public long highestId() {
        return saved.values().stream().mapToLong(Saved::lastId).max().orElse(0);
    }

    @Override
    public List<Event.Chat> before(String roomKey, long id, int n) {
        return read(c -> select(c, roomKey, "SELECT * FROM (SELECT " + CHAT_COLUMNS + " FROM messages"
                + " WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?) ORDER BY id", id, n));
    }

    @Override
    public Missed missed(String roomKey, long id, int n) {
        awaitWritten(enqueued.get());
        List<Missed> result = read(c -> {
            c.setAutoCommit(false); // one snapshot for the count and the rows
            try {
                long count;
                try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM messages WHERE room = ? AND id > ?")) {
                    p.setString(1, roomKey);
                    p.setLong(2, id);
                    try (ResultSet r = p.executeQuery()) {
                        count = r.next() ? r.getLong(1) : 0;
                    }
                }
                List<Event.Chat> last = count == 0 ? List.of() : select(c, roomKey, "SELECT * FROM (SELECT "
                        + CHAT_COLUMNS + " FROM messages WHERE room = ? AND id > ? ORDER BY id DESC LIMIT ?) ORDER BY id",
                        id, n);
                return List.of(new Missed(count, last));
            } finally {
                c.commit();
                c.setAutoCommit(true);
            }
        });
        return result.isEmpty() ? new Missed(0, List.of()) : result.get(0);
    }

    /** Waits (bounded) until the writer has committed the first {@code target} changes ever queued. */
    private void awaitWritten(long target) {
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        written.lock();
        try {
            while (committed < target && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                writtenChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            written.unlock();
        }
    }

    @Override
    public List<Event.Chat> search(String roomKey, String words, int n) {
        String match = ftsQuery(words);
        if (match.isEmpty()) {
            return List.of();
        }
        awaitWritten(enqueued.get()); // a message said a moment ago is found too
        return read(c -> {
            String name = roomName(c, roomKey);
            List<Event.Chat> found = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT * FROM (SELECT m.id, m.kind, m.nick, m.text, m.ts,"
                    + " m.url, m.size FROM messages_fts f JOIN messages m ON m.seq = f.rowid"
                    + " WHERE messages_fts MATCH ? AND m.room = ? ORDER BY m.id DESC LIMIT ?) ORDER BY id")) {
                p.setString(1, match);
                p.setString(2, roomKey);
                p.setInt(3, n);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        found.add(chat(name, r));
                    }
                }
            }
            return found;
        });
    }

    /**
     * The letters-and-digits runs of {@code words}, each as a quoted FTS5 string ANDed together: what a user
     * types is never FTS syntax, and each term is one token, as the index (detail=none) requires.
     */
    static String ftsQuery(String words) {
        StringBuilder q = new StringBuilder();
        for (String word : words.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                q.append(q.isEmpty() ? "" : " ").append('"').append(word).append('"');
            }
        }
        return q.toString();
    }

    @Override
    public void direct(Event.Direct dm) {
        if (config.storeDms()) {
            offerOrWait(new Write.Direct(dm));
        }
    }

    private List<Event.Chat> select(Connection c, String roomKey, String sql, long id, int n) throws SQLException {
        String name = roomName(c, roomKey);
        List<Event.Chat> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, roomKey);
            p.setLong(2, id);
            p.setInt(3, n);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(chat(name, r));
                }
            }
        }
        return out;
    }

    private static String roomName(Connection c, String roomKey) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT name FROM rooms WHERE key = ?")) {
            p.setString(1, roomKey);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : roomKey;
            }
        }
    }

    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code query} on the reader thread and waits for it (bounded); an error reads as nothing found. */
    private <T> List<T> read(Query<List<T>> query) {
        Future<List<T>> result = reader.submit(() -> query.run(readConnection()));
        try {
            return result.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            result.cancel(true);
            metrics.storeErrors.increment();
            LOG.log(System.Logger.Level.ERROR, "store read failed: {0}", e.toString());
            return List.of();
        }
    }

    private Connection readConnection() throws SQLException {
        Connection c = readConnection.get();
        if (c == null) {
            c = connect(dir, config.durability());
            readConnection.set(c);
        }
        return c;
    }

    // ---- ModerationStore

    @Override
    public List<Moderation.Ban> bans() {
        return loadedBans;
    }

    @Override
    public List<Moderation.Mute> mutes() {
        return loadedMutes;
    }

    @Override
    public void saveBan(Moderation.Ban ban) {
        offerOrWait(new Write.SaveBan(ban));
    }

    @Override
    public void deleteBan(InetAddress address) {
        offerOrWait(new Write.DeleteBan(address.getHostAddress()));
    }

    @Override
    public void saveMute(Moderation.Mute mute) {
        offerOrWait(new Write.SaveMute(mute));
    }

    @Override
    public void deleteMute(String target) {
        offerOrWait(new Write.DeleteMute(target));
    }

    /** For the rare writes not made under a room's lock: wait a little for room in the queue rather than lose them. */
    private void offerOrWait(Write write) {
        try {
            if (queue.offer(write, READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                enqueued.incrementAndGet();
            } else {
                metrics.storeRejected.increment();
                LOG.log(System.Logger.Level.ERROR, "store queue full, not kept: {0}", write);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the writer

    private void writeLoop() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        long nextRetention = System.nanoTime() + RETENTION_EVERY.toNanos(); // the first round ran at start
        try (Statements st = new Statements(writeConnection)) {
            while (true) {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                } else {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                    commit(st, batch);
                    written(batch.size());
                    batch.clear();
                }
                if (config.retentionDays() > 0 && System.nanoTime() - nextRetention >= 0) {
                    nextRetention = System.nanoTime() + RETENTION_EVERY.toNanos();
                    retention(st);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "store writer cannot prepare its statements: {0}", e.toString());
        }
    }

    /** The writer's prepared statements. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement insert;
        final PreparedStatement lastId;
        final PreparedStatement topic;
        final PreparedStatement saveBan;
        final PreparedStatement deleteBan;
        final PreparedStatement saveMute;
        final PreparedStatement deleteMute;
        final PreparedStatement direct;
        final PreparedStatement oldest;
        final PreparedStatement expire;

        Statements(Connection c) throws SQLException {
            // The batch goes in as one JSON array, unpacked by SQLite itself: one bind for the whole batch instead
            // of six calls into the driver per row.
            // An image's row has two more items (url, size); the others read as null.
            insert = c.prepareStatement("INSERT INTO messages(room, id, kind, nick, text, ts, url, size) SELECT"
                    + " value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6,"
                    + " value ->> 7 FROM json_each(?)");
            lastId = c.prepareStatement("INSERT INTO rooms(key, name, last_id) VALUES (?, ?, ?) ON CONFLICT(key)"
                    + " DO UPDATE SET last_id = max(last_id, excluded.last_id)");
            topic = c.prepareStatement("INSERT INTO rooms(key, name, topic) VALUES (?, ?, ?) ON CONFLICT(key)"
                    + " DO UPDATE SET topic = excluded.topic");
            saveBan = c.prepareStatement("INSERT OR REPLACE INTO bans(address, nick, until_ms, by) VALUES (?, ?, ?, ?)");
            deleteBan = c.prepareStatement("DELETE FROM bans WHERE address = ?");
            saveMute = c.prepareStatement("INSERT OR REPLACE INTO mutes(target, nick, until_ms, by) VALUES (?, ?, ?, ?)");
            deleteMute = c.prepareStatement("DELETE FROM mutes WHERE target = ?");
            direct = c.prepareStatement("INSERT INTO dms(sender, recipient, text, ts) VALUES (?, ?, ?, ?)");
            oldest = c.prepareStatement("SELECT ts FROM messages ORDER BY seq LIMIT 1");
            expire = c.prepareStatement(EXPIRE);
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement p : new PreparedStatement[] {insert, lastId, topic, saveBan, deleteBan, saveMute,
                deleteMute, direct, oldest, expire}) {
                p.close();
            }
        }
    }

    private void commit(Statements st, List<Write> batch) {
        Map<String, Write.Append> lastPerRoom = new HashMap<>();
        StringBuilder rowsJson = new StringBuilder("[");
        int rows = 0;
        try {
            writeConnection.setAutoCommit(false);
            for (Write w : batch) {
                switch (w) {
                    case Write.Append a -> {
                        Event.Chat e = a.event();
                        rowsJson.append(rows == 0 ? "[" : ",[");
                        Json.quote(rowsJson, a.key()).append(',').append(e.id()).append(',').append(kind(e)).append(',');
                        Json.quote(rowsJson, e.nick()).append(',');
                        Json.quote(rowsJson, e.text()).append(',').append(e.ts().toEpochMilli());
                        if (e instanceof Event.Image i) {
                            Json.quote(rowsJson.append(','), i.url()).append(',').append(i.size());
                        }
                        rowsJson.append(']');
                        lastPerRoom.put(a.key(), a);
                        rows++;
                    }
                    case Write.Topic t -> {
                        st.topic.setString(1, t.key());
                        st.topic.setString(2, t.name());
                        st.topic.setString(3, t.topic());
                        st.topic.executeUpdate();
                    }
                    case Write.SaveBan b -> {
                        st.saveBan.setString(1, b.ban().address().getHostAddress());
                        st.saveBan.setString(2, b.ban().nick());
                        st.saveBan.setLong(3, b.ban().until().toEpochMilli());
                        st.saveBan.setString(4, b.ban().by());
                        st.saveBan.executeUpdate();
                    }
                    case Write.DeleteBan b -> {
                        st.deleteBan.setString(1, b.address());
                        st.deleteBan.executeUpdate();
                    }
                    case Write.SaveMute m -> {
                        st.saveMute.setString(1, m.mute().target());
                        st.saveMute.setString(2, m.mute().nick());
                        st.saveMute.setLong(3, m.mute().until().toEpochMilli());
                        st.saveMute.setString(4, m.mute().by());
                        st.saveMute.executeUpdate();
                    }
                    case Write.DeleteMute m -> {
                        st.deleteMute.setString(1, m.target());
                        st.deleteMute.executeUpdate();
                    }
                    case Write.Direct d -> {
                        st.direct.setString(1, d.dm().from());
                        st.direct.setString(2, d.dm().to());
                        st.direct.setString(3, d.dm().text());
                        st.direct.setLong(4, d.dm().ts().toEpochMilli());
                        st.direct.executeUpdate();
                    }
                }
            }
            if (rows > 0) {
                st.insert.setString(1, rowsJson.append(']').toString());
                st.insert.executeUpdate();
            }
            for (Write.Append a : lastPerRoom.values()) {
                st.lastId.setString(1, a.key());
                st.lastId.setString(2, a.name());
                st.lastId.setLong(3, a.event().id());
                st.lastId.executeUpdate();
            }
            writeConnection.commit();
            metrics.storeRows.add(rows);
            metrics.storeCommits.increment();
        } catch (SQLException e) {
            rollback();
            metrics.storeErrors.increment();
            Set<String> rooms = new LinkedHashSet<>();
            for (Write w : batch) {
                if (w instanceof Write.Append a) {
                    rooms.add(a.name());
                }
            }
            LOG.log(System.Logger.Level.ERROR, "store write failed, {0} changes not kept (rooms {1}): {2}",
                    batch.size(), rooms, e.toString());
            onFailure.writeFailed(rooms, e);
        }
    }

    private static int kind(Event.Chat e) {
        return switch (e) {
            case Event.Message m -> MESSAGE;
            case Event.Action a -> ACTION;
            case Event.Image i -> IMAGE;
        };
    }

    /** Counts {@code n} more changes as done with (committed, or failed and reported) and wakes waiters. */
    private void written(int n) {
        written.lock();
        try {
            committed += n;
            writtenChanged.signalAll();
        } finally {
            written.unlock();
        }
    }

    private void rollback() {
        try {
            writeConnection.rollback();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.ERROR, "store rollback failed: {0}", e.toString());
        }
    }

    /** Deletes expired messages, a small batch per transaction, so the writer is never away for long. */
    private void retention(Statements st) {
        long cutoff = Instant.now().minus(Duration.ofDays(config.retentionDays())).toEpochMilli();
        try {
            writeConnection.setAutoCommit(true);
            while (!closing) {
                try (ResultSet r = st.oldest.executeQuery()) {
                    if (!r.next() || r.getLong(1) >= cutoff) {
                        return;
                    }
                }
                st.expire.setLong(1, cutoff);
                int deleted = st.expire.executeUpdate();
                metrics.storeExpired.add(deleted);
                if (deleted == 0 || !queue.isEmpty()) {
                    return; // messages are waiting: they go first, the rest expires on the next round
                }
            }
        } catch (SQLException e) {
            metrics.storeErrors.increment();
            LOG.log(System.Logger.Level.ERROR, "retention failed: {0}", e.toString());
        }
    }

    /** Writes everything queued, stops the threads and releases the directory. Idempotent. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            writer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.submit(() -> closeQuietly(readConnection.get()));
        reader.shutdown();
        try {
            reader.awaitTermination(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive() && queue.isEmpty()) {
            try {
                writeConnection.setAutoCommit(true);
                markRunning(false);
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot mark the store as stopped cleanly: {0}", e.toString());
            }
        }
        closeQuietly(writeConnection);
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing {0}: {1}", dir.resolve(LOCK), e.toString());
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the store: {0}", e.toString());
        }
    }

    // ---- one room

    /** A room's recent events, last id and topic in memory; every change also goes to the write queue. */
    private final class Tail implements RoomHistory {
        private final String key;
        private final String name;
        private final ArrayDeque<Event.Chat> events;
        private long lastId;
        private String topic;

        Tail(String key, String name, long lastId, String topic, List<Event.Chat> events) {
            this.key = key;
            this.name = name;
            this.lastId = lastId;
            this.topic = topic;
            this.events = new ArrayDeque<>(events);
        }

        @Override
        public long lastId() {
            return lastId;
        }

        @Override
        public String topic() {
            return topic;
        }

        @Override
        public boolean append(Event.Chat event) {
            if (!queue.offer(new Write.Append(key, name, event))) {
                metrics.storeRejected.increment();
                return false;
            }
            enqueued.incrementAndGet();
            lastId = event.id();
            if (tailSize > 0) {
                if (events.size() >= tailSize) {
                    events.removeFirst();
                }
                events.addLast(event);
            }
            return true;
        }

        @Override
        public boolean topicChanged(Event.TopicChanged event) {
            if (!queue.offer(new Write.Topic(key, name, event.topic()))) {
                metrics.storeRejected.increment();
                return false;
            }
            enqueued.incrementAndGet();
            topic = event.topic();
            return true;
        }

        @Override
        public List<Event.Chat> last(int n) {
            List<Event.Chat> all = new ArrayList<>(events);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        }

        @Override
        public List<Event.Chat> after(long id) {
            List<Event.Chat> out = new ArrayList<>();
            for (Event.Chat e : events) {
                if (e.id() > id) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public void close() {
            saved.put(key, new Saved(name, lastId, topic, List.copyOf(events)));
        }
    }
}
