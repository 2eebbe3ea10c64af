package chat.server.session;

import java.util.Locale;

/**
 * Why a session ended: a closed set, so it can be a metric label ({@link #label()}) without anything a
 * user typed ever becoming one. What the room is shown (a quit message, who kicked) travels beside it.
 *
 * <p>Thread-safe: an enum.
 */
public enum EndReason {
    QUIT, CONNECTION_CLOSED, CONNECTION_LOST, SEND_QUEUE_EXCEEDED, WRITE_TIMEOUT, FLOODING, IDLE_TIMEOUT,
    HANDSHAKE_TIMEOUT, REGISTRATION_TOO_LONG, SERVER_SHUTTING_DOWN, KICKED, BANNED, INTERRUPTED;

    /** The metric label: {@code send_queue_exceeded}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The words shown to the room when no detail is given: {@code send queue exceeded}. */
    public String words() {
        return label().replace('_', ' ');
    }
}
