package chat.server;

import chat.server.protocol.Replies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;

/**
 * A running chat server: the listening socket, the accept loop and the live sessions.
 *
 * <p>The accept loop runs on its own virtual thread and starts one virtual reader thread per connection
 * (each session starts its own writer). A connection beyond {@code maxClients} gets a notice and is closed
 * on a thread of its own, so the accept loop never writes to a socket.
 *
 * <p>{@link #close()} is idempotent and bounded: it stops accepting, sends every client a notice, gives
 * their writers {@code shutdownGrace} to flush, then closes every socket and waits up to the same time for
 * the sessions to finish their teardown.
 *
 * <p>Thread-safe: the live set and counters are concurrent; {@code close} may be called from any thread.
 */
public final class ChatServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());
    private static final int BACKLOG = 4096;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    private static final int KEEPALIVE_PROBES = 3;

    private final ServerConfig config;
    private final ServerSocket listener;
    private final ServerSocket tlsListener; // null without --tls-port
    private final Hub hub;
    private final Semaphore permits;
    private final AddressLimits addressLimits;
    private final Metrics metrics;
    private final Set<ClientSession> live = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<Void> allEnded = new CompletableFuture<>();
    private final Thread acceptor;
    private final Thread tlsAcceptor;

    private ChatServer(ServerConfig config, ServerSocket listener, ServerSocket tlsListener, Clock clock,
                       Moderation moderation) {
        this.config = config;
        this.listener = listener;
        this.tlsListener = tlsListener;
        this.hub = new Hub(config, clock, moderation);
        this.permits = new Semaphore(config.maxClients());
        this.metrics = new Metrics(live::size, hub::online, hub::roomCount);
        this.addressLimits = new AddressLimits(config.maxPerAddress(), config.connectsPerMinute(), System::nanoTime);
        this.acceptor = Thread.ofVirtual().name("acceptor").unstarted(() -> acceptLoop(listener));
        this.tlsAcceptor = tlsListener == null ? null
                : Thread.ofVirtual().name("tls-acceptor").unstarted(() -> acceptLoop(tlsListener));
    }

    /** Binds and starts serving. */
    public static ChatServer start(ServerConfig config) throws IOException {
        return start(config, Clock.systemDefaultZone());
    }

    static ChatServer start(ServerConfig config, Clock clock) throws IOException {
        Moderation moderation = new Moderation(operPassword(config), clock);
        ServerSocket listener = new ServerSocket();
        ServerSocket tlsListener = null;
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(config.host(), config.port()), BACKLOG);
            if (config.tls() != null) {
                tlsListener = TlsListener.open(config.tls(), config.host(), BACKLOG);
            }
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        ChatServer server = new ChatServer(config, listener, tlsListener, clock, moderation);
        if (config.metricsPort() >= 0) {
            try {
                server.metrics.serve(config.metricsPort());
            } catch (IOException e) {
                listener.close();
                if (tlsListener != null) {
                    tlsListener.close();
                }
                throw e;
            }
        }
        server.acceptor.start();
        LOG.log(System.Logger.Level.INFO, "listening on {0}", server.address());
        if (server.tlsAcceptor != null) {
            server.tlsAcceptor.start();
            LOG.log(System.Logger.Level.INFO, "listening on {0} (TLS)", tlsListener.getLocalSocketAddress());
        }
        return server;
    }

    private static String operPassword(ServerConfig config) throws IOException {
        if (config.operPasswordFile() == null) {
            return null;
        }
        List<String> lines = java.nio.file.Files.readAllLines(config.operPasswordFile());
        return lines.isEmpty() ? null : lines.get(0).strip();
    }

    /** The address actually bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The TLS port, or -1 without TLS. */
    public int tlsPort() {
        return tlsListener == null ? -1 : tlsListener.getLocalPort();
    }

    /** Connections being served right now, in any phase. */
    public int connections() {
        return live.size();
    }

    Hub hub() {
        return hub;
    }

    Metrics metrics() {
        return metrics;
    }

    /** The port of the metrics endpoint, or -1 if it is off. */
    public int metricsPort() {
        return metrics.port();
    }

    private void acceptLoop(ServerSocket listener) {
        while (!closing.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closing.get()) {
                    return; // close() closed the listener: the normal way out
                }
                LOG.log(System.Logger.Level.ERROR, "accept failed: {0}", e.toString());
                backOff();
                continue;
            }
            if (!permits.tryAcquire()) {
                metrics.rejected("server_full");
                Thread.ofVirtual().name("refuse").start(() -> refuse(socket, Replies.serverFull(config.maxClients())));
                continue;
            }
            InetAddress address = socket.getInetAddress();
            if (hub.moderation().banned(address)) {
                permits.release();
                metrics.rejected("banned");
                Thread.ofVirtual().name("refuse").start(() -> refuse(socket, Replies.banned()));
                continue;
            }
            var refusal = addressLimits.admit(address);
            if (refusal.isPresent()) {
                permits.release();
                metrics.rejected(refusal.get() == AddressLimits.Refusal.TOO_MANY ? "per_address" : "per_address_rate");
                String notice = switch (refusal.get()) {
                    case TOO_MANY -> Replies.tooManyFromAddress(config.maxPerAddress());
                    case TOO_FAST -> Replies.tooFastFromAddress(config.connectsPerMinute());
                };
                LOG.log(System.Logger.Level.INFO, "refused {0}: {1}", socket.getRemoteSocketAddress(), refusal.get());
                Thread.ofVirtual().name("refuse").start(() -> refuse(socket, notice));
                continue;
            }
            serve(socket);
        }
    }

    private void serve(Socket socket) {
        String id = "c" + ids.incrementAndGet();
        OutputStream out;
        try {
            configure(socket);
            out = socket.getOutputStream();
        } catch (IOException e) {
            closeQuietly(socket);
            addressLimits.release(socket.getInetAddress());
            permits.release();
            return;
        }
        ClientSession session = new ClientSession(id, socket, out, this);
        live.add(session);
        if (closing.get()) {
            session.shutdown(); // close() may have taken its snapshot of live sessions before this one
        }
        Thread.ofVirtual().name("reader-" + id).start(session);
    }

    /** TCP keepalive, so a peer that vanished without a FIN is noticed and its nickname freed. */
    private void configure(Socket socket) throws IOException {
        socket.setKeepAlive(true);
        Set<java.net.SocketOption<?>> supported;
        try {
            supported = socket.supportedOptions();
        } catch (UnsupportedOperationException e) {
            return; // some socket types (TLS on some JDKs) do not list options: plain keepalive it is
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) config.keepAlive().toSeconds());
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
        }
    }

    /** Called once by each session at the end of its teardown. */
    void ended(ClientSession session, InetAddress address) {
        if (live.remove(session)) {
            addressLimits.release(address);
            permits.release();
        }
        if (closing.get() && live.isEmpty()) {
            allEnded.complete(null);
        }
    }

    private static void refuse(Socket socket, String notice) {
        try (socket) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(1));
            socket.getOutputStream().write(Replies.encode(notice));
        } catch (IOException ignored) {
            // A refused client that is already gone needs no notice.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket we are giving up on: nothing useful to do with a failure.
        }
    }

    private static void backOff() {
        try {
            // accept() failing repeatedly (e.g. out of file descriptors) must not spin a core.
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server: see the class comment. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        IOException failure = null;
        for (ServerSocket s : new ServerSocket[] {listener, tlsListener}) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        List<ClientSession> sessions = List.copyOf(live);
        LOG.log(System.Logger.Level.INFO, "shutting down, {0} clients connected", sessions.size());
        for (ClientSession session : sessions) {
            session.shutdown();
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        try {
            for (ClientSession session : sessions) {
                session.outbound().awaitWriter(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ClientSession session : live) {
            session.forceClose();
        }
        if (live.isEmpty()) {
            allEnded.complete(null);
        }
        try {
            allEnded.get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            acceptor.join(config.shutdownGrace());
            if (tlsAcceptor != null) {
                tlsAcceptor.join(config.shutdownGrace());
            }
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
        metrics.stop();
        LOG.log(System.Logger.Level.INFO, "stopped");
        if (failure != null) {
            throw failure;
        }
    }
}
