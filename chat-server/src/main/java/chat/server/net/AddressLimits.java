package chat.server.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-address connection limits (docs/PROTOCOL.md, "Limits"): at most {@code maxPerAddress} connections
 * at once from one address, and at most {@code perMinute} new connections from it per minute (a token
 * bucket refilled evenly over the minute). Either limit is off when 0.
 *
 * <p>Thread-safe: one entry per address in a concurrent map, changed only inside {@code compute}. An entry
 * is dropped when its address has no connection left and a full bucket, so the map holds only addresses
 * that are connected or recently busy.
 */
public final class AddressLimits {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    /** Why a connection is refused. */
    enum Refusal { TOO_MANY, TOO_FAST }

    private record Entry(int live, double tokens, long at) { }

    private final int maxPerAddress;
    private final int perMinute;
    private final LongSupplier clock;
    private final ConcurrentHashMap<InetAddress, Entry> entries = new ConcurrentHashMap<>();

    AddressLimits(int maxPerAddress, int perMinute, LongSupplier clock) {
        this.maxPerAddress = maxPerAddress;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts a new connection from {@code address}, or says why it is refused (then nothing is counted). */
    Optional<Refusal> admit(InetAddress address) {
        if (maxPerAddress == 0 && perMinute == 0) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        Refusal[] refusal = new Refusal[1];
        entries.compute(address, (a, e) -> {
            Entry current = e == null ? new Entry(0, perMinute, now) : refill(e, now);
            if (maxPerAddress > 0 && current.live() >= maxPerAddress) {
                refusal[0] = Refusal.TOO_MANY;
                return current;
            }
            if (perMinute > 0 && current.tokens() < 1) {
                refusal[0] = Refusal.TOO_FAST;
                return current;
            }
            return new Entry(current.live() + 1, current.tokens() - (perMinute > 0 ? 1 : 0), now);
        });
        return Optional.ofNullable(refusal[0]);
    }

    /** Forgets one connection from {@code address} that {@link #admit} counted. */
    void release(InetAddress address) {
        if (maxPerAddress == 0 && perMinute == 0) {
            return;
        }
        long now = clock.getAsLong();
        entries.computeIfPresent(address, (a, e) -> {
            Entry current = refill(e, now);
            int live = Math.max(0, current.live() - 1);
            return live == 0 && current.tokens() >= perMinute ? null : new Entry(live, current.tokens(), now);
        });
    }

    /** Connections counted for {@code address} right now. */
    int live(InetAddress address) {
        Entry e = entries.get(address);
        return e == null ? 0 : e.live();
    }

    private Entry refill(Entry e, long now) {
        double tokens = Math.min(perMinute, e.tokens() + (double) (now - e.at()) * perMinute / MINUTE_NANOS);
        return new Entry(e.live(), tokens, now);
    }
}
