package chat.server;

import static org.assertj.core.api.Assertions.fail;

import chat.common.Json;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A WebSocket test client on Jetty's client: every text frame it receives is one JSON event, queued for
 * {@link #expect} with a timeout; {@link #closed} completes with the close status.
 *
 * <p>Thread-safe: Jetty fills the queue; the test thread reads it.
 */
public final class WsClient implements Session.Listener.AutoDemanding, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile Session session;

    /** Connects to {@code uri} sending {@code origin} (null: none), waiting for the upgrade. */
    static WsClient connect(WebSocketClient client, URI uri, String origin) throws Exception {
        WsClient ws = new WsClient();
        ClientUpgradeRequest request = new ClientUpgradeRequest();
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        client.connect(ws, uri, request).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return ws;
    }

    /** Connects and completes the handshake as {@code nick}; returns the welcome. */
    static WsClient join(WebSocketClient client, URI uri, String nick) throws Exception {
        WsClient ws = connect(client, uri, null);
        ws.expect("nick_prompt");
        ws.send(nick);
        ws.welcome = ws.expect("welcome");
        return ws;
    }

    Map<String, Object> welcome;

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
    }

    @Override
    public void onWebSocketText(String message) {
        frames.add(message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(-1);
    }

    WsClient send(String text) throws Exception {
        Callback.Completable.with(c -> session.sendText(text, c)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /** Sends without waiting (a frame the server may refuse to read to its end). */
    void sendAsync(String text) {
        session.sendText(text, Callback.NOOP);
    }

    Map<String, Object> expect(String type) {
        return expect(e -> type.equals(e.get("type")), type);
    }

    /** Skips events until one matches; each frame must be exactly one JSON object (no line end in it). */
    Map<String, Object> expect(Predicate<Map<String, Object>> wanted, String description) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String frame;
            try {
                frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (frame == null) {
                fail("no event " + description + " within " + TIMEOUT);
            }
            if (frame.contains("\n")) {
                fail("a frame holds more than one line: " + frame);
            }
            Map<String, Object> event = Json.object(frame);
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }
}
