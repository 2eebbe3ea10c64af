package chat.server.net;

import chat.server.ops.Metrics;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's send queue and the writer thread that drains it.
 *
 * <p>Any thread may {@link #offer} encoded lines; offering never blocks and never does I/O. The lines are
 * shared byte arrays (one per broadcast) and are never modified. The writer thread takes everything
 * queued (up to {@value #MAX_BATCH_BYTES} bytes), copies it into one buffer (see {@link Batch}), outside the
 * lock, and writes it with one call, so a client that falls behind gets many lines per write and an offer
 * never waits for that copy.
 *
 * <p>The writer is a virtual thread named {@code writer-<id>} that exists only while there is something
 * to send: the offer that finds the queue idle starts it, and it ends when it has emptied the queue. An
 * idle client therefore holds no writer stack and no buffer, only a small ring of references. At most one
 * writer runs per client, so lines go out in the order they were offered. For a connection with a poller
 * ({@link Connection#flushLater}: plain TCP, WebSocket) the poller's thread is the writer as long as the socket
 * takes every batch without waiting ({@link #flushNow}), which is the usual case and spares a thread start per
 * delivery; a batch the socket takes only part of, or one the connection is still sending ({@link
 * Connection#IN_FLIGHT}), is finished by a writer thread of the client's own.
 *
 * <p>The queue is bounded by {@code limitBytes}. An offer that would exceed it marks the queue as
 * overflowed and calls {@code onOverflow} (on a new thread, so the offering thread does no I/O): the
 * client is disconnected rather than anyone waiting for it.
 *
 * <p>A write that the peer does not take blocks the writer (the socket's send buffer is bounded, see
 * {@link SocketConnection}); {@link #stalledNanos} tells how long the current write has been blocked, so
 * the session can end a client that accepts nothing for its write timeout.
 *
 * <p>States: OPEN → (finish) FINISHING → CLOSED, or OPEN → (overflow/abort/write failure) CLOSED. In
 * FINISHING the writer sends what is queued and then ends; in CLOSED nothing more is sent.
 *
 * <p>Thread-safe: all state guarded by {@code lock}; the connection is written only by the writer of the moment
 * (the poller in {@link #flushNow} or the writer thread; the one writer claim keeps it to one at a time).
 */
public final class Outbound {
    private static final int INITIAL_SLOTS = 4;
    /** Largest single write; bigger backlogs go out in several writes. */
    private static final int MAX_BATCH_BYTES = 64 * 1024;
    /** {@link #writeSince} when no write is in progress. */
    private static final long IDLE = Long.MIN_VALUE;

    private enum State { OPEN, FINISHING, CLOSED }

    private final String writerName;
    private final Connection out;
    private final int limitBytes;
    private final Runnable onOverflow;
    private final Metrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writerEnded = lock.newCondition();
    private byte[][] ring = new byte[INITIAL_SLOTS][]; // guarded by lock
    private int head;                                  // guarded by lock
    private int count;                                 // guarded by lock
    private long queuedBytes;                          // guarded by lock
    private State state = State.OPEN;                  // guarded by lock
    private boolean overflowed;                        // guarded by lock
    private boolean writing;                           // guarded by lock; a writer thread is running
    private volatile long writeSince = IDLE;           // written by the writer: when its current write began

    public Outbound(String id, Connection out, int limitBytes, Runnable onOverflow, Metrics metrics) {
        this.writerName = "writer-" + id;
        this.out = out;
        this.limitBytes = limitBytes;
        this.onOverflow = onOverflow;
        this.metrics = metrics;
    }

    /**
     * Queues one encoded line. Never blocks.
     *
     * @return false if the line was not queued: the queue is closed or just overflowed
     */
    public boolean offer(byte[] line) {
        boolean overflowNow = false;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            if (queuedBytes + line.length > limitBytes) {
                overflowed = true;
                overflowNow = true;
                state = State.CLOSED;
                clear();
            } else {
                add(line);
                if (!claimWriter()) {
                    return true; // the running writer will take it
                }
            }
        } finally {
            lock.unlock();
        }
        if (overflowNow) {
            Thread.ofVirtual().name("overflow-" + writerName).start(onOverflow);
            return false;
        }
        startWriter();
        return true;
    }

    /** Starts writing what is queued: the connection's poller if it has one, else a writer thread. */
    private void startWriter() {
        if (!out.flushLater(this)) {
            startWriterThread(this::drain);
        }
    }

    /** Queues {@code last} (past the limit if need be), sends everything queued, then lets the writer end. */
    public void finish(byte[] last) {
        boolean startWriter = false;
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            if (last != null) {
                add(last);
            }
            state = State.FINISHING;
            if (count > 0) {
                startWriter = claimWriter();
            }
        } finally {
            lock.unlock();
        }
        if (startWriter) {
            startWriter();
        }
    }

    /** Drops whatever is queued; nothing more is sent. The caller closes the connection. */
    public void abort() {
        lock.lock();
        try {
            state = State.CLOSED;
            clear();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} until no writer runs; true if none does. */
    public boolean awaitWriter(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                writerEnded.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long the write in progress has been blocked, at {@code now} ({@link System#nanoTime()}); 0 when no
     * write is in progress. A write is at most {@value #MAX_BATCH_BYTES} bytes, so a client that keeps this
     * growing takes less than that in the whole time.
     */
    public long stalledNanos(long now) {
        long since = writeSince;
        return since == IDLE ? 0 : Math.max(0, now - since);
    }

    private boolean claimWriter() {
        if (writing) {
            return false;
        }
        writing = true;
        metrics.writersRunning.increment();
        return true;
    }

    private void add(byte[] line) {
        if (count == ring.length) {
            grow();
        }
        ring[(head + count) % ring.length] = line;
        count++;
        queuedBytes += line.length;
    }

    private void grow() {
        byte[][] bigger = new byte[ring.length * 2][];
        for (int i = 0; i < count; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }

    private void clear() {
        ring = new byte[INITIAL_SLOTS][];
        head = 0;
        count = 0;
        queuedBytes = 0;
    }

    /** The writer thread's body: write batches until the queue is empty, then end. */
    private void drain() {
        // No Thread.yield() first: profiled at 100 k and 1 M deliveries/s it cost 3-4 % of the server's CPU
        // (an extra unmount and mount per batch) without making the batches at 1 M/s measurably larger.
        drain(new Batch());
    }

    private void drain(Batch batch) {
        try {
            while (takeBatch(batch)) {
                int length = batch.length;
                write(batch.gather(), length);
                sent(batch.count, length);
            }
        } catch (IOException e) {
            failed(); // the batch's buffer is not given back: a write that failed (timed out) may still hold it
        }
    }

    /** Starts this client's writer thread on {@code body}, which holds the writer claim until it ends. */
    private void startWriterThread(Runnable body) {
        Thread.ofVirtual().name(writerName).start(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                failed(); // the queue is closed, so the client is not left with a writer claim nobody holds
                throw e;
            }
        });
    }

    /**
     * The poller's turn ({@link Connection#flushLater}), on its thread: writes one batch without waiting. If the
     * socket took it all, the queue goes back in the poller's line when more is queued, or the writer ends; if it
     * took only part, the rest goes out from a writer thread of this client's own, which waits for room and then
     * drains the queue as usual. So a client that does not read never holds up the poller.
     *
     * @param scratch the poller's batch, reused from turn to turn (its bytes are not kept past this call)
     * @return true if the queue went back in the poller's line: the socket took a whole batch and more is queued
     */
    boolean flushNow(Batch scratch) {
        if (!takeBatch(scratch)) {
            return false;
        }
        int length = scratch.length;
        int lines = scratch.count;
        byte[] bytes = scratch.gather();
        try {
            int written = out.writeNow(bytes, 0, length);
            if (written == Connection.IN_FLIGHT) {
                byte[] held = scratch.handOver(bytes); // the connection still reads it: not the poller's any more
                startWriterThread(() -> takeOver(out::awaitWritten, held, lines, length));
                return false;
            }
            if (written < length) {
                byte[] rest = Arrays.copyOfRange(bytes, written, length);
                startWriterThread(() -> takeOver(() -> out.write(rest, 0, rest.length), null, lines, length));
                return false;
            }
        } catch (IOException e) {
            // A send that failed part way (a WebSocket closed between the frames of a batch) may have left the
            // connection writing the rest of the bytes: the poller lets go of the buffer rather than reuse it.
            scratch.handOver(bytes);
            failed();
            return false;
        } catch (RuntimeException | Error e) {
            scratch.handOver(bytes);
            failed(); // the queue is closed, so the client is not left with a writer claim nobody holds
            throw e;
        }
        sent(lines, length);
        lock.lock();
        try {
            if (count == 0 || state == State.CLOSED) {
                writerEnds();
                return false;
            }
        } finally {
            lock.unlock();
        }
        startWriter();
        return true;
    }

    /** What a writer thread taking a batch over from the poller does first: may wait, and fail. */
    private interface Remainder {
        void finish() throws IOException;
    }

    /**
     * A writer thread taking over a batch from the poller: {@code remainder} sees it out (writes the rest the socket
     * did not take, or waits for a send the connection still has {@link Connection#IN_FLIGHT}), then the queue is
     * drained as usual, gathering into {@code held} (the batch's buffer, or null) once it is free again.
     */
    private void takeOver(Remainder remainder, byte[] held, int lines, int length) {
        writeSince = System.nanoTime();
        try {
            remainder.finish();
        } catch (IOException e) {
            failed(); // held is not given back: the connection may still have it
            return;
        } finally {
            writeSince = IDLE;
        }
        sent(lines, length);
        Batch batch = new Batch();
        batch.buffer = held;
        drain(batch);
    }

    private void write(byte[] bytes, int length) throws IOException {
        writeSince = System.nanoTime();
        try {
            out.write(bytes, 0, length);
        } finally {
            writeSince = IDLE;
        }
    }

    private void sent(int lines, int bytes) {
        metrics.deliveries.add(lines);
        metrics.bytesOut.add(bytes);
    }

    /** The peer went away or the socket was closed under us: the reader notices and tears down. */
    private void failed() {
        lock.lock();
        try {
            state = State.CLOSED;
            clear();
            writerEnds();
        } finally {
            lock.unlock();
        }
    }

    /**
     * What one write sends: the lines taken from the queue (under the lock) and, when there are several, the
     * buffer they are copied into (outside it). Reused for the writer's whole run; a run that only ever
     * sends single lines (the usual case at moderate load) allocates nothing more.
     *
     * <p>The buffer of a batch of several lines is at most {@value #MAX_BATCH_BYTES} bytes and comes from a small
     * pool shared by all writer threads, and goes back to it when the queue is empty ({@link #release}): a writer
     * thread lives for one burst, and a new 64 KiB buffer for each (zeroed, then garbage) cost a WebSocket
     * client (whose writes all went through writer threads then) as much memory traffic again as its bytes, and
     * the GC with it.
     */
    static final class Batch {
        /**
         * Buffers kept for the next writer thread, at most this many ({@value #MAX_BATCH_BYTES} bytes each), last
         * given back first out (the one most likely still in a cache).
         */
        private static final int POOLED = 32;
        private static final byte[][] POOL = new byte[POOLED][]; // guarded by itself
        private static int pooled;                                // guarded by POOL

        byte[] first;
        byte[][] more;
        int count;
        int length;
        byte[] buffer;

        void start(byte[] line) {
            first = line;
            count = 1;
            length = line.length;
        }

        void add(byte[] line) {
            if (more == null) {
                more = new byte[INITIAL_SLOTS][];
            } else if (count - 1 == more.length) {
                more = Arrays.copyOf(more, more.length * 2);
            }
            more[count - 1] = line;
            count++;
            length += line.length;
        }

        /** The batch as one array (a single line as it is, shared), and forgets the lines. */
        byte[] gather() {
            byte[] only = first;
            first = null;
            if (count == 1) {
                return only;
            }
            if (buffer == null) { // several lines are never more than MAX_BATCH_BYTES (takeBatch)
                buffer = fromPool();
            }
            if (buffer == null) {
                buffer = new byte[MAX_BATCH_BYTES];
            }
            System.arraycopy(only, 0, buffer, 0, only.length);
            int filled = only.length;
            for (int i = 0; i < count - 1; i++) {
                System.arraycopy(more[i], 0, buffer, filled, more[i].length);
                filled += more[i].length;
                more[i] = null;
            }
            return buffer;
        }

        /**
         * Lets go of {@code bytes} (what {@link #gather} returned) for a write still holding them: returns the
         * buffer if they are it, which the batch then no longer has, or null for a single shared line.
         */
        byte[] handOver(byte[] bytes) {
            if (bytes != buffer) {
                return null;
            }
            buffer = null;
            return bytes;
        }

        /** Gives the buffer back to the pool; call when no write holds it any more. */
        void release() {
            if (buffer != null) {
                synchronized (POOL) {
                    if (pooled < POOLED) {
                        POOL[pooled++] = buffer;
                    }
                }
            }
            buffer = null;
        }

        private static byte[] fromPool() {
            synchronized (POOL) {
                if (pooled == 0) {
                    return null;
                }
                byte[] pooledBuffer = POOL[--pooled];
                POOL[pooled] = null;
                return pooledBuffer;
            }
        }
    }

    private void writerEnds() {
        if (writing) {
            writing = false;
            metrics.writersRunning.decrement();
        }
        writerEnded.signalAll();
    }

    /**
     * Fills {@code batch} with the lines that fit one write (only references: the copying is done by the
     * writer outside the lock, so offers to this client never wait for it), or ends the writer when there
     * is nothing (more) to send.
     *
     * @return false when the writer should end
     */
    private boolean takeBatch(Batch batch) {
        lock.lock();
        try {
            if (count == 0 || state == State.CLOSED) {
                batch.release(); // its last write is done; back in the pool before anyone sees this writer end
                writerEnds();
                return false;
            }
            batch.start(take());
            while (count > 0 && batch.length + ring[head].length <= MAX_BATCH_BYTES) {
                batch.add(take());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private byte[] take() {
        byte[] line = ring[head];
        ring[head] = null;
        head = (head + 1) % ring.length;
        count--;
        queuedBytes -= line.length;
        if (count == 0 && ring.length > INITIAL_SLOTS * 4) {
            ring = new byte[INITIAL_SLOTS][]; // an idle client keeps a small ring
            head = 0;
        }
        return line;
    }
}
