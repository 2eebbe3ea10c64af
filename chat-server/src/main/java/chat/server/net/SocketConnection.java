package chat.server.net;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import jdk.net.ExtendedSocketOptions;

/**
 * A TCP connection read by a blocking reader thread: the TLS one ({@link SSLSocket}: the handshake runs in
 * {@link #open()}, on the connection's own reader thread, bounded by the session's handshake deadline), or any
 * socket that is not a channel. The plain TCP listener's connections are {@link ChannelConnection}s.
 *
 * <p>Thread-safety: as {@link Connection}.
 */
public final class SocketConnection implements Connection {
    /** Largest read buffer per connection; idle connections keep a much smaller one (see LineReader). */
    static final int READ_BUFFER_BYTES = 8192;
    private static final int KEEPALIVE_INTERVAL_SECONDS = 10;
    private static final int KEEPALIVE_PROBES = 3;
    /**
     * The kernel's send buffer per connection. Set explicitly, it is fixed (Linux doubles it for its own
     * bookkeeping) instead of growing to {@code tcp_wmem}'s maximum (4 MiB) for a client that does not read;
     * 64 KiB still fills a 100 ms path at 640 KB/s, plenty for chat.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final Socket socket;
    private final int maxLineBytes;
    private LineReader lines;  // confined to the reader thread
    private LineReader.Meter meter = LineReader.Meter.NONE; // set before open(), by the reader thread's owner
    private Consumer<byte[]> replies = reply -> { }; // set before open(); used by the reader thread
    private OutputStream out;  // set in open() before the writer can run; used by the writer only

    /**
     * @param keepAliveSeconds TCP keepalive idle time, so a peer that vanished without a FIN is noticed
     */
    public SocketConnection(Socket socket, int maxLineBytes, int keepAliveSeconds) throws IOException {
        this.socket = socket;
        this.maxLineBytes = maxLineBytes;
        configure(socket, keepAliveSeconds);
        this.out = socket.getOutputStream();
    }

    /** Sets what every client socket needs: no Nagle, keepalive probes, a fixed send buffer. */
    static void configure(Socket socket, int keepAliveSeconds) throws IOException {
        socket.setTcpNoDelay(true); // we batch ourselves; Nagle would only add latency
        socket.setKeepAlive(true);
        socket.setSendBufferSize(SEND_BUFFER_BYTES);
        Set<java.net.SocketOption<?>> supported;
        try {
            supported = socket.supportedOptions();
        } catch (UnsupportedOperationException e) {
            return; // some socket types (TLS on some JDKs) do not list options: plain keepalive it is
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, keepAliveSeconds);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_SECONDS);
            socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_PROBES);
        }
    }

    @Override
    public void replyThrough(Consumer<byte[]> sendQueue) {
        replies = sendQueue;
    }

    @Override
    public void open() throws IOException {
        if (socket instanceof SSLSocket tls) {
            tls.startHandshake();
        }
        Consumer<byte[]> queue = replies;
        lines = new LineReader(socket.getInputStream(), maxLineBytes, READ_BUFFER_BYTES, meter, queue::accept);
    }

    @Override
    public void meter(LineReader.Meter meter) {
        this.meter = meter;
    }

    @Override
    public long consumed() {
        return lines == null ? 0 : lines.consumed();
    }

    @Override
    public String readLine() throws IOException, LineTooLongException {
        return lines.readLine();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed or broken: either way it is closed now, which is all we wanted.
        }
    }

    @Override
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Already closed: nothing is left to drop.
        }
        close();
    }

    @Override
    public void stopReading() {
        try {
            socket.shutdownInput();
        } catch (IOException | UnsupportedOperationException e) {
            close(); // a TLS socket may not half-close: closing still ends the read, just less gracefully
        }
    }

    @Override
    public InetAddress address() {
        return socket.getInetAddress();
    }

    @Override
    public String remote() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }
}
