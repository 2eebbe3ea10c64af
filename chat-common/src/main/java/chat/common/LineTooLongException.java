package chat.common;

import java.io.Serial;

/**
 * Thrown by {@link LineReader#readLine()} when a line exceeds the byte limit. The reader has already
 * switched to discarding the rest of that line, so the caller may report it and keep reading.
 */
public final class LineTooLongException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int limit;

    LineTooLongException(int limit) {
        // No stack trace: this is an expected outcome of hostile input, not a bug.
        super("line longer than " + limit + " bytes", null, false, false);
        this.limit = limit;
    }

    /** The byte limit the line exceeded. */
    public int limit() {
        return limit;
    }
}
