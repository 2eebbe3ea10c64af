package chat.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client's send queue and the writer thread that drains it.
 *
 * <p>Any thread may {@link #offer} encoded lines; offering never blocks and never does I/O. The lines are
 * shared byte arrays (one per broadcast) and are never modified. The writer thread takes everything
 * queued, copies it into one buffer sized to the batch and writes it with one call, so a client that
 * falls behind gets many lines per write. An idle client holds no buffer beyond a small ring of
 * references.
 *
 * <p>The queue is bounded by {@code limitBytes}. An offer that would exceed it marks the queue as
 * overflowed and calls {@code onOverflow} (on a new thread, so the offering thread does no I/O): the
 * client is disconnected rather than anyone waiting for it.
 *
 * <p>States: OPEN → (finish) FINISHING → CLOSED, or OPEN → (overflow/abort) CLOSED. In FINISHING the
 * writer sends what is queued and then ends; in CLOSED nothing more is sent.
 *
 * <p>Thread-safe: queue state guarded by {@code lock}; the socket stream is confined to the writer thread.
 */
final class Outbound {
    private static final int INITIAL_SLOTS = 4;
    /** Largest single write; bigger backlogs go out in several writes. */
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private enum State { OPEN, FINISHING, CLOSED }

    private final String id;
    private final OutputStream out;
    private final int limitBytes;
    private final Runnable onOverflow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private byte[][] ring = new byte[INITIAL_SLOTS][]; // guarded by lock
    private int head;                                  // guarded by lock
    private int count;                                 // guarded by lock
    private long queuedBytes;                          // guarded by lock
    private State state = State.OPEN;                  // guarded by lock
    private boolean overflowed;                        // guarded by lock
    private Thread writer;

    Outbound(String id, OutputStream out, int limitBytes, Runnable onOverflow) {
        this.id = id;
        this.out = out;
        this.limitBytes = limitBytes;
        this.onOverflow = onOverflow;
    }

    /** Starts the writer thread, named {@code writer-<id>}. */
    void start() {
        writer = Thread.ofVirtual().name("writer-" + id).start(this::drainLoop);
    }

    /**
     * Queues one encoded line. Never blocks.
     *
     * @return false if the line was not queued: the queue is closed or just overflowed
     */
    boolean offer(byte[] line) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            if (queuedBytes + line.length > limitBytes) {
                overflowed = true;
                state = State.CLOSED;
                clear();
                ready.signal();
            } else {
                add(line);
                return true;
            }
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("overflow-" + id).start(onOverflow);
        return false;
    }

    /** Queues several lines; see {@link #offer}. */
    boolean offerAll(Iterable<byte[]> lines) {
        for (byte[] line : lines) {
            if (!offer(line)) {
                return false;
            }
        }
        return true;
    }

    /** Queues {@code last} (past the limit if need be), sends everything queued, then ends the writer. */
    void finish(byte[] last) {
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            if (last != null) {
                add(last);
            }
            state = State.FINISHING;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Drops whatever is queued and ends the writer; the caller closes the socket. */
    void abort() {
        lock.lock();
        try {
            state = State.CLOSED;
            clear();
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code millis} for the writer to end; true if it has. */
    boolean awaitWriter(long millis) throws InterruptedException {
        return writer == null || writer.join(java.time.Duration.ofMillis(millis));
    }

    boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes waiting to be written. */
    long queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    private void add(byte[] line) {
        if (count == ring.length) {
            grow();
        }
        ring[(head + count) % ring.length] = line;
        count++;
        queuedBytes += line.length;
        if (count == 1) {
            ready.signal();
        }
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
        Arrays.fill(ring, null);
        ring = new byte[INITIAL_SLOTS][];
        head = 0;
        count = 0;
        queuedBytes = 0;
    }

    private void drainLoop() {
        try {
            byte[] batch;
            int[] length = new int[1];
            while ((batch = takeBatch(length)) != null) {
                out.write(batch, 0, length[0]);
            }
        } catch (IOException | InterruptedException e) {
            // The peer went away or the socket was closed under us: the reader notices and tears down.
            abort();
        }
    }

    /**
     * Blocks until something is queued, then takes as much as fits one write.
     *
     * @return the bytes to write (length in {@code length[0]}), or null when the writer should end
     */
    private byte[] takeBatch(int[] length) throws InterruptedException {
        lock.lock();
        try {
            while (count == 0 && state == State.OPEN) {
                ready.await();
            }
            if (count == 0 || state == State.CLOSED) {
                return null;
            }
            byte[] first = take();
            if (count == 0 || first.length >= MAX_BATCH_BYTES) {
                length[0] = first.length;
                return first; // one line: write the shared bytes as they are, no copy
            }
            int size = (int) Math.min(MAX_BATCH_BYTES, queuedBytes + first.length);
            byte[] batch = new byte[size];
            System.arraycopy(first, 0, batch, 0, first.length);
            int filled = first.length;
            while (count > 0 && filled + ring[head].length <= size) {
                byte[] line = take();
                System.arraycopy(line, 0, batch, filled, line.length);
                filled += line.length;
            }
            length[0] = filled;
            return batch;
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
