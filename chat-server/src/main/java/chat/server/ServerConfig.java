package chat.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything the server can be told at start, validated. Defaults are in {@link #defaults()} and
 * documented in README.md; every limit here is a command-line option of {@link ChatServerMain}.
 *
 * <p>Thread-safe: immutable.
 *
 * @param host               address to listen on
 * @param port               TCP port; 0 picks a free one
 * @param maxClients         connections served at once; one more is refused with a notice
 * @param maxLineBytes       longest accepted input line in bytes, line end excluded
 * @param handshakeTimeout   time a new connection has to choose a valid nickname
 * @param sendQueueBytes     bytes that may wait for one slow client before it is disconnected
 * @param writeDelay         how long a plain TCP client's output waits to be written once there is some, so that
 *                           lines arriving meanwhile share one write (fewer system calls for a little latency)
 * @param quietRoomSize      join/leave notices are not sent in rooms with more members than this
 * @param historySize        messages each room keeps in memory
 * @param historyOnJoin      messages replayed to a client that joins a room
 * @param shutdownGrace      how long {@link ChatServer#close()} lets clients receive their last lines
 * @param idleTimeout        a client silent this long is disconnected; zero turns this off
 * @param keepAlive          TCP keepalive idle time: a dead peer is noticed about this long plus 30 s after it went silent
 * @param floodRate          lines per second per client after the burst; 0 turns flood control off
 * @param floodBurst         lines a client may send at once
 * @param floodDelay         longest run of delaying a flooding client's lines before they are dropped
 * @param floodKick          dropped lines after which a flooding client is disconnected
 * @param maxPerAddress      connections at once from one address; 0 turns this off
 * @param connectsPerMinute  new connections per minute from one address; 0 turns this off
 * @param metricsPort        port of the metrics endpoint on 127.0.0.1; -1 turns it off, 0 picks a free one
 * @param tls                the TLS listener, or null for none
 * @param operPasswordFile   file whose first line is the operator password, or null for no operators
 * @param store              where history, topics, bans and mutes are kept
 * @param guards             limits against abusive clients (docs/PROTOCOL.md, "Limits and slow clients")
 * @param web                the web page, WebSocket and image uploads (chat.server.web), or null for none
 * @param cluster            the cluster this server is a node of (chat.server.cluster), or null for none
 */
public record ServerConfig(
        String host,
        int port,
        int maxClients,
        int maxLineBytes,
        Duration handshakeTimeout,
        int sendQueueBytes,
        Duration writeDelay,
        int quietRoomSize,
        int historySize,
        int historyOnJoin,
        Duration shutdownGrace,
        Duration idleTimeout,
        Duration keepAlive,
        double floodRate,
        int floodBurst,
        Duration floodDelay,
        int floodKick,
        int maxPerAddress,
        int connectsPerMinute,
        int metricsPort,
        Tls tls,
        Path operPasswordFile,
        Store store,
        Guards guards,
        Web web,
        Cluster cluster) {

    /**
     * Cluster mode (README, "A cluster of nodes"): several servers share rooms through a RabbitMQ broker.
     *
     * @param uri  the broker, {@code amqp://user:password@host:port/vhost}
     * @param name the cluster's name: what its queues and exchanges on the broker are called after
     * @param node this node's name, unique in the cluster; null: the host name and chat port
     */
    public record Cluster(java.net.URI uri, String name, String node) {
        public static final String DEFAULT_NAME = "chat";

        public Cluster {
            if (uri == null || !("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("--cluster must be an amqp:// or amqps:// address, got " + uri);
            }
            if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("--cluster-name must be 1-64 letters, digits, _ . or -, got " + name);
            }
            if (node != null && (node.isBlank() || node.length() > 200)) {
                throw new IllegalArgumentException("--node must be 1-200 characters");
            }
        }
    }

    /**
     * Limits against abusive clients, grouped so that adding one touches only this record.
     *
     * @param registrationBytes bytes a connection may send before it is granted a nickname
     * @param bytesPerSecond    bytes per second read from one connection, after a burst of four seconds'
     *                          worth; 0 turns the cap off
     * @param banPrefixV6       bits of an IPv6 address a ban covers (64: its /64; 128: the address only)
     * @param writeTimeout      how long one write to a client may stay blocked (it takes none of its output)
     *                          before it is disconnected; zero turns it off
     */
    public record Guards(int registrationBytes, int bytesPerSecond, int banPrefixV6, Duration writeTimeout) {
        /** The byte-rate cap's burst, in seconds of its rate. */
        public static final int BYTE_BURST_SECONDS = 4;

        public Guards {
            requireRange("registration-bytes", registrationBytes, 64, 1 << 20);
            requireRange("max-bytes-per-second", bytesPerSecond, 0, 1 << 30);
            requireRange("ban-prefix-v6", banPrefixV6, 1, 128);
            requireNotNegative("write-timeout", writeTimeout);
        }

        public static Guards defaults() {
            return new Guards(1024, 16 * 1024, 64, Duration.ofSeconds(30));
        }

        public Guards withRegistrationBytes(int value) {
            return new Guards(value, bytesPerSecond, banPrefixV6, writeTimeout);
        }

        public Guards withBytesPerSecond(int value) {
            return new Guards(registrationBytes, value, banPrefixV6, writeTimeout);
        }

        public Guards withBanPrefixV6(int value) {
            return new Guards(registrationBytes, bytesPerSecond, value, writeTimeout);
        }

        public Guards withWriteTimeout(Duration value) {
            return new Guards(registrationBytes, bytesPerSecond, banPrefixV6, value);
        }
    }

    /**
     * A second listener that speaks the same protocol over TLS.
     *
     * @param port         TCP port; 0 picks a free one
     * @param keystore     PKCS12 keystore with the server's key and certificate chain
     * @param passwordFile file whose first line is the keystore password
     */
    public record Tls(int port, Path keystore, Path passwordFile) {
        public Tls {
            requireRange("tls-port", port, 0, 65535);
            if (keystore == null || passwordFile == null) {
                throw new IllegalArgumentException("--tls-port needs --tls-keystore and --tls-password-file");
            }
        }
    }

    /**
     * The durable store (README, "History that survives restarts").
     *
     * @param dataDir       the directory holding the SQLite file; null keeps everything in memory only
     * @param durability    NORMAL: a commit survives a crash of the process; FULL: also of the machine (fsync)
     * @param storeDms      whether private messages are stored too (off by default: privacy)
     * @param retentionDays messages older than this are deleted; 0 keeps them forever
     * @param queue         messages that may wait for the disk; past that, senders are told the server is busy
     */
    public record Store(Path dataDir, Durability durability, boolean storeDms, int retentionDays, int queue) {
        public Store {
            if (durability == null) {
                throw new IllegalArgumentException("--durability must be normal or full");
            }
            requireRange("retention-days", retentionDays, 0, 1_000_000);
            requireRange("store-queue", queue, 16, 1 << 24);
        }

        /** Nothing kept beyond the server's life: history in memory, as without a data directory. */
        public static Store inMemory() {
            return new Store(null, Durability.NORMAL, false, 30, 65_536);
        }

        public boolean durable() {
            return dataDir != null;
        }

        public Store withDataDir(Path dir) {
            return new Store(dir, durability, storeDms, retentionDays, queue);
        }
    }

    /**
     * The web listener: the page, the WebSocket {@code /ws}, {@code /api/*} and images (docs/PROTOCOL.md,
     * "Web").
     *
     * @param host             address to listen on
     * @param port             TCP port; 0 picks a free one
     * @param allowedOrigins   origins allowed to open the WebSocket besides the server's own
     *                         ({@code https://chat.example.org}, compared exactly)
     * @param maxImageBytes    largest image upload
     * @param uploadsPerMinute image uploads per minute per session
     * @param keystore         PKCS12 keystore to serve HTTPS and WSS with, or null for plain HTTP
     * @param passwordFile     file whose first line is the keystore password (with {@code keystore})
     * @param peers            the other nodes' web addresses the page may fail over to ({@code --web-peers}),
     *                         as origins ({@code http://b.lan:8080}: lower case, no default port, no path)
     */
    public record Web(String host, int port, java.util.List<String> allowedOrigins, int maxImageBytes,
                      int uploadsPerMinute, Path keystore, Path passwordFile, java.util.List<String> peers) {
        public static final int DEFAULT_PORT = 8080;

        public Web {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("--web-host must not be empty");
            }
            requireRange("web-port", port, 0, 65535);
            allowedOrigins = java.util.List.copyOf(allowedOrigins);
            requireRange("max-image-bytes", maxImageBytes, 1024, 1 << 30);
            requireRange("uploads-per-minute", uploadsPerMinute, 1, 1_000_000);
            if ((keystore == null) != (passwordFile == null)) {
                throw new IllegalArgumentException("--web-tls needs --tls-keystore and --tls-password-file");
            }
            peers = peers.stream().map(Web::origin).distinct().toList();
        }

        public Web(String host, int port, java.util.List<String> allowedOrigins, int maxImageBytes,
                   int uploadsPerMinute, Path keystore, Path passwordFile) {
            this(host, port, allowedOrigins, maxImageBytes, uploadsPerMinute, keystore, passwordFile,
                    java.util.List.of());
        }

        /** Plain HTTP. */
        public Web(String host, int port, java.util.List<String> allowedOrigins, int maxImageBytes,
                   int uploadsPerMinute) {
            this(host, port, allowedOrigins, maxImageBytes, uploadsPerMinute, null, null);
        }

        public boolean secure() {
            return keystore != null;
        }

        public Web withPeers(java.util.List<String> value) {
            return new Web(host, port, allowedOrigins, maxImageBytes, uploadsPerMinute, keystore, passwordFile, value);
        }

        /** The origin of a peer's base URL: {@code HTTP://B.lan:80/} is {@code http://b.lan}. */
        private static String origin(String url) {
            java.net.URI u;
            try {
                u = new java.net.URI(url.strip());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("--web-peers: " + url + " is not a URL");
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
            boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))
                    && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null;
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || !bare) {
                throw new IllegalArgumentException("--web-peers: " + url
                        + " is not a node's base URL (http://host:port or https://host:port)");
            }
            int defaultPort = scheme.equals("http") ? 80 : 443;
            String port = u.getPort() == -1 || u.getPort() == defaultPort ? "" : ":" + u.getPort();
            return scheme + "://" + u.getHost().toLowerCase(java.util.Locale.ROOT) + port;
        }

        /** The defaults: port 8080 on {@code host}, own origin only, 5 MB images, 10 uploads a minute. */
        public static Web on(String host, int port) {
            return new Web(host, port, java.util.List.of(), 5 * 1024 * 1024, 10);
        }
    }

    /** How hard a commit is pushed to disk. */
    public enum Durability { NORMAL, FULL }

    public static final int DEFAULT_PORT = 55555;
    /**
     * The default {@link #writeDelay}: 2 ms. Measured (docs/bench/profile.md): at 500 k and 1 M deliveries/s it brings
     * the server's CPU per delivery from 2.0 / 1.0 µs to 1.66–1.75 / 0.88–0.93 µs (ngircd: 1.90 / 0.92 µs) with a
     * lower p99; a line waits at most 2 ms more. 5 ms saves more CPU (6.2–6.5 µs instead of 8.0–8.7 µs at 100 k/s)
     * for a few ms more of latency.
     */
    public static final Duration DEFAULT_WRITE_DELAY = Duration.ofMillis(2);
    /** Longest {@link #writeDelay} accepted: past this it is latency, not batching. */
    public static final Duration MAX_WRITE_DELAY = Duration.ofMillis(50);
    /** Where the server keeps its data unless told otherwise (relative to its working directory). */
    public static final Path DEFAULT_DATA_DIR = Path.of("chat-data");
    /**
     * Connections the kernel holds for every listening port (chat, TLS, web) until the server accepts them: a
     * reconnect storm (a restart with thousands of clients) fits, where Java's default of 50 drops the rest's
     * SYNs and each retries a second later.
     */
    public static final int LISTEN_BACKLOG = 4096;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        requireRange("port", port, 0, 65535);
        requireRange("max-clients", maxClients, 1, Integer.MAX_VALUE);
        requireRange("max-line", maxLineBytes, 16, 1 << 20);
        requirePositive("handshake-timeout", handshakeTimeout);
        requireRange("send-queue", sendQueueBytes, 1024, Integer.MAX_VALUE);
        requireRange("quiet-room-size", quietRoomSize, 0, Integer.MAX_VALUE);
        requireRange("history", historySize, 0, 1_000_000);
        requireRange("history-on-join", historyOnJoin, 0, Integer.MAX_VALUE);
        historyOnJoin = Math.min(historyOnJoin, historySize);
        requirePositive("shutdown-grace", shutdownGrace);
        requireNotNegative("idle-timeout", idleTimeout);
        requireNotNegative("write-delay", writeDelay);
        if (writeDelay.compareTo(MAX_WRITE_DELAY) > 0) {
            throw new IllegalArgumentException("write-delay must be at most " + MAX_WRITE_DELAY.toMillis() + " ms");
        }
        requirePositive("keepalive", keepAlive);
        if (!(floodRate >= 0) || Double.isInfinite(floodRate)) {
            throw new IllegalArgumentException("--rate must be 0 or more, got " + floodRate);
        }
        requireRange("burst", floodBurst, 1, Integer.MAX_VALUE);
        requireNotNegative("flood-delay", floodDelay);
        requireRange("flood-kick", floodKick, 0, Integer.MAX_VALUE);
        requireRange("max-per-ip", maxPerAddress, 0, Integer.MAX_VALUE);
        requireRange("connects-per-minute", connectsPerMinute, 0, Integer.MAX_VALUE);
        requireRange("metrics-port", metricsPort, -1, 65535);
        if (store == null || guards == null) {
            throw new IllegalArgumentException("store and guards must be given");
        }
    }

    /** The defaults: port 55555 on every interface, data in {@link #DEFAULT_DATA_DIR}. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, 10_000, 4096, Duration.ofSeconds(30),
                1 << 20, DEFAULT_WRITE_DELAY, 200, 200, 20, Duration.ofSeconds(2),
                Duration.ZERO, Duration.ofSeconds(60),
                5, 20, Duration.ofSeconds(10), 100,
                20, 60, -1, null, null, Store.inMemory().withDataDir(DEFAULT_DATA_DIR), Guards.defaults(),
                Web.on("0.0.0.0", Web.DEFAULT_PORT), null);
    }

    /**
     * The defaults on loopback with a free port, without flood control (lines and bytes) and per-address
     * limits: what tests
     * start from (every test client comes from 127.0.0.1, many of them at once). Tests of those limits
     * switch them on. No web listener: tests of the web switch it on.
     */
    public static ServerConfig loopback() {
        return defaults().withHost("127.0.0.1").withPort(0).withFloodRate(0).withMaxPerAddress(0)
                .withConnectsPerMinute(0).withStore(Store.inMemory()).withGuards(g -> g.withBytesPerSecond(0))
                .withWeb(null);
    }

    public ServerConfig withHost(String value) {
        return with(b -> b.host = value);
    }

    public ServerConfig withPort(int value) {
        return with(b -> b.port = value);
    }

    public ServerConfig withMaxClients(int value) {
        return with(b -> b.maxClients = value);
    }

    public ServerConfig withMaxLineBytes(int value) {
        return with(b -> b.maxLineBytes = value);
    }

    public ServerConfig withHandshakeTimeout(Duration value) {
        return with(b -> b.handshakeTimeout = value);
    }

    public ServerConfig withSendQueueBytes(int value) {
        return with(b -> b.sendQueueBytes = value);
    }

    public ServerConfig withWriteDelay(Duration value) {
        return with(b -> b.writeDelay = value);
    }

    public ServerConfig withQuietRoomSize(int value) {
        return with(b -> b.quietRoomSize = value);
    }

    public ServerConfig withHistorySize(int value) {
        return with(b -> b.historySize = value);
    }

    public ServerConfig withHistoryOnJoin(int value) {
        return with(b -> b.historyOnJoin = value);
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return with(b -> b.idleTimeout = value);
    }

    public ServerConfig withKeepAlive(Duration value) {
        return with(b -> b.keepAlive = value);
    }

    public ServerConfig withFloodRate(double value) {
        return with(b -> b.floodRate = value);
    }

    public ServerConfig withFloodBurst(int value) {
        return with(b -> b.floodBurst = value);
    }

    public ServerConfig withFloodDelay(Duration value) {
        return with(b -> b.floodDelay = value);
    }

    public ServerConfig withFloodKick(int value) {
        return with(b -> b.floodKick = value);
    }

    public ServerConfig withMaxPerAddress(int value) {
        return with(b -> b.maxPerAddress = value);
    }

    public ServerConfig withConnectsPerMinute(int value) {
        return with(b -> b.connectsPerMinute = value);
    }

    public ServerConfig withMetricsPort(int value) {
        return with(b -> b.metricsPort = value);
    }

    public ServerConfig withTls(Tls value) {
        return with(b -> b.tls = value);
    }

    public ServerConfig withOperPasswordFile(Path value) {
        return with(b -> b.operPasswordFile = value);
    }

    public ServerConfig withStore(Store value) {
        return with(b -> b.store = value);
    }

    /** This configuration with its guards changed by {@code change}. */
    public ServerConfig withGuards(java.util.function.UnaryOperator<Guards> change) {
        return with(b -> b.guards = change.apply(b.guards));
    }

    public ServerConfig withWeb(Web value) {
        return with(b -> b.web = value);
    }

    public ServerConfig withCluster(Cluster value) {
        return with(b -> b.cluster = value);
    }

    /** This configuration with one change; each {@code withX} method is one of these. */
    private ServerConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The components as mutable fields, so a copy with one change names only that change. */
    private static final class Builder {
        private String host;
        private int port;
        private int maxClients;
        private int maxLineBytes;
        private Duration handshakeTimeout;
        private int sendQueueBytes;
        private Duration writeDelay;
        private int quietRoomSize;
        private int historySize;
        private int historyOnJoin;
        private Duration shutdownGrace;
        private Duration idleTimeout;
        private Duration keepAlive;
        private double floodRate;
        private int floodBurst;
        private Duration floodDelay;
        private int floodKick;
        private int maxPerAddress;
        private int connectsPerMinute;
        private int metricsPort;
        private Tls tls;
        private Path operPasswordFile;
        private Store store;
        private Guards guards;
        private Web web;
        private Cluster cluster;

        Builder(ServerConfig c) {
            host = c.host();
            port = c.port();
            maxClients = c.maxClients();
            maxLineBytes = c.maxLineBytes();
            handshakeTimeout = c.handshakeTimeout();
            sendQueueBytes = c.sendQueueBytes();
            writeDelay = c.writeDelay();
            quietRoomSize = c.quietRoomSize();
            historySize = c.historySize();
            historyOnJoin = c.historyOnJoin();
            shutdownGrace = c.shutdownGrace();
            idleTimeout = c.idleTimeout();
            keepAlive = c.keepAlive();
            floodRate = c.floodRate();
            floodBurst = c.floodBurst();
            floodDelay = c.floodDelay();
            floodKick = c.floodKick();
            maxPerAddress = c.maxPerAddress();
            connectsPerMinute = c.connectsPerMinute();
            metricsPort = c.metricsPort();
            tls = c.tls();
            operPasswordFile = c.operPasswordFile();
            store = c.store();
            guards = c.guards();
            web = c.web();
            cluster = c.cluster();
        }

        ServerConfig build() {
            return new ServerConfig(host, port, maxClients, maxLineBytes, handshakeTimeout, sendQueueBytes,
                    writeDelay, quietRoomSize, historySize, historyOnJoin, shutdownGrace, idleTimeout, keepAlive, floodRate,
                    floodBurst, floodDelay, floodKick, maxPerAddress, connectsPerMinute, metricsPort, tls,
                    operPasswordFile, store, guards, web, cluster);
        }
    }

    public ServerConfig withHistory(int size, int onJoin) {
        return withHistorySize(size).withHistoryOnJoin(onJoin);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "--" + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
    }
}
