package chat.server.web;

import chat.server.net.Admission;
import chat.server.net.Connection;
import chat.server.net.Poller;
import chat.server.protocol.Event;
import chat.server.protocol.JsonEncoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket endpoint, created per upgrade of {@code /ws}. On open it takes the same {@link Admission}
 * step as a TCP connection (a refused one gets its notice as a JSON {@code error} frame and is closed), then
 * hands a {@link WebSocketConnection} to the server, which runs a session on it in JSON mode. It pings the
 * peer every {@code pingSeconds} so that a quiet but live browser is not taken for idle and a vanished one is
 * noticed by Jetty's idle timeout.
 *
 * <p>Public only because Jetty invokes its methods through method handles.
 *
 * <p>Thread-safety: Jetty calls it one event at a time; {@code connection} and {@code pinger} are written in
 * {@link #onWebSocketOpen} before any other event.
 */
public final class ChatSocket implements Session.Listener.AutoDemanding {
    private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());
    private static final ByteBuffer PING = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));

    private final Admission admission;
    private final JsonEncoder json;
    private final Consumer<Connection> serve;
    private final ScheduledExecutorService timers;
    private final long pingSeconds;
    private final Poller poller;
    private final int maxLineBytes;
    private volatile WebSocketConnection connection;
    private volatile ScheduledFuture<?> pinger;

    ChatSocket(Admission admission, JsonEncoder json, Consumer<Connection> serve, ScheduledExecutorService timers,
               long pingSeconds, Poller poller, int maxLineBytes) {
        this.admission = admission;
        this.json = json;
        this.serve = serve;
        this.timers = timers;
        this.pingSeconds = pingSeconds;
        this.poller = poller;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        InetAddress from = session.getRemoteSocketAddress() instanceof InetSocketAddress inet
                ? inet.getAddress() : InetAddress.getLoopbackAddress();
        Optional<Event> refusal = admission.admit(from);
        if (refusal.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "refused ws:{0}: {1}", session.getRemoteSocketAddress(), refusal.get());
            String line = new String(json.encode(refusal.get()), StandardCharsets.UTF_8).strip();
            session.sendText(line, Callback.from(() -> session.close(StatusCode.TRY_AGAIN_LATER, "refused",
                    Callback.NOOP), failure -> session.disconnect()));
            return;
        }
        connection = new WebSocketConnection(session, poller, maxLineBytes);
        pinger = timers.scheduleAtFixedRate(() -> session.sendPing(PING.slice(), Callback.NOOP),
                pingSeconds, pingSeconds, TimeUnit.SECONDS);
        serve.accept(connection); // owns the admission from now on: the session releases it at its end
    }

    @Override
    public void onWebSocketText(String message) {
        WebSocketConnection c = connection;
        if (c == null) {
            return; // a refused socket that is closing
        }
        try {
            c.received(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.ended();
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        end();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "WebSocket error: {0}", cause.toString());
        end();
    }

    private void end() {
        ScheduledFuture<?> p = pinger;
        if (p != null) {
            p.cancel(false);
        }
        WebSocketConnection c = connection;
        if (c != null) {
            c.ended();
        }
    }
}
