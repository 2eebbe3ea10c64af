package chat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import org.jline.utils.AttributedString;

/**
 * The console for scripts: input from a pipe or file, one line per message, plain lines out. No prompt,
 * no echo, no colour; end of input ends the session.
 *
 * <p>Thread-safe: output is serialized by a lock; input is read by the input thread only.
 */
final class PlainConsole implements Console {
    private final BufferedReader in;
    private final PrintStream out;
    private final ReentrantLock outLock = new ReentrantLock();

    PlainConsole(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public String readLine() {
        try {
            return in.readLine(); // our own user's input, not the network: no limit needed
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String askNick() {
        return null; // nobody to ask
    }

    @Override
    public void show(AttributedString line) {
        outLock.lock();
        try {
            out.println(line.toString());
            out.flush();
        } finally {
            outLock.unlock();
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
