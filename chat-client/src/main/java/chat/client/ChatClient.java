package chat.client;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * A chat session from the user's side: the handshake, sending what the user types, showing what the
 * server sends, and reconnecting when the connection drops.
 *
 * <p>Two threads: the caller of {@link #run()} reads the console and sends; the {@code server-listener}
 * thread owns the connection: it connects, answers {@code NICK}, reads and shows every server line,
 * and on a lost connection waits (1 s, 2 s, 4 s … up to 30 s) and reconnects under the same nickname,
 * retrying while the server still holds that nickname for the dead connection. Before the first
 * welcome, a refused nickname is handed to the input thread, which asks the user for another.
 *
 * <p>Exit codes: {@link #EXIT_OK}; {@link #EXIT_UNREACHABLE} if the server cannot be reached at start or
 * the connection is lost with reconnecting off; {@link #EXIT_NICK_REFUSED} if the server refuses the
 * nickname and there is nobody to ask for another.
 *
 * <p>Thread-safe: the connection and the readiness state are guarded by {@code lock}; {@code nick} is
 * written by the listener and read by both threads through a volatile field.
 */
final class ChatClient {
    static final int EXIT_OK = 0;
    static final int EXIT_UNREACHABLE = 1;
    static final int EXIT_NICK_REFUSED = 3;
    /** Longest server line accepted; /who of a huge room is the longest legitimate one. */
    private static final int MAX_SERVER_LINE = 1 << 20;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    /** What the listener tells the input thread during the first handshake. */
    private sealed interface Event {
        record NeedNick() implements Event { }
        record Ready() implements Event { }
        record Finished(int exitCode) implements Event { }
    }

    private final ClientConfig config;
    private final Console console;
    private final Renderer renderer;
    private final IntConsumer onFatal;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Socket socket;        // guarded by lock
    private OutputStream out;     // guarded by lock
    private boolean ready;        // guarded by lock; handshake done on the current connection
    private Integer exitCode;     // guarded by lock; set once when the listener ends
    private volatile String nick;
    private volatile boolean quitting;
    private volatile boolean chatting;
    private Tls tls; // confined to the listener thread, which alone connects

    /**
     * @param onFatal called from the listener thread if the session ends while the user is still typing
     *                (connection lost and reconnecting off): the caller exits with the given code
     */
    ChatClient(ClientConfig config, Console console, Renderer renderer, IntConsumer onFatal) {
        this.config = config;
        this.console = console;
        this.renderer = renderer;
        this.onFatal = onFatal;
    }

    /** Runs the session until the user quits or it fails; returns the exit code. */
    int run() throws InterruptedException {
        String wanted = config.nick() != null ? config.nick() : console.askNick();
        if (wanted == null || wanted.isBlank()) {
            return EXIT_OK;
        }
        Thread listener = Thread.ofPlatform().daemon().name("server-listener").start(() -> listen(wanted.strip()));
        while (true) {
            switch (events.take()) {
                case Event.NeedNick needNick -> {
                    String next = console.askNick();
                    if (next == null) {
                        quitting = true;
                        closeSocket();
                        listener.join(config.quitTimeout());
                        return console.interactive() ? EXIT_OK : EXIT_NICK_REFUSED;
                    }
                    write(next);
                }
                case Event.Ready r -> {
                    return chat(listener);
                }
                case Event.Finished f -> {
                    return f.exitCode();
                }
            }
        }
    }

    private int chat(Thread listener) throws InterruptedException {
        chatting = true;
        String line;
        while ((line = console.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            boolean quit = isQuit(line);
            if (quit) {
                quitting = true;
            }
            if (!send(line)) {
                console.show(renderer.info("Not connected, line not sent: " + line));
            }
            if (quit) {
                break;
            }
        }
        if (line == null) {
            quitting = true;
            send("/quit");
        }
        // The server says goodbye and closes; give it a bounded time, then close ourselves.
        listener.join(config.quitTimeout());
        closeSocket();
        listener.join(config.quitTimeout());
        lock.lock();
        try {
            return exitCode == null || exitCode == EXIT_OK ? EXIT_OK : exitCode;
        } finally {
            lock.unlock();
        }
    }

    private static boolean isQuit(String line) {
        String lower = line.strip().toLowerCase(Locale.ROOT);
        return lower.equals("/quit") || lower.startsWith("/quit ");
    }

    /**
     * Sends a line once the handshake is done. Piped input waits through a reconnect so no line is
     * dropped; interactive input does not wait, and the caller says the line was not sent.
     */
    private boolean send(String line) throws InterruptedException {
        boolean wait = !console.interactive();
        lock.lock();
        try {
            while (!ready && exitCode == null && wait) {
                changed.await();
            }
            if (!ready) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        return write(line);
    }

    private boolean write(String line) {
        lock.lock();
        try {
            if (out == null) {
                return false;
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false; // the listener sees the broken connection and reconnects
        } finally {
            lock.unlock();
        }
    }

    private void listen(String wanted) {
        Duration delay = config.firstRetry();
        boolean everConnected = false;
        while (true) {
            Socket s;
            try {
                s = connect();
            } catch (IOException e) {
                if (!everConnected) {
                    console.show(renderer.info("Cannot connect to " + config.host() + ":" + config.port()
                            + ": " + e.getMessage()));
                    finish(EXIT_UNREACHABLE);
                    return;
                }
                if (quitting) {
                    finish(EXIT_OK);
                    return;
                }
                console.show(renderer.info("Reconnect failed (" + e.getMessage() + "), next try in "
                        + delay.toSeconds() + " s."));
                delay = pause(delay);
                continue;
            }
            boolean welcomed = converse(s, everConnected ? nick : wanted, everConnected);
            everConnected = true;
            closeSocket();
            if (quitting) {
                finish(EXIT_OK);
                return;
            }
            if (!config.reconnect()) {
                console.show(renderer.info("Connection lost."));
                finish(EXIT_UNREACHABLE);
                return;
            }
            if (welcomed) {
                delay = config.firstRetry();
            }
            console.show(renderer.info("Connection lost, reconnecting in " + delay.toSeconds() + " s..."));
            delay = pause(delay);
        }
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket();
        Socket s = plain;
        try {
            plain.connect(new InetSocketAddress(config.host(), config.port()), CONNECT_TIMEOUT_MILLIS);
            plain.setTcpNoDelay(true);
            if (config.tls()) {
                plain.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                if (tls == null) {
                    tls = Tls.trusting(config.truststore()); // read once, reused by every reconnect
                }
                s = tls.wrap(plain, config.host(), config.port());
                plain.setSoTimeout(0);
            }
            lock.lock();
            try {
                socket = s;
                out = s.getOutputStream();
            } finally {
                lock.unlock();
            }
            return s;
        } catch (IOException e) {
            s.close();
            plain.close();
            throw e;
        }
    }

    /**
     * Talks to the server until the connection ends.
     *
     * @param proposal   the nickname to answer the first {@code NICK} with
     * @param reconnect  true if this is a reconnect: a refused nickname is retried, not asked for
     * @return whether the server welcomed us on this connection
     */
    private boolean converse(Socket s, String proposal, boolean reconnect) {
        String pending = proposal;
        boolean welcomed = false;
        Duration retry = config.firstRetry();
        try {
            LineReader in = new LineReader(s.getInputStream(), MAX_SERVER_LINE, 8192);
            String line;
            while ((line = readLine(in)) != null) {
                if (!welcomed && line.equals("NICK")) {
                    if (pending != null) {
                        write(pending);
                        pending = null;
                    } else if (reconnect) {
                        retry = pause(retry); // our old connection may still hold the nick: try again
                        write(proposal);
                    } else {
                        events.add(new Event.NeedNick());
                    }
                    continue;
                }
                if (!welcomed && line.startsWith("*** Welcome, ")) {
                    welcomed = true;
                    welcome(line, reconnect);
                }
                show(line);
            }
        } catch (IOException e) {
            // Connection reset or closed under us: the caller reconnects or ends.
        } finally {
            lock.lock();
            try {
                ready = false;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return welcomed;
    }

    private static String readLine(LineReader in) throws IOException {
        while (true) {
            try {
                return in.readLine();
            } catch (LineTooLongException e) {
                // Not something our server sends; skip it rather than hold it.
            }
        }
    }

    private void welcome(String line, boolean reconnect) {
        int bang = line.indexOf('!');
        nick = line.substring("*** Welcome, ".length(), bang > 0 ? bang : line.length());
        console.sawNick(nick);
        lock.lock();
        try {
            ready = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (reconnect) {
            console.show(renderer.info("Reconnected as " + nick + "."));
        } else {
            events.add(new Event.Ready());
        }
    }

    private void show(String line) {
        String me = nick;
        if (me != null && line.startsWith("*** " + me + " is now known as ")) {
            nick = line.substring(("*** " + me + " is now known as ").length());
        }
        for (String n : Renderer.nicksIn(line)) {
            console.sawNick(n);
        }
        console.show(renderer.render(line, nick));
    }

    private Duration pause(Duration delay) {
        try {
            // A real reconnect delay, not a wait for some event: the server is down and we back off.
            TimeUnit.MILLISECONDS.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration next = delay.multipliedBy(2);
        return next.compareTo(config.maxRetry()) > 0 ? config.maxRetry() : next;
    }

    private void finish(int code) {
        boolean fatal;
        lock.lock();
        try {
            exitCode = code;
            fatal = code != EXIT_OK && chatting && !quitting;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        events.add(new Event.Finished(code));
        if (fatal) {
            onFatal.accept(code);
        }
    }

    private void closeSocket() {
        lock.lock();
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // We are done with it either way.
        } finally {
            socket = null;
            out = null;
            lock.unlock();
        }
    }
}
