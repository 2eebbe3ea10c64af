package chat.common;

import java.time.Duration;

/**
 * Durations in the words both the server's text lines and the client show ({@code /whois} idle time).
 *
 * <p>Thread-safe: stateless.
 */
public final class TimeWords {
    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    private TimeWords() {
    }

    /** {@code 45s}, {@code 3m 12s}, {@code 2h 05m}, {@code 3d 4h}. */
    public static String idle(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < MINUTE) {
            return s + "s";
        } else if (s < HOUR) {
            return s / MINUTE + "m " + s % MINUTE + "s";
        } else if (s < DAY) {
            return s / HOUR + "h " + String.format("%02dm", s % HOUR / MINUTE);
        }
        return s / DAY + "d " + s % DAY / HOUR + "h";
    }
}
