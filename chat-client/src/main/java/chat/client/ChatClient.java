package chat.client;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import org.jline.utils.AttributedString;

/**
 * A chat session from the user's side: the handshake, sending what the user types, showing what the
 * server sends, and reconnecting when the connection drops.
 *
 * <p>The client speaks JSON mode (docs/PROTOCOL.md, "JSON mode"): it sends {@code /json} before its
 * nickname and decides everything from the typed events ({@link ServerEvent}), never from display text:
 * the handshake outcome from {@code welcome} or a nickname error, our nickname and room from
 * {@code welcome}, {@code entered} and {@code rename}, whose message it is from its {@code nick}.
 *
 * <p>Two threads: the caller of {@link #run()} reads the console and sends; the {@code server-listener}
 * thread owns the connection: it connects, answers the nickname prompt, reads and shows every event,
 * and on a lost connection tries the next of the servers it was given at once ({@link ServerRotation}), or,
 * once every one has failed, waits (1 s, 2 s, 4 s … up to 30 s) and goes on; it reconnects under the same nickname,
 * retrying while the server still holds that nickname for the dead connection (after three refusals it
 * takes {@code nick_} instead and says so: {@link NickFallback}), then goes back to the room the user was
 * in with {@code /resume <room> <last id seen there>} (docs/PROTOCOL.md), so the server replays exactly
 * the messages missed, once, before live traffic ({@code /join} if no message was seen there; nothing in
 * {@code #lobby} then). Before the first welcome, a refused nickname is handed to the input thread, which
 * asks the user for another.
 *
 * <p>Exit codes: {@link #EXIT_OK}; {@link #EXIT_UNREACHABLE} if the server cannot be reached at start or
 * the connection is lost with reconnecting off; {@link #EXIT_NICK_REFUSED} if the server refuses the
 * nickname and there is nobody to ask for another.
 *
 * <p>Thread-safe: the connection and the readiness state are guarded by {@code lock}; {@code nick} and
 * {@code room} are written by the listener and read by both threads through volatile fields; the listing
 * state is confined to the listener.
 */
final class ChatClient {
    static final int EXIT_OK = 0;
    static final int EXIT_UNREACHABLE = 1;
    static final int EXIT_NICK_REFUSED = 3;
    /** Sent before the nickname: from then on the server speaks JSON lines (docs/PROTOCOL.md, "JSON mode"). */
    private static final String JSON_MODE = "/json";
    /** The server's first prompt, sent in text before it has read our {@link #JSON_MODE}. */
    private static final String TEXT_NICK_PROMPT = "NICK";
    /** Longest server line accepted; /who of a huge room is the longest legitimate one. */
    private static final int MAX_SERVER_LINE = 1 << 20;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** With other servers to try, one that does not accept within this is skipped (docs/PROTOCOL.md, "Failover"). */
    private static final int FAILOVER_CONNECT_TIMEOUT_MILLIS = 2_000;
    /** Our server greets at once; a port silent this long is asked whether it speaks TLS. */
    private static final int GREETING_TIMEOUT_MILLIS = 3_000;

    /** A connected socket and the stream to read it from. */
    private record Connection(Socket socket, InputStream in) { }

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
    private final LastSeen lastSeen = new LastSeen();
    private final ClientPrefs prefs;
    private final LocalCommands local = new LocalCommands();
    private volatile String nick;
    private volatile String room; // the room the user is in, or goes back to after a reconnect
    private volatile boolean quitting;
    private volatile boolean chatting;
    private Tls tls; // confined to the listener thread, which alone connects
    // Confined to the listener thread, reset for each connection:
    private boolean skipWelcomeReplay; // a reconnect's welcome asked for /resume or /join: its replay is not shown
    private Listing listing;       // the history replay or search results being received, or null

    /**
     * @param onFatal called from the listener thread if the session ends while the user is still typing
     *                (connection lost and reconnecting off): the caller exits with the given code
     */
    ChatClient(ClientConfig config, Console console, Renderer renderer, IntConsumer onFatal) {
        this(config, console, renderer, onFatal, ClientPrefs.inMemory());
    }

    /** @param prefs what is remembered between runs (the bell mode) */
    ChatClient(ClientConfig config, Console console, Renderer renderer, IntConsumer onFatal, ClientPrefs prefs) {
        this.prefs = prefs;
        this.config = config;
        this.console = console;
        this.renderer = renderer;
        this.onFatal = onFatal;
    }

