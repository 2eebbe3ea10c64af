package chat.server.web;

import chat.server.session.Session;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may upload images: every live session holds an upload token, {@code <session id>.<HMAC of the id>}
 * under a key made at start. A token that does not verify is no credential at all (401); one that verifies
 * but whose session has ended is refused as such (403), without the server keeping ended tokens. Also counts
 * each session's uploads per minute.
 *
 * <p>Thread-safe: concurrent maps; the key is immutable.
 */
public final class Uploaders {
    private static final String HMAC = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** What a token is worth. */
    sealed interface Lookup {
        record Live(Session session) implements Lookup { }

        record Ended() implements Lookup { }

        record Invalid() implements Lookup { }
    }

    /** Uploads in the current minute of one session. */
    private record Window(long start, int count) { }

    private final byte[] key = new byte[KEY_BYTES];
    private final ConcurrentHashMap<String, Session> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int perMinute;
    private final LongSupplier nanoTime;

    public Uploaders(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    Uploaders(int perMinute, LongSupplier nanoTime) {
        new SecureRandom().nextBytes(key);
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** Registers a new session and returns its token. */
    public String issue(Session session) {
        live.put(session.id(), session);
        return session.id() + "." + sign(session.id());
    }

    /** The session ended: its token is worth nothing from now on. */
    public void revoke(Session session) {
        live.remove(session.id(), session);
        windows.remove(session.id());
    }

    Lookup find(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return new Lookup.Invalid();
        }
        String id = token.substring(0, dot);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, sign(id).getBytes(StandardCharsets.US_ASCII))) {
            return new Lookup.Invalid();
        }
        Session session = live.get(id);
        return session == null ? new Lookup.Ended() : new Lookup.Live(session);
    }

    /** Counts an upload of {@code session}; false if it has used up this minute's uploads. */
    boolean tryUpload(Session session) {
        long now = nanoTime.getAsLong();
        Window w = windows.compute(session.id(), (id, old) ->
                old == null || now - old.start() >= WINDOW_NANOS ? new Window(now, 1) : new Window(old.start(), old.count() + 1));
        return w.count() <= perMinute;
    }

    private String sign(String id) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
