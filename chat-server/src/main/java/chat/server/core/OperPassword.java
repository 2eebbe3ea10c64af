package chat.server.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The operator password as the server keeps it: a PBKDF2-HMAC-SHA256 hash with a random salt, written by
 * {@code scripts/oper-password} (or {@code chat-server --hash-password}) as one line,
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (salt and hash in Base64). A line in any other form is a
 * legacy plain-text password: still accepted (the server warns at start), and hashed in memory at once.
 *
 * <p>Thread-safe: immutable.
 */
public final class OperPassword {
    private static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256: about 0.1 s per check here, for a guesser too. */
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;
    private final boolean legacy;

    private OperPassword(int iterations, byte[] salt, byte[] hash, boolean legacy) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
        this.legacy = legacy;
    }

    /** The line to store for {@code password}. */
    public static String hashLine(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + "$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(derive(password, salt, ITERATIONS));
    }

    /**
     * Reads the first line of the password file: a hash line, or (legacy) the password itself.
     *
     * @throws IllegalArgumentException if the line claims to be a hash but is not a valid one
     */
    public static OperPassword parse(String line) {
        if (!line.startsWith(SCHEME + "$")) {
            byte[] salt = new byte[SALT_BYTES];
            new SecureRandom().nextBytes(salt);
            return new OperPassword(1, salt, derive(line.toCharArray(), salt, 1), true);
        }
        String[] parts = line.split("\\$");
        try {
            if (parts.length != 4) {
                throw new IllegalArgumentException("expected 4 fields");
            }
            Base64.Decoder b64 = Base64.getDecoder();
            return new OperPassword(Integer.parseInt(parts[1]), b64.decode(parts[2]), b64.decode(parts[3]), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid " + SCHEME + " line (scripts/oper-password makes one): "
                    + e.getMessage(), e);
        }
    }

    /** Whether the file held the password in plain text. */
    public boolean legacy() {
        return legacy;
    }

    /** Whether {@code attempt} is the password (constant-time comparison of the derived keys). */
    public boolean matches(String attempt) {
        return MessageDigest.isEqual(hash, derive(attempt.toCharArray(), salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(password, '\0');
        }
    }
}
