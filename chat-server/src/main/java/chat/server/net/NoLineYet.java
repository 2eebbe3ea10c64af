package chat.server.net;

import java.io.IOException;

/**
 * Thrown by {@link Connection#readLine()} of a connection that does not wait for input ({@link ChannelConnection},
 * {@code WebSocketConnection})
 * when no complete line has arrived: not a failure, the reader hands its loop to {@link Connection#readLater}.
 * One shared instance without a stack trace: it is thrown every time a client goes quiet.
 */
public final class NoLineYet extends IOException {
    public static final NoLineYet INSTANCE = new NoLineYet();

    private NoLineYet() {
        super("no complete line yet");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
