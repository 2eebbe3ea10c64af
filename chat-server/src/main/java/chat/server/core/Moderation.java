package chat.server.core;

import chat.server.store.ModerationStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Operators, bans and mutes (README, "Moderation"): the operator password, checked in constant time; the
 * timed bans on addresses (an IPv6 address by its /64, configurable) that admission consults and that
 * disconnect everyone connected from the banned network; the timed mutes that follow a nickname (any look-alike
 * of it) and the address it spoke from. Bans and mutes are kept by a {@link ModerationStore}, so with a
 * data directory they outlive a restart.
 *
 * <p>Thread-safe: immutable password, concurrent maps; the store is thread-safe and never blocks for I/O.
 */
public final class Moderation {

    /** One ban: who was banned (for /unban by nick), until when, by whom. */
    public record Ban(InetAddress address, String nick, Instant until, String by) { }

    /** One mute: {@code target} is {@code nick:<key>} or {@code ip:<address>}. */
    public record Mute(String target, String nick, Instant until, String by) { }

    /** A change made on this server, as other nodes of a cluster apply it ({@link #apply}). */
    public sealed interface Change {
        record Banned(Ban ban) implements Change { }

        record Unbanned(InetAddress network) implements Change { }

        record Muted(Mute mute) implements Change { }
    }

    /** Bits of an IPv6 address a ban covers by default: one /64, what one subscriber usually gets. */
    public static final int DEFAULT_BAN_PREFIX_V6 = 64;

    /** The outcome of one {@code /oper}: granted, refused, or not even checked (wait that many seconds). */
    public enum OperOutcome { GRANTED, REFUSED, WAIT }

    /** One {@code /oper}'s outcome and, for {@link OperOutcome#WAIT}, how long to wait. */
    public record OperAttempt(OperOutcome outcome, long waitSeconds) { }

    private final OperPassword password; // null: no operators on this server
    private final OperGate operGate = new OperGate(System::nanoTime);
    private final int banPrefixV6;
    private final List<Consumer<Ban>> onBan = new CopyOnWriteArrayList<>();
    private volatile Consumer<Change> onChange = change -> { };
    private final Clock clock;
    private final ModerationStore store;
    private final ConcurrentHashMap<InetAddress, Ban> bans = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Mute> mutes = new ConcurrentHashMap<>();

    /**
     * @param password the first line of the operator password file (a hash line, or a legacy plain password),
     *                 or null for no operators
     */
    public Moderation(String password, Clock clock, ModerationStore store) {
        this(password, clock, store, DEFAULT_BAN_PREFIX_V6);
    }

    /**
     * @param banPrefixV6 bits of an IPv6 address that a ban covers (64: the whole /64); IPv4 bans are exact
     */
    public Moderation(String password, Clock clock, ModerationStore store, int banPrefixV6) {
        this.banPrefixV6 = banPrefixV6;
        this.password = password == null || password.isEmpty() ? null : OperPassword.parse(password);
        this.clock = clock;
        this.store = store;
        Instant now = clock.instant();
        store.bans().stream().filter(b -> b.until().isAfter(now)).forEach(b -> bans.put(network(b.address()), b));
        store.mutes().stream().filter(m -> m.until().isAfter(now)).forEach(m -> mutes.put(m.target(), m));
    }

    public boolean operatorsEnabled() {
        return password != null;
    }

    /** Whether the password file held the password in plain text (the server warns). */
    public boolean legacyPassword() {
        return password != null && password.legacy();
    }

    /**
     * Checks {@code attempt} from {@code from}, unless that address (or the server as a whole) must first
     * wait after earlier wrong passwords; see {@link OperGate}.
     */
    public OperAttempt tryOper(InetAddress from, String attempt) {
        if (password == null) {
            return new OperAttempt(OperOutcome.REFUSED, 0);
        }
        long wait = operGate.waitSeconds(from);
        if (wait > 0) {
            return new OperAttempt(OperOutcome.WAIT, wait);
        }
        if (password.matches(attempt)) {
            operGate.succeeded(from);
            return new OperAttempt(OperOutcome.GRANTED, 0);
        }
        operGate.failed(from);
        return new OperAttempt(OperOutcome.REFUSED, 0);
    }

