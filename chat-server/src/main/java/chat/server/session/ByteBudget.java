package chat.server.session;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per-connection byte-rate cap (docs/PROTOCOL.md, "Flood control"): a token bucket of {@code burst} bytes
 * refilled at {@code rate} bytes per second, charged with every byte read, whatever it holds.
 *
 * <ul>
 *   <li>Bytes that find tokens pass at once.</li>
 *   <li>Otherwise the reader waits until the debt is paid ({@link Verdict#DELAYED}): the server stops reading
 *       that client, and TCP's flow control slows the sender down to the rate.</li>
 *   <li>A client that has been held back without a break for longer than {@code maxThrottle} is to be
 *       disconnected ({@link Verdict#DISCONNECT}).</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to one client's reader thread.
 */
final class ByteBudget {

    /** What to do after a chunk was charged. */
    enum Verdict { PASS, DELAYED, DISCONNECT }

    private static final long NANOS = 1_000_000_000L;

    private final double ratePerNano;
    private final double burst;
    private final long maxThrottleNanos;
    private final LongSupplier clock;
    private final FloodGate.Sleeper sleeper;
    private double tokens;
    private long refilledAt;
    private long throttledSince = -1;

    /**
     * @param rate        bytes per second; 0 turns the cap off
     * @param burst       bytes that may arrive at once
     * @param maxThrottle longest run of being held back before the client is disconnected
     */
    ByteBudget(int rate, int burst, Duration maxThrottle, LongSupplier clock, FloodGate.Sleeper sleeper) {
        this.ratePerNano = (double) rate / NANOS;
        this.burst = burst;
        this.maxThrottleNanos = maxThrottle.toNanos();
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.refilledAt = clock.getAsLong();
    }

    /** Charges {@code bytes} just read; may first wait until the client is within its rate again. */
    Verdict charge(int bytes) throws InterruptedException {
        if (ratePerNano == 0) {
            return Verdict.PASS;
        }
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano) - bytes;
        refilledAt = now;
        if (tokens >= 0) {
            throttledSince = -1;
            return Verdict.PASS;
        }
        if (throttledSince < 0) {
            throttledSince = now;
        }
        long wait = (long) Math.ceil(-tokens / ratePerNano);
        if (now + wait - throttledSince > maxThrottleNanos) {
            return Verdict.DISCONNECT;
        }
        sleeper.sleep(wait); // this client's own reader: only the flooder waits
        return Verdict.DELAYED;
    }
}
