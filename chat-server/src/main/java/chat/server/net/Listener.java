package chat.server.net;

import chat.server.protocol.Event;
import chat.server.protocol.TextEncoder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An accept loop on one listening socket (plain or TLS), on a virtual thread of its own. Each accepted
 * socket goes through {@link Admission}; a refused one gets its notice and is closed on a thread of its
 * own, so the loop never writes to a socket; an admitted one is handed to {@code serve}.
 *
 * <p>Thread-safe: the loop is confined to its thread; {@link #close()} may be called from any thread.
 */
public final class Listener {
    private static final System.Logger LOG = System.getLogger(Listener.class.getName());
    private static final long ACCEPT_BACKOFF_MILLIS = 100;

    /** Takes an admitted socket; owns it from then on (and releases its admission when it ends). */
    @FunctionalInterface
    public interface Handler {
        void serve(Socket socket);
    }

    private final ServerSocket socket;
    private final Admission admission;
    private final Handler handler;
    private final Thread thread;
    private volatile boolean closing;

    public Listener(String name, ServerSocket socket, Admission admission, Handler handler) {
        this.socket = socket;
        this.admission = admission;
        this.handler = handler;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::acceptLoop);
    }

    public void start() {
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (closing) {
                    return; // close() closed the listener: the normal way out
                }
                LOG.log(System.Logger.Level.ERROR, "accept failed: {0}", e.toString());
                backOff();
                continue;
            }
            Optional<Event> refusal = admission.admit(accepted.getInetAddress());
            if (refusal.isPresent()) {
                LOG.log(System.Logger.Level.INFO, "refused {0}: {1}", accepted.getRemoteSocketAddress(),
                        refusal.get());
                Thread.ofVirtual().name("refuse").start(() -> refuse(accepted, refusal.get()));
                continue;
            }
            handler.serve(accepted);
        }
    }

    private static void refuse(Socket socket, Event notice) {
        try (socket) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(1));
            socket.getOutputStream().write(TextEncoder.line(TextEncoder.line(notice)));
        } catch (IOException ignored) {
            // A refused client that is already gone needs no notice.
        }
    }

    private static void backOff() {
        try {
            // accept() failing repeatedly (e.g. out of file descriptors) must not spin a core.
            Thread.sleep(ACCEPT_BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting and waits (bounded) for the loop to end. */
    public void close(java.time.Duration wait) throws IOException {
        closing = true;
        try {
            socket.close();
        } finally {
            try {
                if (thread.getState() != Thread.State.NEW) { // a server that failed to start never started it
                    thread.join(wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
