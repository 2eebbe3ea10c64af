package chat.server;

import chat.common.UsageErrors;
import chat.server.ops.ServerLogManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * The command line: options → {@link ServerConfig} → {@link ChatServer}, stopped by SIGTERM or Ctrl-C.
 * Exit codes: 0 after a clean stop or for --help/--version, 1 if the server cannot start, 2 for a usage error.
 *
 * <p>A JVM that shuts down because of a signal exits with 128 + the signal's number (143 for SIGTERM),
 * whatever its shutdown hooks do. So SIGTERM and SIGINT are handled here instead: the handler only wakes
 * the main thread, which closes the server and returns 0 to {@code main}. A shutdown hook still closes
 * the server when the JVM ends any other way (another signal, or if the JVM runs with {@code -Xrs}, where
 * the handlers cannot be installed and SIGTERM then exits with 143).
 *
 * <p>Thread-safe: used once, from main.
 */
@Command(name = "chat-server", mixinStandardHelpOptions = true, versionProvider = ChatServerMain.Version.class,
        description = "A line-protocol chat server: connect with chat-client, nc or telnet.",
        sortOptions = false, usageHelpAutoWidth = true)
public final class ChatServerMain implements Callable<Integer> {
    static final int EXIT_START_FAILED = 1;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "0.0.0.0";

    @Option(names = "--port", description = "TCP port, 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--max-clients", description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int maxClients = ServerConfig.defaults().maxClients();

    @Option(names = "--max-line", paramLabel = "BYTES",
            description = "Longest input line in bytes; longer ones are refused (default: ${DEFAULT-VALUE}).")
    int maxLine = ServerConfig.defaults().maxLineBytes();

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS",
            description = "Time to choose a nickname before being disconnected (default: ${DEFAULT-VALUE}).")
    long handshakeTimeout = ServerConfig.defaults().handshakeTimeout().toSeconds();

    @Option(names = "--registration-bytes", paramLabel = "BYTES",
            description = "Bytes a connection may send before it has a nickname (default: ${DEFAULT-VALUE}).")
    int registrationBytes = ServerConfig.Guards.defaults().registrationBytes();

    @Option(names = "--send-queue", paramLabel = "BYTES",
            description = "Output that may wait for a slow client before it is disconnected (default: ${DEFAULT-VALUE}).")
    int sendQueue = ServerConfig.defaults().sendQueueBytes();

    @Option(names = "--write-delay", paramLabel = "MILLIS",
            description = "How long a TCP client's output waits once there is some, so that lines arriving meanwhile "
                    + "go out in one write: fewer system calls for a little latency; 0 = write at once, at most 50 "
                    + "(default: ${DEFAULT-VALUE}).")
    long writeDelay = ServerConfig.DEFAULT_WRITE_DELAY.toMillis();

    @Option(names = "--write-timeout", paramLabel = "SECONDS",
            description = "Disconnect a client that takes none of its pending output for this long; 0 = never "
                    + "(default: ${DEFAULT-VALUE}).")
    long writeTimeout = ServerConfig.Guards.defaults().writeTimeout().toSeconds();

    @Option(names = "--quiet-room-size", paramLabel = "N",
            description = "Rooms with more members than this get no join/leave notices (default: ${DEFAULT-VALUE}).")
    int quietRoomSize = ServerConfig.defaults().quietRoomSize();

    @Option(names = "--history", paramLabel = "N", description = "Messages kept per room (default: ${DEFAULT-VALUE}).")
    int history = ServerConfig.defaults().historySize();

    @Option(names = "--history-on-join", paramLabel = "N",
            description = "Messages replayed on joining a room (default: ${DEFAULT-VALUE}).")
    int historyOnJoin = ServerConfig.defaults().historyOnJoin();

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Disconnect clients silent this long; 0 = never (default: ${DEFAULT-VALUE}).")
    long idleTimeout = ServerConfig.defaults().idleTimeout().toSeconds();

    @Option(names = "--keepalive", paramLabel = "SECONDS",
            description = "TCP keepalive idle time; a vanished peer is dropped ~30 s after it (default: ${DEFAULT-VALUE}).")
    long keepAlive = ServerConfig.defaults().keepAlive().toSeconds();

    @Option(names = "--rate", paramLabel = "LINES",
            description = "Lines per second per client after the burst; 0 = no flood control (default: ${DEFAULT-VALUE}).")
    double rate = ServerConfig.defaults().floodRate();

    @Option(names = "--burst", paramLabel = "LINES",
            description = "Lines a client may send at once, e.g. a paste (default: ${DEFAULT-VALUE}).")
    int burst = ServerConfig.defaults().floodBurst();

