package chat.common;

import java.io.Serial;

/**
 * Thrown by {@link LineReader#readLine()} (or a WebSocket's line source) when a line exceeds the byte limit. The
 * reader has already discarded that line, or switched to discarding its rest, so the caller may report it and keep
 * reading.
 */
public final class LineTooLongException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int limit;

    public LineTooLongException(int limit) {
        // No stack trace: this is an expected outcome of hostile input, not a bug.
        super("line longer than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    /** The byte limit the line exceeded. */
    public int limit() {
        return limit;
    }
}
