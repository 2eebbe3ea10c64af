package chat.server.net;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A plain TCP connection read without a thread waiting on it: its channel is non-blocking and registered with the
 * {@link Poller}. {@link #readLine()} returns the lines already received and then throws {@link NoLineYet}; the
 * session's reader thread then ends, handing its loop to {@link #readLater}, and the poller starts it again on a
 * new virtual thread when bytes arrive. An idle connection therefore holds no thread and no stack (a parked
 * reader's stack was about 2.3 KB of the ~8 KB an idle connection cost). A write that does not fit in the socket's
 * send buffer parks the writer until the poller says the socket is writable.
 *
 * <p>Closing (or {@link #stopReading()}) while no reader runs starts one, so the session notices at once, as a
 * blocked read would have.
 *
 * <p>Thread-safety: as {@link Connection}; at most one reader runs at a time ({@link ReaderHandoff}).
 */
public final class ChannelConnection implements Connection {
    private final SocketChannel channel;
    private final Poller poller;
    private final SelectionKey key;
    private final int maxLineBytes;
    private final InetSocketAddress peer;
    private final ReaderHandoff reader = new ReaderHandoff();
    private volatile boolean inputEnded;    // close() or stopReading(): a waiting reader must run now
    private volatile Thread writer;         // the writer parked for room in the send buffer, if any
    private volatile boolean canWrite;
    private LineReader lines;               // confined to the reader thread of the moment
    private LineReader.Meter meter = LineReader.Meter.NONE;
    private Consumer<byte[]> replies = reply -> { };

    /** Takes an accepted (blocking) channel: configures it, makes it non-blocking and registers it. */
    public ChannelConnection(SocketChannel channel, Poller poller, int maxLineBytes, int keepAliveSeconds)
            throws IOException {
        this.channel = channel;
        this.poller = poller;
        this.maxLineBytes = maxLineBytes;
        this.peer = (InetSocketAddress) channel.getRemoteAddress();
        SocketConnection.configure(channel.socket(), keepAliveSeconds);
        channel.configureBlocking(false);
        this.key = poller.register(channel, this);
    }

    @Override
    public void replyThrough(Consumer<byte[]> sendQueue) {
        replies = sendQueue;
    }

    @Override
    public void meter(LineReader.Meter meter) {
        this.meter = meter;
    }

    @Override
    public void open() {
        Consumer<byte[]> queue = replies;
        lines = new LineReader(new Input(), maxLineBytes, SocketConnection.READ_BUFFER_BYTES, meter, queue::accept);
    }

    @Override
    public long consumed() {
        return lines == null ? 0 : lines.consumed();
    }

    /**
     * The next line received.
     *
     * @throws NoLineYet when no complete line has arrived: call {@link #readLater} and let this thread end
     */
    @Override
    public String readLine() throws IOException, LineTooLongException {
        try {
            return lines.readLine();
        } catch (NoLineYet e) {
            lines.release(); // going quiet: a buffer grown for a burst is not kept
            throw e;
        }
    }

    @Override
    public void readLater(Runnable loop) {
        reader.leave(loop);
        if (inputEnded) {
            reader.resume(); // closed meanwhile: nothing will ever be readable
        } else {
            poller.want(key, SelectionKey.OP_READ);
        }
    }

    /** The poller: bytes (or the end of the stream) arrived. */
    void readable() {
        reader.resume();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        channel.write(buffer);
        while (buffer.hasRemaining()) {
            awaitWritable();
            channel.write(buffer);
        }
    }

    @Override
    public boolean flushLater(Outbound outbound) {
        poller.flush(outbound);
        return true;
    }

    @Override
    public int writeNow(byte[] bytes, int offset, int length) throws IOException {
        return channel.write(ByteBuffer.wrap(bytes, offset, length));
    }

    private void awaitWritable() throws IOException {
        canWrite = false;
        writer = Thread.currentThread();
        try {
            poller.want(key, SelectionKey.OP_WRITE);
            while (!canWrite) {
                if (!channel.isOpen()) {
                    throw new ClosedChannelException();
                }
                LockSupport.park(this);
            }
        } finally {
            writer = null;
        }
    }

    /** The poller: the send buffer has room. */
    void writable() {
        canWrite = true;
        LockSupport.unpark(writer);
    }

    @Override
    public void close() {
        inputEnded = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already closed or broken: either way it is closed now, which is all we wanted.
        }
        poller.wakeup(); // a registered channel's socket is released when the poller sees it cancelled
        LockSupport.unpark(writer);
        reader.resume();
    }

    @Override
    public void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // Already closed: nothing is left to drop.
        }
        close();
    }

    @Override
    public void stopReading() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            close();
            return;
        }
        inputEnded = true;
        reader.resume();
    }

    @Override
    public InetAddress address() {
        return peer.getAddress();
    }

    @Override
    public String remote() {
        return String.valueOf(peer);
    }

    /** The channel as the reader's stream: what has arrived, then {@link NoLineYet} instead of waiting. */
    private final class Input extends InputStream {
        /**
         * Bytes received and not read yet, as the kernel counts them: after telnet's Ctrl-C the line reader reads
         * what came with it (the DO TIMING-MARK it must answer) even if that is past the end of the last read.
         * Asked of the socket's own stream (its reads would need blocking mode; {@code available} does not).
         */
        @Override
        public int available() {
            try {
                return channel.socket().getInputStream().available();
            } catch (IOException | RuntimeException e) {
                return 0; // closed or shut down: nothing more will come
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, len));
            if (n == 0) {
                throw NoLineYet.INSTANCE;
            }
            return n;
        }
    }
}