    @Option(names = "--flood-delay", paramLabel = "SECONDS",
            description = "Longest run of delaying a fast client's lines before dropping them (default: ${DEFAULT-VALUE}).")
    long floodDelay = ServerConfig.defaults().floodDelay().toSeconds();

    @Option(names = "--flood-kick", paramLabel = "LINES",
            description = "Dropped lines after which a flooding client is disconnected (default: ${DEFAULT-VALUE}).")
    int floodKick = ServerConfig.defaults().floodKick();

    @Option(names = "--max-bytes-per-second", paramLabel = "BYTES",
            description = "Bytes read per second from one client after a burst of 4 s' worth; 0 = no cap "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxBytesPerSecond = ServerConfig.Guards.defaults().bytesPerSecond();

    @Option(names = "--max-per-ip", paramLabel = "N",
            description = "Connections at once from one address; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int maxPerIp = ServerConfig.defaults().maxPerAddress();

    @Option(names = "--connects-per-minute", paramLabel = "N",
            description = "New connections per minute from one address; 0 = no limit (default: ${DEFAULT-VALUE}).")
    int connectsPerMinute = ServerConfig.defaults().connectsPerMinute();

    @Option(names = "--ban-prefix-v6", paramLabel = "BITS",
            description = "Bits of an IPv6 address a /ban covers: 64 = its /64, 128 = the address only "
                    + "(default: ${DEFAULT-VALUE}).")
    int banPrefixV6 = ServerConfig.Guards.defaults().banPrefixV6();

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve /metrics (Prometheus) and /healthz on 127.0.0.1:PORT; off when not given.")
    int metricsPort = -1;

    @Option(names = "--tls-port", paramLabel = "PORT",
            description = "Also serve TLS on this port (e.g. 55556); needs --tls-keystore and --tls-password-file.")
    Integer tlsPort;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 keystore with key and certificate.")
    java.nio.file.Path tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File whose first line is the keystore password.")
    java.nio.file.Path tlsPasswordFile;

    @Option(names = "--oper-password-file", paramLabel = "FILE",
            description = "File whose first line is the operator password (/oper); no operators without it.")
    java.nio.file.Path operPasswordFile;

    @Option(names = "--hash-password",
            description = "Read a password (from the terminal without echo, or the first line of stdin), print "
                    + "the line to put in --oper-password-file, and exit. scripts/oper-password FILE does both.")
    boolean hashPassword;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where history, topics, bans and mutes are kept (SQLite; default: ${DEFAULT-VALUE}).")
    java.nio.file.Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

    @Option(names = "--in-memory", description = "Keep nothing on disk: history lives in memory and ends with the server.")
    boolean inMemory;

    @Option(names = "--durability", paramLabel = "normal|full",
            description = "normal: a message survives a crash of the server; full: also a crash of the machine "
                    + "(fsync on every commit) (default: normal).")
    String durability = "normal";

    @Option(names = "--store-dms", description = "Also store private messages (off by default: privacy).")
    boolean storeDms;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = "Delete stored messages older than this; 0 = keep forever (default: ${DEFAULT-VALUE}).")
    int retentionDays = ServerConfig.Store.inMemory().retentionDays();

    @Option(names = "--store-queue", paramLabel = "N",
            description = "Messages that may wait for the disk before senders are told the server is busy "
                    + "(default: ${DEFAULT-VALUE}).")
    int storeQueue = ServerConfig.Store.inMemory().queue();

    @Option(names = "--cluster", paramLabel = "URI",
            description = "Run as a node of a cluster through this RabbitMQ broker, e.g. "
                    + "amqp://guest:guest@127.0.0.1:5672/ (default: no cluster, a single server).")
    java.net.URI cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "The cluster's name on the broker; nodes with the same name share rooms (default: ${DEFAULT-VALUE}).")
    String clusterName = ServerConfig.Cluster.DEFAULT_NAME;

    @Option(names = "--node", paramLabel = "NAME",
            description = "This node's name in the cluster, unique (default: host name and chat port).")
    String node;

    @Option(names = "--web-port", paramLabel = "PORT|off",
            description = "Serve the web page, the WebSocket /ws and image uploads on this port; 0 picks a free one, "
                    + "off disables it (default: ${DEFAULT-VALUE}).")
    String webPort = String.valueOf(ServerConfig.Web.DEFAULT_PORT);

    @Option(names = "--web-host", paramLabel = "HOST",
            description = "Address the web port listens on (default: the same as --host).")
    String webHost;

