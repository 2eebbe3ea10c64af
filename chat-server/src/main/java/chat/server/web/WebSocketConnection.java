package chat.server.web;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import chat.server.net.Connection;
import chat.server.net.NoLineYet;
import chat.server.net.Outbound;
import chat.server.net.Poller;
import chat.server.net.ReaderHandoff;
import chat.server.protocol.WebSocketEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;

/**
 * A WebSocket as a {@link Connection}: each text frame from the client holds one line (several, if it
 * contains line ends); what the server writes comes already as text frames, one per JSON line
 * ({@link WebSocketEncoder}). A line longer than {@code --max-line} UTF-8 bytes is refused as over TCP
 * ({@link LineTooLongException}: the session says so and reads on); frames longer than {@link WebServer}'s frame
 * limit never get here: Jetty closes the socket with 1009 (message too big).
 *
 * <p>Lines go from Jetty's callback ({@link #received}) to the session's reader ({@link #readLine}) through a
 * small bounded inbox: a client that sends faster than its session reads (a flooder being slowed down)
 * blocks Jetty's callback thread (a virtual thread), so the socket stops being read, as for TCP. The reader
 * does not wait on an empty inbox: it hands its loop over ({@link NoLineYet}, {@link #readLater}) and the next
 * line starts it again, so an idle WebSocket holds no reader thread.
 *
 * <p>Thread-safety: as {@link Connection}; {@link #received} and {@link #ended} are called by Jetty, one at a
 * time.
 */
public final class WebSocketConnection implements Connection {
    private static final int INBOX_LINES = 16;
    /** Longest wait for one batch to be sent; the writer's own deadline, if any, is shorter. */
    private static final long SEND_TIMEOUT_SECONDS = 60;
    /** Marks the end of input; compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String END = new String("end");
    /** Stands for a line over the limit, already dropped; compared by identity. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String TOO_LONG = new String("too long");

    private final Session socket;
    /** The same socket under Jetty's core API, which takes a {@link Framed} write. */
    private final CoreSession core;
    private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(INBOX_LINES);
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ReaderHandoff reader = new ReaderHandoff();
    private final InetSocketAddress remote;
    private final Poller poller;
    private final int maxLineBytes;
    private LineReader.Meter meter = LineReader.Meter.NONE; // set before the reader starts
    private long consumed; // confined to the reader: bytes of the lines it took, each with one for its end
    /**
     * The longest first frame a batch may have to go to Jetty whole ({@link Framed}); -1 when an extension is in
     * use, as Jetty must then see every frame. Past it Jetty would split the frame, so the batch goes frame by frame.
     */
    private final long wholeUpTo;
    /**
     * The send {@link #writeNow} left in flight; written by the poller, read by the writer thread it then starts
     * (the start orders the two).
     */
    private CompletableFuture<Void> inFlight;

