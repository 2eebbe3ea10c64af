package chat.server.web;

import chat.server.ServerConfig;
import chat.server.net.Admission;
import chat.server.net.Connection;
import chat.server.net.Poller;
import chat.server.session.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The web listener: Jetty 12 (core handlers, no servlets) on virtual threads. {@code /ws} upgrades to a
 * {@link ChatSocket} if the request's Origin is the page's own (or one of {@code --web-allowed-origin} or
 * {@code --web-peers}; a request without Origin, which no browser sends, is a program and allowed), else it is
 * refused with 403 before the upgrade; every other path goes to {@link WebRoutes}.
 *
 * <p>{@link #stopAccepting()} closes the listening socket; {@link #close()} aborts the image fetches from peers
 * under way, then stops Jetty (bounded).
 *
 * <p>Thread-safe: Jetty's; the fields are set before it starts.
 */
public final class WebServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WebServer.class.getName());
    /** A ping every so often keeps a quiet browser's socket from looking idle, and finds dead ones. */
    private static final long PING_SECONDS = 25;
    /**
     * A text frame may be this many times {@code --max-line}: a longer line in it is refused with the same notice as
     * over TCP and the socket stays open (a paste a little too long must not drop a connection); a longer frame
     * closes the socket with 1009. Small, as Jetty holds a whole frame (and its String) per socket while the session
     * reads: about 50 KB at most at the default --max-line.
     */
    static final int FRAME_LINES = 4;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(PING_SECONDS * 3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /** Room for the multipart framing around an image. */
    private static final int UPLOAD_OVERHEAD_BYTES = 64 * 1024;
    /**
     * Jetty's WebSocket output buffer, into which it packs frames sent in batch mode (the frame-by-frame path of
     * {@link WebSocketConnection#write}): one socket write per this many bytes (the largest batch the writer hands
     * over), as for TCP. Taken from Jetty's pool only while frames are being packed, so an idle socket holds none.
     */
    static final int OUTPUT_BUFFER_BYTES = 64 * 1024;
    /**
     * The kernel's send buffer per web connection, fixed as a chat socket's is: a browser that reads nothing then
     * pins at most this (doubled by Linux) besides its send queue, where the kernel grew it to tcp_wmem's 4 MiB,
     * holding a whole /history for a WebSocket that took none of it, so the write deadline never came. Four times a
     * chat socket's, as images go out here too (256 KiB fill a 100 ms path at 2.6 MB/s).
     */
    static final int SEND_BUFFER_BYTES = 256 * 1024;

    private final Server jetty;
    private final ServerConnector connector;
    private final ImageStore images;
    private final PeerImages peerImages; // null without --web-peers
    private final Path temporaryImages;

    private WebServer(Server jetty, ServerConnector connector, ImageStore images, PeerImages peerImages,
                      Path temporaryImages) {
        this.jetty = jetty;
        this.connector = connector;
        this.images = images;
        this.peerImages = peerImages;
        this.temporaryImages = temporaryImages;
    }

    /**
     * Starts serving.
     *
     * @param imageDir where images are stored, or null (no data directory) for a temporary directory that
     *                 is deleted on {@link #close()}
     * @param poller   writes the WebSockets' send queues, as it does the plain TCP connections'
     * @param serve    runs a session on an admitted WebSocket connection
     */
    public static WebServer start(ServerConfig.Web web, Services services, Admission admission, Uploaders uploaders,
                                  Path imageDir, Poller poller, Consumer<Connection> serve) throws IOException {
        Path temporary = imageDir == null ? java.nio.file.Files.createTempDirectory("chat-images-") : null;
        ImageStore images = new ImageStore(imageDir == null ? temporary : imageDir);
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setName("web");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("web-", 0).factory()));
        Server jetty = new Server(pool);
        jetty.setStopTimeout(STOP_TIMEOUT.toMillis());
        ServerConnector connector = web.secure() ? secureConnector(jetty, web)
                : new ServerConnector(jetty, new HttpConnectionFactory(httpConfiguration()));
        connector.setHost(web.host());
        connector.setPort(web.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        connector.setAcceptQueueSize(ServerConfig.LISTEN_BACKLOG);
        connector.setAcceptedSendBufferSize(SEND_BUFFER_BYTES);
        jetty.addConnector(connector);

        ContextHandler context = new ContextHandler("/");
        PeerImages peerImages = web.peers().isEmpty() ? null : new PeerImages(web.peers(), images, web.maxImageBytes());
        WebRoutes routes = new WebRoutes(services, uploaders, images, peerImages, web.maxImageBytes(),
                web.maxImageBytes() + UPLOAD_OVERHEAD_BYTES, web.peers());
        // A peer serves the same page, which fails over to us (docs/PROTOCOL.md, "Failover").
        List<String> allowed = java.util.stream.Stream.concat(web.allowedOrigins().stream(), web.peers().stream())
                .toList();
        WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(jetty, context, container -> {
            int maxLine = services.config().maxLineBytes();
            // A line over --max-line is refused with a notice, as over TCP (WebSocketConnection); only a frame so
            // long that no client of ours sends it by mistake closes the socket.
            container.setMaxTextMessageSize((long) maxLine * FRAME_LINES);
            container.setMaxFrameSize((long) maxLine * FRAME_LINES);
            container.setMaxBinaryMessageSize(1); // the protocol is text; a binary frame closes the socket
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.setOutputBufferSize(OUTPUT_BUFFER_BYTES);
            container.setInvocationType(Invocable.InvocationType.BLOCKING); // callbacks may block: virtual threads
            container.addMapping("/ws", (request, response, callback) -> {
                if (!originAllowed(request, allowed)) {
                    LOG.log(System.Logger.Level.INFO, "refused ws from {0}: Origin {1}",
                            request.getConnectionMetaData().getRemoteSocketAddress(),
                            request.getHeaders().get(HttpHeader.ORIGIN));
                    Response.writeError(request, response, callback, 403, "Origin not allowed");
                    return null;
                }
                // No extension (browsers offer permessage-deflate): a deflater per socket costs far more memory than
                // a chat line saves, and WebSocketConnection writes its frames whole only when none is in use.
                response.setExtensions(java.util.List.of());
                return new ChatSocket(admission, services.json(), serve, services.timers(), PING_SECONDS, poller,
                        maxLine);
            });
        });
        upgrades.setHandler(routes);
        context.setHandler(upgrades);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (IOException e) {
            stopQuietly(jetty, peerImages);
            throw e;
        } catch (Exception e) {
            stopQuietly(jetty, peerImages);
            throw new IOException(e.getMessage(), e);
        }
        WebServer server = new WebServer(jetty, connector, images, peerImages, temporary);
        LOG.log(System.Logger.Level.INFO, "web page on {0}://{1}:{2}/ (WebSocket /ws)", web.secure() ? "https" : "http",
                web.host(), String.valueOf(server.port()));
        return server;
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // no reason to tell every visitor which Jetty to look up
        return http;
    }

    /** HTTPS with the keystore of {@code web}: TLS first, then HTTP/1.1 (WebSocket upgrades included). */
    private static ServerConnector secureConnector(Server jetty, ServerConfig.Web web) throws IOException {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(web.passwordFile());
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(web.keystore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(lines.isEmpty() ? "" : lines.get(0).strip());
        HttpConfiguration http = httpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // a certificate for localhost is also used through 127.0.0.1
        http.addCustomizer(secure);
        return new ServerConnector(jetty, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(http));
    }

    /** The port bound (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Whether a WebSocket from {@code request}'s Origin may open: none given (not a browser), the page's own
     * (same scheme, host and port as the request), or one of {@code allowed}.
     */
    static boolean originAllowed(ServerUpgradeRequest request, List<String> allowed) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        if (allowed.contains(origin)) {
            return true;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null) {
            return false;
        }
        try {
            URI o = new URI(origin);
            String scheme = request.isSecure() ? "https" : "http";
            return scheme.equalsIgnoreCase(o.getScheme()) && o.getRawAuthority() != null
                    && o.getRawAuthority().equalsIgnoreCase(host) && (o.getRawPath() == null || o.getRawPath().isEmpty());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** Stops accepting new connections; open ones go on until {@link #close()}. */
    public void stopAccepting() {
        connector.close();
    }

    @Override
    public void close() throws IOException {
        if (peerImages != null) {
            peerImages.close(); // first, so that no request waits for a peer while Jetty waits for it
        }
        try {
            jetty.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            // The graceful part timed out (a browser slow to answer the WebSocket close): Jetty has stopped
            // anyway, the connections were dropped; nothing is left running.
            LOG.log(System.Logger.Level.WARNING, "web listener stopped after its grace period ({0})", e.toString());
        } catch (Exception e) {
            throw new IOException("stopping the web listener: " + e.getMessage(), e);
        } finally {
            if (temporaryImages != null) {
                deleteTree(temporaryImages);
            }
        }
    }

    private static void stopQuietly(Server jetty, PeerImages peerImages) {
        if (peerImages != null) {
            peerImages.close();
        }
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // Stopping a server that failed to start: the start failure is what gets reported.
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.deleteIfExists(f);
            }
        }
        java.nio.file.Files.deleteIfExists(dir);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), port());
    }
}
