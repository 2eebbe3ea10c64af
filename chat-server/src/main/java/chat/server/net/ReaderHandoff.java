package chat.server.net;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hand-over of a session's reader loop for a connection that does not wait for input ({@link NoLineYet}): the
 * reader thread leaves its loop here as its last act ({@link #leave}), and the connection's event (bytes or lines
 * arrived, the connection closed) starts it again on a new virtual thread of the same name ({@link #resume}). At
 * most one reader runs at a time: a loop is started once per {@code leave}, however many events race to start it.
 *
 * <p>Thread-safe. A connection calls {@link #resume} after whatever made input available is visible, and checks for
 * such input after {@link #leave}; one of the two then starts the loop.
 */
public final class ReaderHandoff {
    /** True while a loop has been left and no reader runs. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Runnable loop;
    private volatile String name;

    /** Leaves {@code loop} to be run again; the caller's thread is about to end. */
    public void leave(Runnable loop) {
        this.name = Thread.currentThread().getName();
        this.loop = loop;
        waiting.set(true);
    }

    /** Starts the loop left here, if one is waiting. Any thread; never blocks. */
    public void resume() {
        if (waiting.compareAndSet(true, false)) {
            Thread.ofVirtual().name(name).start(loop);
        }
    }
}