    @Option(names = "--web-allowed-origin", paramLabel = "ORIGIN",
            description = "Another origin allowed to open the WebSocket (e.g. https://chat.example.org); repeatable. "
                    + "The page's own origin is always allowed.")
    List<String> webAllowedOrigins = new java.util.ArrayList<>();

    @Option(names = "--web-peers", paramLabel = "URL", split = ",",
            description = "The other nodes' web addresses (http://b.lan:8080,…): the page fails over to them, "
                    + "they may open the WebSocket and upload images here, and images shared there are fetched "
                    + "from them when asked for here.")
    List<String> webPeers = new java.util.ArrayList<>();

    @Option(names = "--web-tls",
            description = "Serve the web port over HTTPS (and WSS) with --tls-keystore and --tls-password-file.")
    boolean webTls;

    @Option(names = "--max-image-bytes", paramLabel = "BYTES",
            description = "Largest image upload (default: ${DEFAULT-VALUE}).")
    int maxImageBytes = ServerConfig.defaults().web().maxImageBytes();

    /** The signals that stop the server cleanly. */
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT");

    private final PrintWriter err;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    ChatServerMain(PrintWriter err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs the server until the JVM is asked to stop, and returns the exit code. */
    static int run(String... args) {
        configureLogging();
        return run(new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with errors written to {@code err} and logging left as it is. */
    static int run(PrintWriter err, String... args) {
        return new CommandLine(new ChatServerMain(err)).setErr(err)
                .setParameterExceptionHandler(new UsageErrors()).execute(args);
    }

    /** The cluster the options ask for, or null without {@code --cluster}. */
    private ServerConfig.Cluster cluster() {
        return cluster == null ? null : new ServerConfig.Cluster(cluster, clusterName, node);
    }

    /** The web listener the options ask for, or null for {@code --web-port off}. */
    private ServerConfig.Web web() {
        if (webPort.equalsIgnoreCase("off")) {
            return null;
        }
        int port;
        try {
            port = Integer.parseInt(webPort);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--web-port must be a port number or off, got " + webPort);
        }
        ServerConfig.Web defaults = ServerConfig.defaults().web();
        if (webTls && (tlsKeystore == null || tlsPasswordFile == null)) {
            throw new IllegalArgumentException("--web-tls needs --tls-keystore and --tls-password-file");
        }
        return new ServerConfig.Web(webHost == null ? host : webHost, port, webAllowedOrigins, maxImageBytes,
                defaults.uploadsPerMinute(), webTls ? tlsKeystore : null, webTls ? tlsPasswordFile : null, webPeers);
    }

    private static ServerConfig.Durability durability(String word) {
        return switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "normal" -> ServerConfig.Durability.NORMAL;
            case "full" -> ServerConfig.Durability.FULL;
            default -> throw new IllegalArgumentException("--durability must be normal or full, got " + word);
        };
    }

    @Override
    public Integer call() {
        if (hashPassword) {
            return printPasswordHash();
        }
        ServerConfig config;
        try {
            config = new ServerConfig(host, port, maxClients, maxLine, Duration.ofSeconds(handshakeTimeout),
                    sendQueue, Duration.ofMillis(writeDelay), quietRoomSize, history, historyOnJoin,
                    ServerConfig.defaults().shutdownGrace(),
                    Duration.ofSeconds(idleTimeout), Duration.ofSeconds(keepAlive), rate, burst,
                    Duration.ofSeconds(floodDelay), floodKick, maxPerIp, connectsPerMinute, metricsPort,
                    tlsPort == null ? null : new ServerConfig.Tls(tlsPort, tlsKeystore, tlsPasswordFile),
                    operPasswordFile, new ServerConfig.Store(inMemory ? null : dataDir, durability(durability),
                            storeDms, retentionDays, storeQueue),
                    new ServerConfig.Guards(registrationBytes, maxBytesPerSecond, banPrefixV6,
                            Duration.ofSeconds(writeTimeout)), web(), cluster());
        } catch (IllegalArgumentException e) {
            err.println("chat-server: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        String unusable = unusableFile();
        if (unusable != null) {
            err.println("chat-server: " + unusable);
            return EXIT_START_FAILED;
        }
        ChatServer server;
        try {
            server = ChatServer.start(config);
        } catch (chat.server.store.StoreException | chat.server.cluster.ClusterException e) {
            err.println("chat-server: " + e.getMessage());
            return EXIT_START_FAILED;
        } catch (IOException e) {
            err.println("chat-server: cannot listen on " + listenAddresses() + ": " + e.getMessage());
            return EXIT_START_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "shutdown"));
        for (String signal : STOP_SIGNALS) {
            try {
                Signal.handle(new Signal(signal), s -> stopRequested.countDown());
            } catch (IllegalArgumentException ignored) {
                // -Xrs or a signal the VM keeps: the shutdown hook still stops the server (exit 128 + signal)
            }
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(server);
        return CommandLine.ExitCode.OK;
    }

    /** --hash-password: the password in, its hash line out (stdout: the one thing this command prints). */
    private int printPasswordHash() {
        char[] password;
        java.io.Console console = System.console();
        try {
            if (console != null) {
                password = console.readPassword("Operator password: ");
            } else {
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                        java.nio.charset.StandardCharsets.UTF_8)).readLine();
                password = line == null ? null : line.strip().toCharArray();
            }
        } catch (IOException e) {
            err.println("chat-server: cannot read the password: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        if (password == null || password.length == 0) {
            err.println("chat-server: no password given");
            return CommandLine.ExitCode.USAGE;
        }
        System.out.println(chat.server.core.OperPassword.hashLine(password));
        return CommandLine.ExitCode.OK;
    }

    /** Closes the server once; a second caller (the shutdown hook after a signal) waits for the first. */
    private void stop(ChatServer server) {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            err.println("chat-server: " + e.getMessage());
        } finally {
            ServerLogManager.finish();
            stopped.countDown();
        }
    }

    /**
     * Reads every file the options name and makes the data directory, before anything binds, so a bad one
     * is reported with its option and not as a failure to listen. Returns what is wrong, or null.
     */
    private String unusableFile() {
        if (!inMemory) {
            try {
                Files.createDirectories(dataDir);
            } catch (FileAlreadyExistsException e) {
                return "--data-dir " + dataDir + ": not a directory";
            } catch (IOException e) {
                return "--data-dir " + dataDir + ": " + why(e);
            }
        }
        try {
            if (operPasswordFile != null) {
                List<String> lines = Files.readAllLines(operPasswordFile);
                if (!lines.isEmpty()) {
                    chat.server.core.OperPassword.parse(lines.get(0).strip());
                }
            }
        } catch (IOException e) {
            return "--oper-password-file " + operPasswordFile + ": " + why(e);
        } catch (IllegalArgumentException e) {
            return "--oper-password-file " + operPasswordFile + ": " + e.getMessage();
        }
        if (tlsPort == null && !webTls) {
            return null;
        }
        char[] password;
        try {
            List<String> lines = Files.readAllLines(tlsPasswordFile);
            password = lines.isEmpty() ? new char[0] : lines.get(0).strip().toCharArray();
        } catch (IOException e) {
            return "--tls-password-file " + tlsPasswordFile + ": " + why(e);
        }
        try (InputStream in = Files.newInputStream(tlsKeystore)) {
            KeyStore.getInstance("PKCS12").load(in, password);
            return null;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                return "--tls-keystore " + tlsKeystore + ": the password in --tls-password-file " + tlsPasswordFile
                        + " does not open it";
            }
            return "--tls-keystore " + tlsKeystore + ": " + (e instanceof FileSystemException ? why(e)
                    : "not a PKCS12 keystore (scripts/make-tls-keystore makes one)");
        } catch (GeneralSecurityException e) {
            return "--tls-keystore " + tlsKeystore + ": not a usable PKCS12 keystore: " + e.getMessage();
        }
    }

    /** A file error in words: the exception's message is often just the file name. */
    private static String why(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            case CharacterCodingException notText -> "not a text file (UTF-8)";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    /** Every address the options ask to listen on, for a bind failure (which does not say which one). */
    private String listenAddresses() {
        StringBuilder where = new StringBuilder(host + ":" + port);
        if (tlsPort != null) {
            where.append(" (or TLS port ").append(tlsPort).append(')');
        }
        if (metricsPort >= 0) {
            where.append(" (or metrics port 127.0.0.1:").append(metricsPort).append(')');
        }
        if (!webPort.equalsIgnoreCase("off")) {
            where.append(" (or web port ").append(webHost == null ? host : webHost).append(':').append(webPort)
                    .append(')');
        }
        return where.toString();
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ServerLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.config.file") == null) {
            ServerLogManager.install(); // one line per record, written off the session threads
        }
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChatServerMain.class.getPackage().getImplementationVersion();
            return new String[] {"chat-server " + (v == null ? "(development build)" : v),
                "Java " + Runtime.version()};
        }
    }
}