    WebSocketConnection(Session socket, Poller poller, int maxLineBytes) {
        this.socket = socket;
        this.poller = poller;
        this.maxLineBytes = maxLineBytes;
        this.core = ((WebSocketSession) socket).getCoreSession();
        // Settled by the upgrade, before this exists; asked once (Jetty builds the list of extensions per call,
        // about 2.5 % of the server's CPU in a profile at 1 M deliveries/s, half of them to WebSockets).
        long maxFrame = core.getMaxFrameSize();
        this.wholeUpTo = !core.getNegotiatedExtensions().isEmpty() ? -1
                : !core.isAutoFragment() || maxFrame <= 0 ? Long.MAX_VALUE : maxFrame;
        SocketAddress address = socket.getRemoteSocketAddress();
        this.remote = address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    /** A text frame arrived: its lines go to the reader (blocking while the inbox is full). */
    void received(String frame) throws InterruptedException {
        int start = 0;
        int n = frame.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || frame.charAt(i) == '\n' || frame.charAt(i) == '\r') {
                if (i > start && !ended.get()) {
                    inbox.put(longerThanLimit(frame, start, i) ? TOO_LONG : frame.substring(start, i));
                    reader.resume();
                }
                start = i + 1;
            }
        }
    }

    /** Whether {@code text[start, end)} is more than {@code --max-line} bytes in UTF-8, as a TCP line is counted. */
    private boolean longerThanLimit(String text, int start, int end) {
        return (end - start) * 3L > maxLineBytes // a char is at most 3 bytes (a surrogate pair 4 for two)
                && utf8Length(text, start, end) > maxLineBytes;
    }

    private static int utf8Length(String text, int start, int end) {
        int bytes = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The socket closed (or failed): the reader sees the end of input after the lines already queued. */
    void ended() {
        if (ended.compareAndSet(false, true)) {
            inbox.clear(); // nothing queued matters once the peer is gone, and the end marker needs room
            inbox.offer(END);
            reader.resume();
        }
    }

    /** Each line is charged to {@code meter} (the registration allowance, the byte-rate cap) as the reader takes it. */
    @Override
    public void meter(LineReader.Meter meter) {
        this.meter = meter;
    }

    @Override
    public long consumed() {
        return consumed;
    }

    @Override
    public void open() {
        // The upgrade is complete before the session exists: nothing to set up.
    }

    /**
     * The next line from the inbox.
     *
     * @throws NoLineYet when the inbox is empty: call {@link #readLater} and let this thread end
     */
    @Override
    public String readLine() throws IOException, LineTooLongException {
        String line = inbox.poll();
        if (line == null) {
            throw NoLineYet.INSTANCE;
        }
        if (line == END) {
            inbox.offer(END); // every later read sees the end too
            return null;
        }
        int bytes = (line == TOO_LONG ? maxLineBytes : utf8Length(line, 0, line.length())) + 1;
        meter.read(bytes); // may wait (the byte-rate cap), or throw: the session has ended
        consumed += bytes;
        if (line == TOO_LONG) {
            throw new LineTooLongException(maxLineBytes);
        }
        return line;
    }

    @Override
    public void readLater(Runnable loop) {
        reader.leave(loop);
        if (!inbox.isEmpty()) {
            reader.resume(); // a line came meanwhile
        }
    }

    /** The poller writes this socket's queue, as a plain TCP connection's: no thread started per batch. */
    @Override
    public boolean flushLater(Outbound outbound) {
        poller.flush(outbound);
        return true;
    }

    /**
     * Hands a batch to Jetty without waiting ({@link #write} says how): on the poller's thread, where Jetty writes
     * it to the socket at once if it fits.
     *
     * @return {@code length} if Jetty has sent it, or {@link #IN_FLIGHT} if it is still sending (the socket is
     *     full), and still holds the bytes: {@link #awaitWritten} waits for it
     */
    @Override
    public int writeNow(byte[] bytes, int offset, int length) throws IOException {
        CompletableFuture<Void> sent = send(bytes, offset, length);
        if (!sent.isDone()) {
            inFlight = sent;
            return IN_FLIGHT;
        }
        await(sent); // done: returns at once, or throws if it failed
        return length;
    }

    @Override
    public void awaitWritten() throws IOException {
        CompletableFuture<Void> sent = inFlight;
        inFlight = null;
        if (sent != null) {
            await(sent);
        }
    }

    /**
     * Writes a batch of whole WebSocket text frames, as the session's {@link WebSocketEncoder} made them (one per
     * JSON line), with one write and one wait, as a TCP write is one system call per batch.
     *
     * <p>Jetty's API (and its core session alike) takes one frame at a time, and each costs about a microsecond
     * of its bookkeeping (entries, callbacks, locks, validation, a header generated): far more than copying the
     * line, so a WebSocket client fell behind a busy room long before a TCP one. So the batch goes to Jetty as a
     * single text frame ({@link Framed}) whose payload is everything after the first frame's header and whose
     * declared length is the first frame's: Jetty writes that header and then the payload, which is exactly the
     * frames one after the other, in order with Jetty's own pings and close. Only when Jetty would transform a
     * frame — a negotiated extension (we accept none, see {@link WebServer}) or a first frame too long for its
     * frame size limit, which it would split — does the batch go frame by frame through Jetty instead.
     */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        await(send(bytes, offset, length));
    }

    /**
     * Gives the frames to Jetty. The bytes are not modified until the returned future completes, nor after a
     * failure (the writer then ends): Jetty may hold them without a copy.
     */
    private CompletableFuture<Void> send(byte[] bytes, int offset, int length) {
        Framed framed = new Framed(bytes, offset, length);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Callback done = Callback.from(() -> sent.complete(null), sent::completeExceptionally);
        if (framed.getPayloadLength() <= wholeUpTo) {
            core.sendFrame(framed, done, false);
        } else {
            framed.sendEach(core, done);
        }
        return sent;
    }

    /** Waits for a send to complete, as long as a send may take at most. */
    private void await(CompletableFuture<Void> sent) throws IOException {
        try {
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket send failed", e.getCause());
        } catch (TimeoutException e) {
            abort();
            throw new IOException("WebSocket send timed out", e);
        }
    }

    @Override
    public void close() {
        ended();
        socket.close(); // a close handshake; Jetty drops the connection if the peer does not answer
    }

    /**
     * Drops the connection at once (no close handshake: its Close frame would wait behind the output the peer is
     * not taking), which fails a send in flight, so the writer waiting for it ends now and not at the send timeout.
     */
    @Override
    public void abort() {
        ended();
        socket.disconnect();
    }

    @Override
    public void stopReading() {
        ended(); // the reader ends the session in order; writing still works until it closes
    }

    @Override
    public InetAddress address() {
        return remote.getAddress();
    }

    @Override
    public String remote() {
        return "ws:" + remote;
    }
}
