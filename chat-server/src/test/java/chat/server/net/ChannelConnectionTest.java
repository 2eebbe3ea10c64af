package chat.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A plain TCP connection without a waiting reader: real sockets on loopback, a real poller. */
@Timeout(10)
class ChannelConnectionTest {
    private static final int BIG = 8 * 1024 * 1024;
    private Poller poller;
    private ServerSocketChannel listener;
    private Socket peer;
    private ChannelConnection connection;
    /** What each run of the reader loop read before it had no line left: one entry per run, "EOF" at the end. */
    private final BlockingQueue<String> runs = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws IOException {
        poller = new Poller("test-poller", java.time.Duration.ZERO);
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = new Socket(InetAddress.getLoopbackAddress(), listener.socket().getLocalPort());
        connection = new ChannelConnection(listener.accept(), poller, 100, 60);
        connection.open();
    }

    @AfterEach
    void close() throws IOException {
        connection.close();
        peer.close();
        listener.close();
        poller.close();
    }

    /** The session's loop in small: read lines until none is left, then hand the loop back. */
    private void readerLoop() {
        List<String> lines = new ArrayList<>();
        try {
            while (true) {
                String line = connection.readLine();
                if (line == null) {
                    lines.add("EOF");
                    runs.add(String.join(",", lines));
                    return;
                }
                lines.add(line);
            }
        } catch (NoLineYet e) {
            runs.add(String.join(",", lines));
            connection.readLater(this::readerLoop);
        } catch (Exception e) {
            runs.add("failed: " + e);
        }
    }

    private String nextRun() throws InterruptedException {
        String run = runs.poll(5, TimeUnit.SECONDS);
        assertThat(run).as("a run of the reader loop").isNotNull();
        return run;
    }

    private void send(String text) throws IOException {
        peer.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        peer.getOutputStream().flush();
    }

    @Test
    void aReaderRunsOnlyWhenBytesArriveAndTakesEveryCompleteLine() throws Exception {
        readerLoop();
        assertThat(nextRun()).isEmpty(); // nothing yet: the loop was handed to the poller
        send("alice\nhel");
        assertThat(nextRun()).isEqualTo("alice"); // a part of a line waits for the rest
        send("lo\n/who\n");
        assertThat(nextRun()).isEqualTo("hello,/who");
        peer.shutdownOutput();
        assertThat(nextRun()).isEqualTo("EOF");
        assertThat(runs).isEmpty();
    }

    @Test
    void closingAnIdleConnectionRunsItsReaderWhichSeesTheEnd() throws Exception {
        readerLoop();
        assertThat(nextRun()).isEmpty();
        connection.close();
        assertThat(nextRun()).startsWith("failed: java.nio.channels.ClosedChannelException");
    }

    @Test
    void stopReadingAnIdleConnectionEndsItsInputButNotItsOutput() throws Exception {
        readerLoop();
        assertThat(nextRun()).isEmpty();
        connection.stopReading();
        assertThat(nextRun()).isEqualTo("EOF");
        byte[] goodbye = "*** Goodbye.\n".getBytes(StandardCharsets.UTF_8);
        connection.write(goodbye, 0, goodbye.length);
        assertThat(peer.getInputStream().readNBytes(goodbye.length)).isEqualTo(goodbye);
    }

    /** Writes far more than both sides' socket buffers hold, on a thread of its own. */
    private CompletableFuture<Void> writeBig() {
        byte[] big = new byte[BIG];
        return CompletableFuture.runAsync(() -> {
            try {
                connection.write(big, 0, big.length);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void aWriteThatDoesNotFitWaitsForThePeerToRead() throws Exception {
        CompletableFuture<Void> written = writeBig();
        InputStream in = peer.getInputStream();
        assertThat(in.readNBytes(BIG)).hasSize(BIG);
        written.get(5, TimeUnit.SECONDS);
    }

    @Test
    void closingFailsAWriteThatWaitsForRoom() throws Exception {
        CompletableFuture<Void> written = writeBig();
        peer.getInputStream().readNBytes(1); // the write has begun; the peer reads nothing more
        connection.abort();
        assertThatThrownBy(() -> written.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
    }
}
