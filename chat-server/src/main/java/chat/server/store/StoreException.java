package chat.server.store;

import java.io.IOException;

/**
 * The store cannot be used: its message says why and what to do, for the operator. Start-up fails with it
 * rather than falling back to memory.
 */
public final class StoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
