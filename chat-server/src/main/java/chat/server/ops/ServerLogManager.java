package chat.server.ops;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that keeps logging through JVM shutdown until the server has logged its last
 * line. The JDK's own manager resets (closes every handler) in a shutdown hook of its own, which races
 * with ours and swallows the shutdown log. Installed by {@code ChatServerMain} before any logging, which
 * also replaces the console handler with an {@link AsyncLogHandler} on standard error.
 *
 * <p>Thread-safe: as LogManager.
 */
public final class ServerLogManager extends LogManager {
    private volatile boolean finished;

    @Override
    public void reset() {
        if (finished) {
            super.reset();
        }
    }

    /** Routes every log record through one {@link AsyncLogHandler} on standard error. */
    public static void install() {
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        root.addHandler(new AsyncLogHandler(System.err));
    }

    /** Flushes and closes the handlers; called when the server's shutdown is complete. */
    public static void finish() {
        if (LogManager.getLogManager() instanceof ServerLogManager manager) {
            manager.finished = true;
            manager.reset();
        }
    }
}
