package chat.server;

import chat.server.core.Directory;
import chat.server.core.LocalDirectory;
import chat.server.core.LocalPublisher;
import chat.server.core.Publisher;
import chat.server.core.Moderation;
import chat.server.protocol.Notices;
import chat.server.store.ModerationStore;
import chat.server.store.SqliteStore;
import chat.server.net.Admission;
import chat.server.net.Connection;
import chat.server.net.ChannelConnection;
import chat.server.net.Listener;
import chat.server.net.Poller;
import chat.server.net.SocketConnection;
import chat.server.net.TlsListener;
import chat.server.ops.Metrics;
import chat.server.protocol.JsonEncoder;
import chat.server.protocol.TextEncoder;
import chat.server.protocol.WebSocketEncoder;
import chat.server.session.Services;
import chat.server.session.Session;
import chat.server.store.HistoryStore;
import chat.server.store.MemoryHistoryStore;
import chat.server.web.Uploaders;
import chat.server.web.WebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running chat server: its listeners, the shared services of its sessions, and the live sessions.
 *
 * <p>Each listener ({@link Listener}) accepts on a virtual thread of its own and admits connections through
 * the one {@link Admission}; each admitted connection gets a {@link Session} whose reader runs on a
 * virtual thread named {@code reader-cN}.
 *
 * <p>{@link #close()} is idempotent and bounded: it stops accepting, sends every client a notice, gives
 * their writers {@code shutdownGrace} to flush, then closes every connection and waits up to the same time
 * for the sessions to finish their teardown.
 *
 * <p>Thread-safe: the live set and counters are concurrent; {@code close} may be called from any thread.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());
    /** Bounds of how often blocked writes are checked: a quarter of the write timeout, within these. */
    private static final long WRITE_CHECK_MIN_MILLIS = 100;
    private static final long WRITE_CHECK_MAX_MILLIS = 1000;

    private final ServerConfig config;
    private final Clock clock;
    private final Metrics metrics;
    private final ScheduledThreadPoolExecutor timers;
    private final List<Listener> listeners = new ArrayList<>();
    private final Set<Session> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> allEnded = new CompletableFuture<>();
    // Set once by openStore(), before any listener starts:
    private HistoryStore store;
    private Directory directory;
    private LocalDirectory local; // this process's users and rooms: the directory itself, or the cluster's part
    private Services services;
    private Admission admission;
    private InetSocketAddress address;
    private int tlsPort = -1;
    private chat.server.cluster.ClusterNode cluster; // null without --cluster
    private Uploaders uploaders; // null without a web listener
    private WebServer web;       // null without a web listener
    private Poller poller;       // readiness of the plain TCP connections; null until open()

    private ChatServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // Gauges of this process: in a cluster, its own users and rooms, not the cluster's.
        this.metrics = new Metrics(live::size, () -> local.online(), () -> local.roomCount());
        this.timers = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("timers").unstarted(r));
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Binds and starts serving. */
    public static ChatServer start(ServerConfig config) throws IOException {
        return start(config, Clock.systemDefaultZone());
    }

    static ChatServer start(ServerConfig config, Clock clock) throws IOException {
        String operPassword = operPassword(config);
        ChatServer server = new ChatServer(config, clock);
        try {
            server.openStore(operPassword);
            if (server.cluster != null) {
                server.cluster.start(); // caught up with the cluster's log before anyone is served
            }
            server.open();
        } catch (IOException | RuntimeException e) {
            server.closeListeners(e);
            server.closeWebQuietly();
            server.timers.shutdownNow();
            if (server.poller != null) {
                server.poller.close();
            }
            if (server.cluster != null) {
                server.cluster.close();
            }
            if (server.store != null) {
                server.store.close();
            }
            throw e;
        }
        return server;
    }

    private void closeWebQuietly() {
        if (web != null) {
            try {
                web.close();
            } catch (IOException ignored) {
                // Only after a failed start, whose own failure is what gets reported.
            }
        }
    }

    /** The store (SQLite under the data directory, or memory) and everything built on it. */
    private void openStore(String operPassword) throws IOException {
        ModerationStore moderationStore;
        if (config.store().durable()) {
            SqliteStore sqlite = SqliteStore.open(config.store(), config.historySize(), metrics, this::storeFailed,
                    config.cluster() != null);
            store = sqlite;
            moderationStore = sqlite;
        } else {
            store = new MemoryHistoryStore(config.historySize());
            moderationStore = ModerationStore.NONE;
        }
        Moderation moderation = new Moderation(operPassword, clock, moderationStore,
                config.guards().banPrefixV6());
        Publisher publisher;
        if (config.cluster() != null) {
            cluster = chat.server.cluster.ClusterNode.create(config.cluster(), nodeName(config), config.store().retentionDays(),
                    store, moderation, metrics, timers, clock);
            directory = cluster.directory();
            local = cluster.local();
            publisher = cluster.publisher();
        } else {
            local = new LocalDirectory(store);
            directory = local;
            publisher = new LocalPublisher();
        }
        moderation.onBan(this::banned);
        if (moderation.legacyPassword()) {
            LOG.log(System.Logger.Level.WARNING, "--oper-password-file {0} holds the password in plain text; "
                    + "replace it with a hash: scripts/oper-password {0}", config.operPasswordFile());
        }
        JsonEncoder json = new JsonEncoder(config.maxLineBytes());
        services = new Services(config, directory, publisher, moderation, store, metrics, timers, clock,
                new TextEncoder(clock.getZone()), json, new WebSocketEncoder(json));
        admission = new Admission(config.maxClients(), config.maxPerAddress(), config.connectsPerMinute(),
                moderation, metrics);
    }

    /** This node's name in its cluster: given, or the host name and the chat port (a random suffix for port 0). */
    private static String nodeName(ServerConfig config) {
        if (config.cluster().node() != null) {
            return config.cluster().node();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + (config.port() != 0 ? String.valueOf(config.port())
                : "0-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()));
    }

    /** The store could not write a batch: the rooms whose messages were in it are told (on the writer thread). */
    private void storeFailed(Set<String> roomNames, Exception cause) {
        for (String name : roomNames) {
            directory.room(name).ifPresent(r -> services.publisher().publish(r, Notices.storeFailed(name), null, true));
        }
    }

    private void open() throws IOException {
        poller = new Poller("poller", config.writeDelay());
        // A channel's socket: what it accepts are channels too, served without a thread per idle connection.
        ServerSocket plain = ServerSocketChannel.open().socket();
        listeners.add(new Listener("acceptor", plain, admission, this::serve));
        plain.setReuseAddress(true);
        plain.bind(new InetSocketAddress(config.host(), config.port()), ServerConfig.LISTEN_BACKLOG);
        address = (InetSocketAddress) plain.getLocalSocketAddress();
        if (config.tls() != null) {
            ServerSocket tls = TlsListener.open(config.tls(), config.host(), ServerConfig.LISTEN_BACKLOG);
            listeners.add(new Listener("tls-acceptor", tls, admission, this::serve));
            tlsPort = tls.getLocalPort();
        }
        if (config.metricsPort() >= 0) {
            services.metrics().serve(config.metricsPort());
        }
        Duration writeTimeout = config.guards().writeTimeout();
        if (!writeTimeout.isZero()) {
            long every = Math.max(WRITE_CHECK_MIN_MILLIS, Math.min(WRITE_CHECK_MAX_MILLIS, writeTimeout.toMillis() / 4));
            timers.scheduleWithFixedDelay(this::checkWriteDeadlines, every, every, TimeUnit.MILLISECONDS);
        }
        if (config.web() != null) {
            uploaders = new Uploaders(config.web().uploadsPerMinute());
            web = WebServer.start(config.web(), services, admission, uploaders,
                    config.store().durable() ? config.store().dataDir().resolve("images") : null, poller,
                    connection -> serve(connection, true));
        }
        for (Listener listener : listeners) {
            listener.start();
        }
        LOG.log(System.Logger.Level.INFO, "listening on {0}", address);
        if (tlsPort >= 0) {
            LOG.log(System.Logger.Level.INFO, "listening on {0}:{1} (TLS)", config.host(), String.valueOf(tlsPort));
        }
    }

    private static String operPassword(ServerConfig config) throws IOException {
        if (config.operPasswordFile() == null) {
            return null;
        }
        List<String> lines = Files.readAllLines(config.operPasswordFile());
        return lines.isEmpty() ? null : lines.get(0).strip();
    }

    /** The address actually bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    /** The TLS port, or -1 without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The web port (page, WebSocket, images), or -1 without one. */
    public int webPort() {
        return web == null ? -1 : web.port();
    }

    /** Connections being served right now, in any phase. */
    public int connections() {
        return live.size();
    }

    Services services() {
        return services;
    }

    /** The port of the metrics endpoint, or -1 if it is off. */
    public int metricsPort() {
        return services.metrics().port();
    }

    /** Ends every session whose current write has been blocked past the write timeout. */
    private void checkWriteDeadlines() {
        long now = System.nanoTime();
        for (Session session : live) {
            session.checkWriteDeadline(now);
        }
    }

    /** Serves an admitted socket: a session on a reader thread of its own. */
    private void serve(Socket socket) {
        InetAddress from = socket.getInetAddress();
        Connection connection;
        int keepAlive = (int) config.keepAlive().toSeconds();
        try {
            connection = socket.getChannel() != null
                    ? new ChannelConnection(socket.getChannel(), poller, config.maxLineBytes(), keepAlive)
                    : new SocketConnection(socket, config.maxLineBytes(), keepAlive);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Giving up on a socket that failed to set up: nothing more to do with it.
            }
            admission.release(from);
            return;
        }
        serve(connection, false);
    }

    /**
     * Serves an admitted connection of any transport: a session on a reader thread of its own.
     *
     * @param webSocket whether the session starts in JSON mode in WebSocket frames rather than text
     */
    private void serve(Connection connection, boolean webSocket) {
        String id = "c" + ids.incrementAndGet();
        Session session = new Session(id, connection, services, this::ended);
        if (webSocket) {
            session.speakWebSocket();
        }
        if (uploaders != null) {
            session.offerUploads(uploaders.issue(session));
        }
        live.add(session);
        session.armHandshakeDeadline();
        if (closing.get()) {
            session.shutdown(); // close() may have taken its snapshot of live sessions before this one
        }
        Thread.ofVirtual().name("reader-" + id).start(session::serve);
    }

    /**
     * A new ban: every session from the banned network goes, nickname or not, except operators (one who
     * bans a neighbour behind the same NAT stays). Kicking only queues.
     */
    private void banned(Moderation.Ban ban) {
        for (Session session : live) {
            if (!session.isOperator() && services.moderation().covers(ban, session.address())) {
                session.kick(chat.server.core.User.Kick.BANNED, "banned by " + ban.by(), Notices.banned());
            }
        }
    }

    /** Called once by each session at the end of its teardown. */
    private void ended(Session session) {
        if (uploaders != null) {
            uploaders.revoke(session);
        }
        if (live.remove(session)) {
            admission.release(session.address());
        }
        if (closing.get() && live.isEmpty()) {
            allEnded.complete(null);
        }
    }

    private IOException closeListeners(Exception cause) {
        IOException failure = null;
        if (web != null) {
            web.stopAccepting();
        }
        for (Listener listener : listeners) {
            try {
                listener.close(config.shutdownGrace());
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (cause != null && failure != null) {
            cause.addSuppressed(failure);
        }
        return failure;
    }

    /** Stops the server: see the class comment. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        IOException failure = closeListeners(null);
        List<Session> sessions = List.copyOf(live);
        LOG.log(System.Logger.Level.INFO, "shutting down, {0} clients connected", sessions.size());
        for (Session session : sessions) {
            session.shutdown();
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            for (Session session : sessions) {
                session.awaitWriter(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Session session : live) {
            session.forceClose();
        }
        if (live.isEmpty()) {
            allEnded.complete(null);
        }
        try {
            allEnded.get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            IOException late = new IOException(live.size() + " sessions still ending after shutdown", e);
            if (failure == null) {
                failure = late;
            } else {
                failure.addSuppressed(late);
            }
        }
        if (web != null) {
            try {
                web.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (cluster != null) {
            cluster.close(); // after every session has left its room and given up its nickname
        }
        timers.shutdownNow();
        poller.close();
        store.close();
        metrics.stop();
        LOG.log(System.Logger.Level.INFO, "stopped");
        if (failure != null) {
            throw failure;
        }
    }
}
