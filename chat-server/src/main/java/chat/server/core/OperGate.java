package chat.server.core;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Back-off for wrong operator passwords, per address and server-wide, so that neither a new connection per
 * guess nor guesses spread over many addresses get more tries (README, "Moderation"):
 * <ul>
 *   <li>after the n-th wrong password from an address, it waits 2^(n-1) s (1, 2, 4 … at most 60) before
 *       its next attempt is even checked; a right one forgets its failures;</li>
 *   <li>server-wide, at most {@link #GLOBAL_FAILURES_PER_MINUTE} wrong passwords a minute (a token bucket):
 *       past that every address waits for the bucket.</li>
 * </ul>
 *
 * <p>Thread-safe: a concurrent map changed in {@code compute}; the global bucket is guarded by {@code lock}.
 */
final class OperGate {
    static final int GLOBAL_FAILURES_PER_MINUTE = 10;
    private static final long MAX_WAIT_SECONDS = 60;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private record Entry(int failures, long nextAttempt) { }

    private final LongSupplier clock;
    private final ConcurrentHashMap<InetAddress, Entry> byAddress = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private double tokens = GLOBAL_FAILURES_PER_MINUTE; // guarded by lock
    private long refilledAt;                            // guarded by lock

    OperGate(LongSupplier clock) {
        this.clock = clock;
        this.refilledAt = clock.getAsLong();
    }

    /** Seconds {@code address} must wait before an attempt is checked; 0 if it may try now. */
    long waitSeconds(InetAddress address) {
        long now = clock.getAsLong();
        long wait = 0;
        Entry e = byAddress.get(address);
        if (e != null && now < e.nextAttempt()) {
            wait = e.nextAttempt() - now;
        }
        lock.lock();
        try {
            refill(now);
            if (tokens < 1) {
                wait = Math.max(wait, (long) Math.ceil((1 - tokens) * MINUTE / GLOBAL_FAILURES_PER_MINUTE));
            }
        } finally {
            lock.unlock();
        }
        return wait == 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    void failed(InetAddress address) {
        long now = clock.getAsLong();
        byAddress.compute(address, (a, e) -> {
            int failures = e == null ? 1 : e.failures() + 1;
            long wait = Math.min(MAX_WAIT_SECONDS, 1L << Math.min(failures - 1, 6));
            return new Entry(failures, now + TimeUnit.SECONDS.toNanos(wait));
        });
        lock.lock();
        try {
            refill(now);
            tokens -= 1;
        } finally {
            lock.unlock();
        }
        // Addresses whose back-off ran out long ago are forgotten, so the map stays small.
        byAddress.values().removeIf(e -> now - e.nextAttempt() > MINUTE * 10);
    }

    void succeeded(InetAddress address) {
        byAddress.remove(address);
    }

    private void refill(long now) {
        tokens = Math.min(GLOBAL_FAILURES_PER_MINUTE, tokens + (double) (now - refilledAt) * GLOBAL_FAILURES_PER_MINUTE / MINUTE);
        refilledAt = now;
    }
}
