package chat.server.net;

import chat.server.core.Moderation;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * The one admission step every listener takes for a new connection, before any session exists: the
 * server-wide connection limit, bans, and the per-address limits (docs/PROTOCOL.md, "Limits"). An
 * admitted connection holds a slot until {@link #release}.
 *
 * <p>Thread-safe: a semaphore, the thread-safe {@link AddressLimits} and {@link Moderation}.
 */
public final class Admission {

    /** Why a connection was refused: a closed set (it is a metric label). */
    public enum Refusal { SERVER_FULL, BANNED, PER_ADDRESS, PER_ADDRESS_RATE }

    private final int maxClients;
    private final int maxPerAddress;
    private final int connectsPerMinute;
    private final Semaphore permits;
    private final AddressLimits addressLimits;
    private final Moderation moderation;
    private final Metrics metrics;

    public Admission(int maxClients, int maxPerAddress, int connectsPerMinute, Moderation moderation,
                     Metrics metrics) {
        this.maxClients = maxClients;
        this.maxPerAddress = maxPerAddress;
        this.connectsPerMinute = connectsPerMinute;
        this.permits = new Semaphore(maxClients);
        this.addressLimits = new AddressLimits(maxPerAddress, connectsPerMinute, System::nanoTime);
        this.moderation = moderation;
        this.metrics = metrics;
    }

    /**
     * Takes a slot for a connection from {@code address}, or says why not (then nothing is held).
     *
     * @return empty if admitted, else the notice the refused client gets before it is closed
     */
    public Optional<Event> admit(InetAddress address) {
        if (!permits.tryAcquire()) {
            return refused(Refusal.SERVER_FULL, Notices.serverFull(maxClients));
        }
        if (moderation.banned(address)) {
            permits.release();
            return refused(Refusal.BANNED, Notices.banned());
        }
        Optional<AddressLimits.Refusal> limit = addressLimits.admit(address);
        if (limit.isPresent()) {
            permits.release();
            return switch (limit.get()) {
                case TOO_MANY -> refused(Refusal.PER_ADDRESS, Notices.tooManyFromAddress(maxPerAddress));
                case TOO_FAST -> refused(Refusal.PER_ADDRESS_RATE, Notices.tooFastFromAddress(connectsPerMinute));
            };
        }
        return Optional.empty();
    }

    /** Gives back the slot of an admitted connection that ended. Call once per admitted connection. */
    public void release(InetAddress address) {
        addressLimits.release(address);
        permits.release();
    }

    private Optional<Event> refused(Refusal why, Event notice) {
        metrics.rejected(why);
        return Optional.of(notice);
    }
}
