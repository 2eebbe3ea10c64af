package chat.server.core;

import chat.server.store.ModerationStore;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators, bans and mutes (README, "Moderation"): the operator password, checked in constant time; the
 * timed bans on addresses that admission consults; the timed mutes that follow a nickname (any look-alike
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

    private final byte[] password; // null: no operators on this server
    private final Clock clock;
    private final ModerationStore store;
    private final ConcurrentHashMap<InetAddress, Ban> bans = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Mute> mutes = new ConcurrentHashMap<>();

    public Moderation(String password, Clock clock, ModerationStore store) {
        this.password = password == null || password.isEmpty() ? null : password.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.store = store;
        Instant now = clock.instant();
        store.bans().stream().filter(b -> b.until().isAfter(now)).forEach(b -> bans.put(b.address(), b));
        store.mutes().stream().filter(m -> m.until().isAfter(now)).forEach(m -> mutes.put(m.target(), m));
    }

    public boolean operatorsEnabled() {
        return password != null;
    }

    /** Whether {@code attempt} is the operator password (constant time). */
    public boolean isPassword(String attempt) {
        return password != null && MessageDigest.isEqual(password, attempt.getBytes(StandardCharsets.UTF_8));
    }

    public void ban(InetAddress address, String nick, Duration length, String by) {
        Ban ban = new Ban(address, nick, clock.instant().plus(length), by);
        bans.put(address, ban);
        store.saveBan(ban);
    }

    /** Lifts the ban on the address or nick {@code target}; the ban lifted, if there was one. */
    public Optional<Ban> unban(String target) {
        for (Ban ban : bans.values()) {
            if (ban.address().getHostAddress().equals(target) || Names.sameNick(ban.nick(), target)) {
                bans.remove(ban.address(), ban);
                store.deleteBan(ban.address());
                return Optional.of(ban);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code address} is banned right now; expired bans are forgotten here. */
    public boolean banned(InetAddress address) {
        Ban ban = bans.get(address);
        if (ban == null) {
            return false;
        }
        if (clock.instant().isAfter(ban.until())) {
            bans.remove(address, ban);
            store.deleteBan(address);
            return false;
        }
        return true;
    }

    /** Silences {@code nick} (and whatever looks like it) and {@code address} for {@code length}. */
    public void mute(String nick, InetAddress address, Duration length, String by) {
        Instant until = clock.instant().plus(length);
        for (String target : targets(Names.nickKeys(nick), address)) {
            Mute mute = new Mute(target, nick, until, by);
            mutes.put(target, mute);
            store.saveMute(mute);
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
