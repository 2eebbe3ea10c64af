package chat.server.net;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One platform thread that waits for the plain-TCP connections ({@link ChannelConnection}) to become readable or
 * writable, so that an idle connection needs no thread at all: no parked reader, no stack. When one is ready it
 * tells the connection ({@link ChannelConnection#readable()}, {@link ChannelConnection#writable()}), which starts a
 * reader thread or wakes its writer; the poller itself never reads or runs session code. It does write: the send
 * queues of those connections ({@link #flush}), as far as each socket takes bytes without waiting; what does not
 * fit goes on in that client's own writer thread, which may wait.
 *
 * <p>Interest is one-shot: an event that fires is taken out of the key's interest set, and the connection asks
 * for it again ({@link #want}) once it has read all there was or has a write that did not fit.
 *
 * <p>Thread-safe: {@link #register} and {@link #want} may be called from any thread (interest changes are atomic
 * on the key; the selector is woken to see them).
 */
public final class Poller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Poller.class.getName());

    private final Selector selector;
    private final long writeDelayNanos;
    private final Thread thread;
    private volatile boolean closing;
    /** Send queues to write from this thread ({@link #flush}); each is here at most once (its writer claim). */
    private final ConcurrentLinkedQueue<Outbound> flushes = new ConcurrentLinkedQueue<>();
    /** False while this thread is (about to be) blocked in select: a flush must wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final Outbound.Batch scratch = new Outbound.Batch(); // confined to this thread

    /**
     * @param writeDelay how long a queue handed to the poller waits before it is written, so that lines offered
     *                   meanwhile go out in the same write (zero: at once)
     */
    public Poller(String name, Duration writeDelay) throws IOException {
        this.writeDelayNanos = writeDelay.toNanos();
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
        thread.start();
    }

    /**
     * Registers {@code connection}'s channel (already non-blocking) with no interest yet. Any thread: since JDK 11
     * a registration does not wait for a selection in progress.
     */
    SelectionKey register(SocketChannel channel, ChannelConnection connection) throws IOException {
        try {
            return channel.register(selector, 0, connection);
        } catch (ClosedSelectorException e) {
            throw new IOException("server closing", e);
        }
    }

    /** Adds {@code ops} to the key's interest set. */
    void want(SelectionKey key, int ops) {
        try {
            key.interestOpsOr(ops);
        } catch (CancelledKeyException e) {
            return; // closed meanwhile: the connection's close woke whoever waited
        }
        selector.wakeup();
    }

    /**
     * Has this thread write {@code outbound}'s queue without blocking ({@link Outbound#flushNow}): one thread
     * writing for every idle-then-busy client costs far less than a writer thread started for each (see
     * docs/bench/profile.md). Any thread; never blocks.
     */
    public void flush(Outbound outbound) {
        flushes.add(outbound);
        if (!awake.get() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Makes the poller look at its keys now (a closed channel's key is let go of, and its socket closed). */
    void wakeup() {
        selector.wakeup();
    }

    private void loop() {
        boolean timing = false; // the queues waiting now have a time to be written: due
        long due = 0;
        while (!closing) {
            try {
                if (!timing) {
                    awake.set(false);
                    if (flushes.isEmpty()) {
                        selector.select();
                    } else {
                        selector.selectNow(); // a queue came just now
                    }
                    awake.set(true);
                } else {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        // Stays "awake": lines offered meanwhile join this round without waking the selector.
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                    } else {
                        selector.selectNow();
                    }
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "poller failed: {0}", e.toString());
                return;
            }
            if (!timing && !flushes.isEmpty()) {
                // The delay runs from when this thread first sees a queue waiting, however it woke.
                timing = true;
                due = System.nanoTime() + writeDelayNanos;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    fire(key);
                } catch (Throwable e) { // e.g. no memory for a thread: this connection's event is lost, not all
                    LOG.log(System.Logger.Level.ERROR, "poller event failed", e);
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            if (timing && now - due >= 0) {
                // A client with more than one turn's worth waiting is behind already: no delay for it (or a
                // blast would be written a turn per delay); lines that arrive for the others wait their delay.
                timing = flushAll();
                due = now;
            }
        }
    }

    /**
     * One turn for each queue waiting now (one that still has more after its turn goes to the back).
     *
     * @return whether any queue went to the back
     */
    private boolean flushAll() {
        boolean behind = false;
        for (int n = flushes.size(); n > 0; n--) {
            Outbound outbound = flushes.poll();
            if (outbound == null) {
                break;
            }
            try {
                behind |= outbound.flushNow(scratch);
            } catch (Throwable e) { // one client's failure must not stop the poller (flushNow let go of it)
                LOG.log(System.Logger.Level.ERROR, "flush failed", e);
            }
        }
        return behind;
    }

    private static void fire(SelectionKey key) {
        ChannelConnection connection = (ChannelConnection) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
            key.interestOpsAnd(~ready);
        } catch (CancelledKeyException e) {
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            connection.writable();
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            connection.readable();
        }
    }

    /** Stops the poller thread (bounded wait); the connections are closed by their sessions. */
    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Shutting down: nothing is left to tell.
        }
    }
}
