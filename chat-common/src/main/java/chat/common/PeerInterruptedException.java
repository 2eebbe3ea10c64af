package chat.common;

import java.io.IOException;

/**
 * The peer sent telnet's Interrupt Process ({@code IAC IP}: the user pressed Ctrl-C in telnet): it wants
 * to leave. Thrown by {@link LineReader#readLine()} once the input already received has been read (so the
 * timing mark telnet sends after it is answered first); the line being typed is dropped.
 */
public final class PeerInterruptedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PeerInterruptedException() {
        super("the peer sent telnet Interrupt Process (Ctrl-C)");
    }
}