    /** The last message id seen per room, replayed ones included. */
    LastSeen lastSeen() {
        return lastSeen;
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
            Optional<String> answer = local.handle(line, prefs);
            if (answer.isPresent()) {
                console.show(renderer.info(answer.get()));
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
        ServerRotation servers = new ServerRotation(config.servers());
        Duration delay = config.firstRetry();
        boolean everConnected = false;
        while (true) {
            ServerAddress server = servers.current();
            Connection c;
            try {
                c = connect(server, servers.failover());
            } catch (IOException e) {
                String why = ConnectFailure.describe(e, server, config);
                boolean roundFailed = servers.failed();
                if (quitting) {
                    finish(EXIT_OK);
                    return;
                }
                if (!roundFailed) {
                    console.show(renderer.info(why + "; trying " + servers.current() + "..."));
                    continue;
                }
                if (!everConnected) {
                    console.show(renderer.info(why));
                    finish(EXIT_UNREACHABLE);
                    return;
                }
                console.show(renderer.info(why + "; next try in " + delay.toSeconds() + " s."));
                delay = pause(delay);
                continue;
            }
            boolean welcomed = converse(c, everConnected ? nick : wanted, everConnected);
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
                servers.welcomed();
                delay = config.firstRetry();
            }
            if (!servers.failed()) {
                console.show(renderer.info("Connection to " + server + " lost, trying " + servers.current() + "..."));
                continue;
            }
            console.show(renderer.info("Connection lost, reconnecting in " + delay.toSeconds() + " s..."));
            delay = pause(delay);
        }
    }

    /** @param failover whether another server may be tried instead: then a slow one is given up on sooner */
    private Connection connect(ServerAddress server, boolean failover) throws IOException {
        int timeout = failover ? FAILOVER_CONNECT_TIMEOUT_MILLIS : CONNECT_TIMEOUT_MILLIS;
        Socket plain = new Socket();
        Socket s = plain;
        try {
            plain.connect(new InetSocketAddress(server.host(), server.port()), timeout);
            plain.setTcpNoDelay(true);
            InputStream in;
            if (!config.tls()) {
                in = awaitGreeting(plain, server, failover);
            } else {
                plain.setSoTimeout(timeout);
                if (tls == null) {
                    tls = Tls.trusting(config.truststore()); // read once, reused by every reconnect
                }
                s = tls.wrap(plain, server.host(), server.port());
                plain.setSoTimeout(0);
                in = s.getInputStream();
            }
            lock.lock();
            try {
                socket = s;
                out = s.getOutputStream();
            } finally {
                lock.unlock();
            }
            return new Connection(s, in);
        } catch (IOException e) {
            s.close();
            plain.close();
            throw e;
        }
    }

    /**
     * Waits for the server's first byte. A TLS port stays silent until it hears a TLS handshake, so a port
     * silent for a few seconds is asked, on a second connection, whether it speaks TLS; if not, it is just
     * slow and we keep waiting — unless there is another server to fail over to.
     */
    private InputStream awaitGreeting(Socket plain, ServerAddress server, boolean failover) throws IOException {
        PushbackInputStream in = new PushbackInputStream(plain.getInputStream(), 1);
        plain.setSoTimeout(GREETING_TIMEOUT_MILLIS);
        try {
            int first = in.read();
            if (first >= 0) {
                in.unread(first);
            }
        } catch (SocketTimeoutException e) {
            if (Tls.speaksTls(server.host(), server.port(), GREETING_TIMEOUT_MILLIS)) {
                throw ConnectFailure.speaksTls();
            }
            if (failover) {
                throw ConnectFailure.silent();
            }
        } finally {
            plain.setSoTimeout(0);
        }
        return in;
    }

