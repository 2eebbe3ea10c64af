package chat.common;

/**
 * Hears what a {@link LineReader} must answer to a telnet peer: option replies and timing marks. The
 * reader calls it on its own thread, in the middle of {@link LineReader#readLine()}, before it blocks for
 * more input, so the reply goes out even while the peer sends nothing else (telnet discards all output
 * until its timing mark is answered). An implementation only queues the bytes; it must not block.
 *
 * <p>Thread-safety: called from the reading thread only.
 */
@FunctionalInterface
public interface TelnetListener {

    /** Ignores every reply: for a reader whose peer is known not to be a telnet client. */
    TelnetListener NONE = reply -> { };

    /** Queues {@code reply} (whole telnet commands, never user text) to be sent to the peer. */
    void reply(byte[] reply);
}
