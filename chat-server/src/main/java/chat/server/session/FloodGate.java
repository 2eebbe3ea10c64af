package chat.server.session;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per-client flood control: a token bucket of {@code burst} lines refilled at {@code rate} lines per
 * second (docs/PROTOCOL.md, "Flood control"). Every line after the handshake, commands included, takes a
 * token.
 *
 * <ul>
 *   <li>A line that finds a token passes at once: a human pasting up to {@code burst} lines sees no delay.</li>
 *   <li>Otherwise the client's own reader thread waits for the next token ({@link Verdict#DELAYED}), so
 *       excess lines are delayed, not dropped — for at most {@code maxDelay} of waiting in a row.</li>
 *   <li>Past that the line is dropped ({@link Verdict#DROP}; the caller sends a notice) until the client
 *       slows down enough to find a token again.</li>
 *   <li>A client that has had more than {@code maxDrops} lines dropped since it last let the bucket fill up
 *       is disconnected ({@link Verdict#DISCONNECT}).</li>
 * </ul>
 * Waiting happens on the flooding client's own reader thread, which never holds a lock, so a flood slows
 * only its sender; other clients never see more than {@code rate} lines per second from it (after the
 * burst).
 *
 * <p>Not thread-safe: confined to one client's reader thread.
 */
final class FloodGate {

    /** Waits; the real one is {@code Thread.sleep}, tests pass one that advances a fake clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;

        Sleeper REAL = nanos -> Thread.sleep(Duration.ofNanos(nanos));
    }

    /** What to do with one line. */
    enum Verdict { PASS, DELAYED, DROP, DISCONNECT }

    private static final long NANOS = 1_000_000_000L;

    private final double ratePerNano;
    private final double burst;
    private final long maxDelayNanos;
    private final int maxDrops;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long refilledAt;
    private long throttledSince = -1;
    private int drops;

    /**
     * @param rate     lines per second; 0 turns flood control off
     * @param burst    lines that may arrive at once
     * @param maxDelay longest run of waiting before lines are dropped
     * @param maxDrops dropped lines tolerated before disconnecting
     * @param clock    nanoTime source
     * @param sleeper  how to wait for a token
     */
    FloodGate(double rate, int burst, Duration maxDelay, int maxDrops, LongSupplier clock, Sleeper sleeper) {
        this.ratePerNano = rate / NANOS;
        this.burst = burst;
        this.maxDelayNanos = maxDelay.toNanos();
        this.maxDrops = maxDrops;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.refilledAt = clock.getAsLong();
    }

    boolean enabled() {
        return ratePerNano > 0;
    }

    /** Decides about one line; may first wait (bounded by {@code maxDelay}) for a token. */
    Verdict admit() throws InterruptedException {
        if (!enabled()) {
            return Verdict.PASS;
        }
        long now = refill();
        if (tokens >= 1) {
            tokens -= 1;
            throttledSince = -1;
            return Verdict.PASS;
        }
        if (throttledSince < 0) {
            throttledSince = now;
        }
        long wait = (long) Math.ceil((1 - tokens) / ratePerNano);
        if (now + wait - throttledSince <= maxDelayNanos) {
            sleeper.sleep(wait); // this client's own thread: only the flooder waits
            refill();
            tokens -= 1;
            return Verdict.DELAYED;
        }
        drops++;
        return drops > maxDrops ? Verdict.DISCONNECT : Verdict.DROP;
    }

    /** How many lines were dropped since the client last calmed down. */
    int drops() {
        return drops;
    }

    private long refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
        if (tokens >= burst) {
            drops = 0; // calmed down: the bucket filled up again
        }
        return now;
    }
}