    /**
     * Talks to the server until the connection ends: asks for JSON mode, answers the nickname prompt and
     * handles every event.
     *
     * @param proposal   the nickname to answer the first prompt with
     * @param reconnect  true if this is a reconnect: a refused nickname is retried, not asked for (after a
     *                   few refusals swapped for an underscored one, {@link NickFallback}), and the client
     *                   goes back to the room it was in
     * @return whether the server welcomed us on this connection
     */
    private boolean converse(Connection c, String proposal, boolean reconnect) {
        String pending = proposal;
        NickFallback fallback = new NickFallback(proposal);
        boolean welcomed = false;
        boolean json = false;
        skipWelcomeReplay = false;
        listing = null;
        Duration retry = config.firstRetry();
        try {
            write(JSON_MODE); // read by the server at its first prompt, before our nickname
            LineReader in = new LineReader(c.in(), MAX_SERVER_LINE, 8192);
            String line;
            while ((line = readLine(in)) != null) {
                if (!json && line.equals(TEXT_NICK_PROMPT)) {
                    continue; // the text-mode prompt, sent before our /json was read
                }
                ServerEvent event = EventDecoder.decode(line);
                json |= !(event instanceof ServerEvent.Plain);
                String fallbackNotice = null;
                if (!welcomed) {
                    if (event instanceof ServerEvent.NickPrompt && pending != null) {
                        write(pending);
                        pending = null;
                    } else if (event instanceof ServerEvent.Notice n && n.refusesNick()) {
                        if (reconnect) {
                            fallback.refused(n.code());
                            retry = pause(retry); // our old connection may still hold the nick: try again
                            write(fallback.proposal());
                        } else {
                            events.add(new Event.NeedNick());
                        }
                    } else if (event instanceof ServerEvent.Arrival a && a.first()) {
                        welcomed = true;
                        welcome(a, reconnect);
                        fallbackNotice = reconnect ? fallback.notice(a.nick()) : null;
                    }
                }
                handle(event);
                if (fallbackNotice != null) {
                    console.show(renderer.info(fallbackNotice));
                }
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

    private void welcome(ServerEvent.Arrival a, boolean reconnect) {
        nick = a.nick();
        String back = room;
        if (reconnect && back != null) {
            // Before lines typed meanwhile, so they reach that room too.
            OptionalLong last = lastSeen.lastId(back);
            if (last.isPresent()) {
                skipWelcomeReplay = write("/resume " + back + " " + last.getAsLong());
            } else if (!back.equalsIgnoreCase(a.room())) {
                skipWelcomeReplay = write("/join " + back);
            }
        }
        lock.lock();
        try {
            ready = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        console.where(room == null ? a.room() : room, nick); // before the first prompt is drawn
        if (reconnect) {
            console.show(renderer.info("Reconnected as " + nick + "."));
        } else {
            events.add(new Event.Ready());
        }
    }

    /** Updates what the client knows from {@code event}, then shows it. */
    private void handle(ServerEvent event) {
        // The welcome comes with the room's topic, then its replay; anything else means there was no replay.
        boolean welcomeBundle = event instanceof ServerEvent.Arrival a && a.first()
                || event instanceof ServerEvent.Topic || event instanceof ServerEvent.HistoryStart;
        skipWelcomeReplay &= welcomeBundle;
        switch (event) {
            case ServerEvent.Arrival a -> {
                if (!a.first() || room == null) {
                    room = a.room(); // a welcome after a reconnect is followed by our way back to the room
                }
                console.commands(LocalCommands.withLocal(a.commands()));
                console.sawRoom(a.room());
                a.names().forEach(console::sawNick);
            }
            case ServerEvent.RoomEvent c when c.replay() && listing != null -> {
                listing.add(c);
                return; // shown with the whole listing
            }
            case ServerEvent.RoomEvent c -> {
                lastSeen.saw(c.room(), c.id());
                console.sawNick(c.nick());
            }
            case ServerEvent.Direct d -> console.sawNick(d.from().equals(nick) ? d.to() : d.from());
            case ServerEvent.Joined j -> console.sawNick(j.nick());
            case ServerEvent.Left l -> {
                if (!l.nick().equals(nick)) {
                    console.lostNick(l.nick());
                }
            }
            case ServerEvent.Renamed r -> {
                if (r.oldNick().equals(nick)) {
                    nick = r.newNick();
                } else {
                    console.lostNick(r.oldNick());
                }
                console.sawNick(r.newNick());
            }
            case ServerEvent.Who w -> w.nicks().forEach(console::sawNick);
            case ServerEvent.Rooms r -> r.rooms().forEach(s -> console.sawRoom(s.room()));
            case ServerEvent.HistoryStart h -> {
                listing = new Listing(h, skipWelcomeReplay && !h.resume()); // the answer to /resume is shown
                skipWelcomeReplay = false;
                return;
            }
            case ServerEvent.SearchStart s -> {
                listing = new Listing(s, false);
                return;
            }
            case ServerEvent.HistoryEnd h -> {
                finishListing();
                return;
            }
            case ServerEvent.SearchEnd s -> {
                finishListing();
                return;
            }
            default -> { }
        }
        show(event);
    }

    private void show(ServerEvent event) {
        if (local.hides(event, nick)) {
            return;
        }
        console.where(room, nick);
        if (Mentions.rings(event, nick, prefs.bell())) {
            console.bell();
        }
        for (AttributedString line : renderer.render(event, nick)) {
            console.show(line);
        }
    }

    private void finishListing() {
        Listing done = listing;
        listing = null;
        if (done != null) {
            done.finish().ifPresent(this::show);
        }
    }

    /**
     * A history replay ({@link ServerEvent.HistoryStart}) or search results ({@link ServerEvent.SearchStart})
     * being received, shown as a whole when it ends. The replay that comes with the welcome after a
     * reconnect is dropped whole: what was missed comes from our {@code /resume} instead.
     *
     * <p>Confined to the listener thread.
     */
    private final class Listing {
        private final ServerEvent start;
        private final boolean drop;
        private final List<ServerEvent.RoomEvent> messages = new ArrayList<>();

        Listing(ServerEvent start, boolean drop) {
            this.start = start;
            this.drop = drop;
        }

        void add(ServerEvent.RoomEvent c) {
            if (!drop && !local.hides(c, nick)) {
                messages.add(c);
            }
        }

        /** What to show, if anything; records the ids of a replay as seen (not those of search results: old news). */
        Optional<ServerEvent> finish() {
            if (drop) {
                return Optional.empty();
            }
            List<ServerEvent.RoomEvent> shown = List.copyOf(messages);
            return switch (start) {
                case ServerEvent.HistoryStart h -> {
                    shown.forEach(c -> lastSeen.saw(c.room(), c.id()));
                    yield Optional.of(new ServerEvent.Replay(h, shown));
                }
                case ServerEvent.SearchStart s -> Optional.of(new ServerEvent.Found(s, shown));
                default -> Optional.empty();
            };
        }
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
