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
    /**
     * One read's worth of text lines: about 58 of ours (about 70 bytes each). Text clients are the 19,000 of the
     * idle scenario, so this stays small: 4 KB each is about 75 MB of the load generator's heap.
     */
    private static final int TEXT_INPUT_BYTES = 4096;
    /**
     * One read's worth of JSON events (WebSocket or JSON over TCP): about 100 messages of about 165 bytes, so a
     * JSON receiver needs no more reads (and selector wake-ups) per delivery than a text one, and a blast does not
     * measure the load generator's read calls instead of the bytes the server sends. Only these clients pay for it
     * (80 MB for the 5,000 idle WebSocket ones).
     */
    private static final int JSON_INPUT_BYTES = 16384;

    final String nick;
    final SocketChannel channel;
    final Protocol protocol;
    /** WebSocket only: whether the HTTP upgrade response has been read. */
    boolean upgraded;
    final ByteBuffer input;
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
        this.input = ByteBuffer.allocate(protocol.json() ? JSON_INPUT_BYTES : TEXT_INPUT_BYTES);
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
