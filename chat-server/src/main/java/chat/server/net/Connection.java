package chat.server.net;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;

/**
 * A client's transport as a session sees it: lines in, bytes out, close. {@link SocketConnection} is
 * plain TCP and TLS; a WebSocket is another implementation. Deadlines (handshake, idle) are not socket
 * options: a timer closes the connection, which ends a blocked {@link #readLine()}.
 *
 * <p>Thread-safety: {@link #open()} and {@link #readLine()} belong to the connection's reader thread (one at a
 * time: a connection that {@link #readLater reads later} has a new one each time bytes arrive),
 * {@link #write} to its writer thread (one at a time), {@link #close()} to anyone, any number of times.
 */
public interface Connection {

    /**
     * Gives the connection the session's send queue for the replies it must make on its own (telnet
     * negotiation, see {@link chat.common.LineReader}); they go out through the queue because only the
     * writer writes. Called once, before {@link #open()}. A transport without such replies ignores it.
     */
    default void replyThrough(Consumer<byte[]> sendQueue) {
    }

    /** Finishes setting up (the TLS handshake, say) on the reader thread; a no-op for plain TCP. */
    void open() throws IOException;

    /**
     * The next line, without its line end.
     *
     * @return null at end of stream
     * @throws LineTooLongException if a line exceeds the limit; the next call continues after it
     * @throws NoLineYet            if the connection does not wait for a line (see {@link #readLater})
     */
    String readLine() throws IOException, LineTooLongException;

    /**
     * Reports every chunk read to {@code meter} from now on (call before {@link #open()}): the session charges it to
     * the registration allowance and the byte-rate cap. A transport that gets whole lines (a WebSocket) reports
     * each line as it returns it.
     */
    void meter(LineReader.Meter meter);

    /** Bytes read and parsed so far, up to the end of the line last returned. */
    long consumed();

    /**
     * For a connection whose {@link #readLine()} throws {@link NoLineYet} instead of waiting: runs {@code loop} (on
     * a new reader thread) once there is something to read, or the connection was closed or stopped reading. Call
     * it as the very last thing the reader thread does.
     */
    default void readLater(Runnable loop) {
        throw new UnsupportedOperationException("this connection's reads block");
    }

    /**
     * Asks the connection's poller to write {@code outbound}'s queue without blocking
     * ({@link Outbound#flushNow}), instead of a writer thread of its own.
     *
     * @return false if this connection has no such poller: the outbound starts its writer thread
     */
    default boolean flushLater(Outbound outbound) {
        return false;
    }

    /**
     * What {@link #writeNow} returns when the connection took all the bytes but is still sending them, and holds
     * them until then: they must not change before {@link #awaitWritten} returns.
     */
    int IN_FLIGHT = -1;

    /**
     * Writes what fits now of {@code length} bytes from {@code bytes}, without waiting; only for a connection whose
     * {@link #flushLater} hands its outbound to a poller.
     *
     * @return the bytes written, possibly 0, or {@link #IN_FLIGHT}
     */
    default int writeNow(byte[] bytes, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("this connection's writes block");
    }

    /**
     * After {@link #writeNow} answered {@link #IN_FLIGHT}: waits until those bytes are sent (called from the
     * client's own writer thread, never the poller).
     *
     * @throws IOException if they could not be sent
     */
    default void awaitWritten() throws IOException {
    }

    /** Writes {@code length} bytes from {@code bytes}, which hold whole lines. */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Closes the connection; a blocked read or write fails at once. Idempotent. */
    void close();

    /**
     * Closes the connection and drops whatever it could not send yet (TCP: a reset), so a peer that reads
     * nothing leaves no kernel buffer behind. Idempotent.
     */
    default void abort() {
        close();
    }

    /**
     * Makes a blocked {@link #readLine()} return end of stream, while writing still works: the reader then
     * ends the session in order (leave the room, free the nickname, flush, close).
     */
    default void stopReading() {
        close();
    }

    /** The peer's IP address. */
    InetAddress address();

    /** The peer as logged: {@code /127.0.0.1:51234}. */
    String remote();
}
