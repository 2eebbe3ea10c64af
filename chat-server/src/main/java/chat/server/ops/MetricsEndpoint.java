package chat.server.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The metrics HTTP endpoint: a minimal HTTP/1.1 server for exactly two resources, {@code /metrics} and
 * {@code /healthz}, on 127.0.0.1.
 *
 * <p>One request per connection, answered with {@code Connection: close}. Exact paths (a query string is
 * ignored; anything else is 404), {@code GET} and {@code HEAD} only (405 with {@code Allow}), a request head
 * of at most {@value #MAX_HEAD_BYTES} bytes (431), which must arrive whole within {@link #REQUEST_TIMEOUT}
 * of accept however it is dripped (the connection is then closed), and at most {@value #MAX_CONNECTIONS}
 * connections at once: the accept loop takes a slot before {@code accept()}, so more wait in the kernel's
 * backlog and cost this process no file descriptor.
 *
 * <p>Lifecycle of a connection: ACCEPTED (slot taken) → READING (absolute deadline) → ANSWERED or
 * TIMED OUT or BAD → CLOSED (slot released), all in one try/finally on its own virtual thread.
 *
 * <p>Thread-safe: the accept loop runs on one virtual thread; each connection on its own; the open
 * connections are a concurrent set so {@link #close()} can end them from any thread.
 */
final class MetricsEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsEndpoint.class.getName());
    static final int MAX_CONNECTIONS = 16;
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_HEAD_BYTES = 8 * 1024;
    private static final int BACKLOG = 64;

    private final ServerSocket server;
    private final Supplier<String> exposition;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private MetricsEndpoint(ServerSocket server, Supplier<String> exposition) {
        this.server = server;
        this.exposition = exposition;
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks one) and starts the accept loop. */
    static MetricsEndpoint start(int port, Supplier<String> exposition) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        MetricsEndpoint endpoint = new MetricsEndpoint(socket, exposition);
        Thread.ofVirtual().name("metrics-acceptor").start(endpoint::acceptLoop);
        return endpoint;
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                slots.release();
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "metrics endpoint stopped accepting: {0}", e.toString());
                }
                return;
            }
            open.add(socket);
            Thread.ofVirtual().name("metrics-http").start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Request request = readHead(socket, System.nanoTime() + REQUEST_TIMEOUT.toNanos());
            if (request != null) {
                respond(socket.getOutputStream(), request);
            }
        } catch (IOException ignored) {
            // The client went away or took too long: its connection is closed either way.
        } finally {
            open.remove(socket);
            slots.release();
        }
    }

    private record Request(String method, String path, int status) { }

    /**
     * Reads the request head until the blank line; null when the deadline passes first or the client
     * closes. Each read waits only for what is left of the deadline, so dripping bytes does not extend it.
     */
    private static Request readHead(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] head = new byte[MAX_HEAD_BYTES];
        int length = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = in.read(head, length, head.length - length);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            length += n;
            int end = endOfHead(head, length);
            if (end >= 0) {
                return parse(new String(head, 0, end, StandardCharsets.ISO_8859_1));
            }
            if (length == head.length) {
                return new Request("", "", 431);
            }
        }
    }

    private static int endOfHead(byte[] bytes, int length) {
        for (int i = 3; i < length; i++) {
            if (bytes[i] == '\n' && (bytes[i - 1] == '\n' || bytes[i - 1] == '\r' && bytes[i - 2] == '\n')) {
                return i;
            }
        }
        return -1;
    }

    private static Request parse(String head) {
        String[] parts = head.lines().findFirst().orElse("").split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            return new Request("", "", 400);
        }
        String method = parts[0];
        int query = parts[1].indexOf('?');
        String path = query < 0 ? parts[1] : parts[1].substring(0, query);
        if (!path.equals("/metrics") && !path.equals("/healthz")) {
            return new Request(method, path, 404);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new Request(method, path, 405);
        }
        return new Request(method, path, 200);
    }

    private void respond(OutputStream out, Request request) throws IOException {
        String type = "text/plain; charset=utf-8";
        String body = switch (request.status()) {
            case 200 -> {
                if (request.path().equals("/metrics")) {
                    type = "text/plain; version=0.0.4; charset=utf-8";
                    yield exposition.get();
                }
                yield "ok\n";
            }
            case 404 -> "not found\n";
            case 405 -> "method not allowed\n";
            case 431 -> "request header too large\n";
            default -> "bad request\n";
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(request.status()).append(' ')
                .append(reason(request.status())).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n")
                .append("Connection: close\r\n");
        if (request.status() == 405) {
            head.append("Allow: GET, HEAD\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!request.method().equals("HEAD")) {
            out.write(bytes);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 431 -> "Request Header Fields Too Large";
            default -> "Bad Request";
        };
    }

    /** Stops accepting and closes every open connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing a listening socket only fails if it is already closed.
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already closed by its own thread.
            }
        }
    }
}
