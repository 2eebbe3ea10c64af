package chat.server.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What others may learn about someone online ({@code /whois}, {@code /who}, {@code /msg}).
 *
 * @param room  the room they are in; empty between rooms
 * @param since when they connected
 * @param idle  how long since they last sent a line
 * @param away  their away message; empty if they are not away
 *
 * <p>Thread-safe: an immutable value.
 */
public record Presence(String room, Instant since, Duration idle, String away) {

    public boolean isAway() {
        return !away.isEmpty();
    }
}
