package chat.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One simulated client: its channel, its input buffer and its handshake state.
 *
 * <p>Thread-safe: input state is confined to the reader thread that owns the channel; writes are
 * serialized by {@code writeLock} so a keep-alive reply never interleaves with a message.
 */
final class Conn {
    private static final int INPUT_BYTES = 4096;

    final String nick;
    final SocketChannel channel;
    final Protocol protocol;
    /** WebSocket only: the frames' payloads as lines, and whether the HTTP upgrade is done. */
    final ByteBuffer unframed;
    boolean upgraded;
    final ByteBuffer input = ByteBuffer.allocate(INPUT_BYTES);
    private final ReentrantLock writeLock = new ReentrantLock();
    volatile boolean ready;
    /** A muted client stops reading: the "never reads" clients of the slow scenario. */
    volatile boolean muted;
    volatile boolean closed;
    /** Index of the server (of {@code --servers}) this client is connected to; 0 with one server. */
    final int node;
    /**
     * Messages sent as this client: written by the one thread sending as it, read once that thread is done
     * (joined, or the caller itself).
     */
    long sent;

    Conn(String nick, SocketChannel channel, Protocol protocol) {
        this(nick, channel, protocol, 0);
    }

    Conn(String nick, SocketChannel channel, Protocol protocol, int node) {
        this.nick = nick;
        this.channel = channel;
        this.protocol = protocol;
        this.node = node;
        this.unframed = protocol.framed() ? ByteBuffer.allocate(INPUT_BYTES * 2) : null;
    }

    /** Writes all of {@code bytes}, spinning while the socket buffer is full. */
    void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    void write(ByteBuffer buffer) throws IOException {
        writeLock.lock();
        try {
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    Thread.onSpinWait();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }
}
