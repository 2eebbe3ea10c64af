package chat.client;

import static org.assertj.core.api.Assertions.fail;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One end of a raw connection in a test: a person on {@code nc} talking to the server, or the fake server
 * end of a connection from our client. Every read has a timeout.
 *
 * <p>Not thread-safe: used by the test thread only.
 */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final LineReader in;
    private final OutputStream out;

    RawClient(Socket socket) {
        try {
            this.socket = socket;
            socket.setSoTimeout((int) ScriptedConsole.TIMEOUT.toMillis());
            in = new LineReader(socket.getInputStream(), 1 << 20, 8192);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to a server on this machine. */
    static RawClient connect(int port) {
        try {
            return new RawClient(new Socket(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips lines until one matches; fails after the timeout or at the end of the connection. */
    String expectLine(Predicate<String> wanted) {
        List<String> seen = new ArrayList<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (wanted.test(line)) {
                    return line;
                }
                seen.add(line);
            }
            return fail("connection ended; saw %s", seen);
        } catch (SocketTimeoutException e) {
            return fail("nothing matching within %s; saw %s", ScriptedConsole.TIMEOUT, seen);
        } catch (LineTooLongException e) {
            return fail("a line over 1 MiB; saw %s", seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String expectLine(String exact) {
        return expectLine(exact::equals);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
