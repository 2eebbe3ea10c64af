package chat.server.core;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operators and bans (README, "Moderation"): the operator password, checked in constant time, and the
 * timed bans on addresses that the accept loop consults. Bans live in memory and end with the server.
 *
 * <p>Thread-safe: immutable password, concurrent ban map.
 */
public final class Moderation {

    /** One ban: who was banned (for /unban by nick), until when, by whom. */
    public record Ban(InetAddress address, String nick, Instant until, String by) { }

    private final byte[] password; // null: no operators on this server
    private final Clock clock;
    private final ConcurrentHashMap<InetAddress, Ban> bans = new ConcurrentHashMap<>();

    public Moderation(String password, Clock clock) {
        this.password = password == null || password.isEmpty() ? null : password.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public boolean operatorsEnabled() {
        return password != null;
    }

    /** Whether {@code attempt} is the operator password (constant time). */
    public boolean isPassword(String attempt) {
        return password != null && MessageDigest.isEqual(password, attempt.getBytes(StandardCharsets.UTF_8));
    }

    public void ban(InetAddress address, String nick, Duration length, String by) {
        bans.put(address, new Ban(address, nick, clock.instant().plus(length), by));
    }

    /** Lifts the ban on the address or nick {@code target}; the ban lifted, if there was one. */
    public Optional<Ban> unban(String target) {
        for (Ban ban : bans.values()) {
            if (ban.address().getHostAddress().equals(target) || Names.sameNick(ban.nick(), target)) {
                bans.remove(ban.address(), ban);
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
            return false;
        }
        return true;
    }
}