    /**
     * Bans the network of {@code address} (the address itself for IPv4, its /64 or the configured prefix
     * for IPv6) and tells every listener ({@link #onBan}), which disconnects whoever is connected from it.
     */
    public void ban(InetAddress address, String nick, Duration length, String by) {
        InetAddress network = network(address);
        Ban ban = new Ban(network, nick, clock.instant().plus(length), by);
        banned(ban);
        onChange.accept(new Change.Banned(ban));
    }

    private void banned(Ban ban) {
        bans.put(ban.address(), ban);
        store.saveBan(ban);
        for (Consumer<Ban> listener : onBan) {
            listener.accept(ban);
        }
    }

    /** Calls {@code listener} with each ban, unban and mute made here (not those {@link #apply}ed); must not block. */
    public void onChange(Consumer<Change> listener) {
        onChange = listener;
    }

    /** Applies a change made on another node: kept, and a ban disconnects whoever it covers here. */
    public void apply(Change change) {
        switch (change) {
            case Change.Banned b -> banned(b.ban());
            case Change.Unbanned u -> {
                bans.remove(u.network());
                store.deleteBan(u.network());
            }
            case Change.Muted m -> {
                mutes.put(m.mute().target(), m.mute());
                store.saveMute(m.mute());
            }
        }
    }

    /** Calls {@code listener} with each new ban, on the banning thread; it must not block. */
    public void onBan(Consumer<Ban> listener) {
        onBan.add(listener);
    }

    /** Whether {@code ban} covers {@code address}. */
    public boolean covers(Ban ban, InetAddress address) {
        return ban.address().equals(network(address));
    }

    /** Lifts the ban on the address or nick {@code target}; the ban lifted, if there was one. */
    public Optional<Ban> unban(String target) {
        InetAddress literal = literal(target);
        for (Ban ban : bans.values()) {
            if ((literal != null && covers(ban, literal)) || ban.address().getHostAddress().equals(target)
                    || Names.sameNick(ban.nick(), target)) {
                bans.remove(ban.address(), ban);
                store.deleteBan(ban.address());
                onChange.accept(new Change.Unbanned(ban.address()));
                return Optional.of(ban);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code address} is banned right now; expired bans are forgotten here. */
    public boolean banned(InetAddress address) {
        if (bans.isEmpty()) {
            return false;
        }
        InetAddress network = network(address);
        Ban ban = bans.get(network);
        if (ban == null) {
            return false;
        }
        if (clock.instant().isAfter(ban.until())) {
            bans.remove(network, ban);
            store.deleteBan(network);
            return false;
        }
        return true;
    }

    /** The network a ban on {@code address} covers: IPv4 as it is, IPv6 cut to the prefix. */
    InetAddress network(InetAddress address) {
        if (!(address instanceof Inet6Address) || banPrefixV6 >= 128) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int bit = banPrefixV6; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private static InetAddress literal(String text) {
        if (!text.matches("[0-9.]+") && !text.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(text); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Silences {@code nick} (and whatever looks like it) and {@code address} for {@code length}. */
    public void mute(String nick, InetAddress address, Duration length, String by) {
        Instant until = clock.instant().plus(length);
        for (String target : targets(Names.nickKeys(nick), address)) {
            Mute mute = new Mute(target, nick, until, by);
            mutes.put(target, mute);
            store.saveMute(mute);
            onChange.accept(new Change.Muted(mute));
        }
    }

    /**
     * Seconds a client with these nickname keys and this address stays muted; 0 if it is not.
     *
     * @param nickKeys the client's {@link Names#nickKeys}, kept by its session
     */
    public long mutedSeconds(List<String> nickKeys, InetAddress address) {
        if (mutes.isEmpty()) {
            return 0; // the common case, checked on every line without reading the clock
        }
        Instant now = clock.instant();
        long longest = 0;
        for (String target : targets(nickKeys, address)) {
            Mute mute = mutes.get(target);
            if (mute == null) {
                continue;
            }
            if (!now.isBefore(mute.until())) {
                mutes.remove(target, mute);
                store.deleteMute(target);
                continue;
            }
            longest = Math.max(longest, Math.max(1, Duration.between(now, mute.until()).toSeconds()));
        }
        return longest;
    }

    private static List<String> targets(List<String> nickKeys, InetAddress address) {
        List<String> targets = new java.util.ArrayList<>(nickKeys.size() + 1);
        for (String key : nickKeys) {
            targets.add("nick:" + key);
        }
        if (address != null) {
            targets.add("ip:" + address.getHostAddress());
        }
        return targets;
    }
}
