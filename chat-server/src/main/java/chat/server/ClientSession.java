package chat.server;

import chat.common.LineReader;
import chat.common.LineTooLongException;
import chat.common.Sanitizer;
import chat.server.command.Dispatcher;
import chat.server.protocol.Command;
import chat.server.protocol.CommandParser;
import chat.server.protocol.Replies;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

/**
 * One connection, from accept to close; {@link #run()} is the body of its reader thread.
 *
 * <p>Lifecycle: HANDSHAKE (send {@code NICK}, read nick attempts until one is granted or the handshake
 * timeout passes) → CHATTING (read lines, parse, dispatch) → ENDED. Whatever ends the chat — end of stream,
 * {@code /quit}, an I/O error, send-queue overflow, server shutdown — the single {@code finally} in
 * {@link #run()} leaves the room, frees the nickname, lets the writer flush for a bounded time, closes the
 * socket and tells the server, in that order. The first reason recorded by {@link #end} is the one shown.
 *
 * <p>Thread-safe: {@code nick} and {@code room} are written only by the reader thread and published through
 * volatile fields for other threads; lines to this client go through {@link Outbound}, never to the socket.
 */
public final class ClientSession implements Runnable {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    /** Largest read buffer per connection; idle connections keep a much smaller one (see LineReader). */
    private static final int READ_BUFFER_BYTES = 8192;
    private static final long MAX_OPER_WAIT_SECONDS = 60;

    private final String id;
    private final Socket socket;
    private final ChatServer server;
    private final Hub hub;
    private final ServerConfig config;
    private final Outbound outbound;
    private final AtomicReference<String> endReason = new AtomicReference<>();
    private final FloodGate flood;
    private final Metrics metrics;
    private boolean chatting; // confined to the reader thread
    private volatile String nick;
    private volatile Room room;
    private volatile boolean operator;
    private volatile long mutedUntilNanos;
    private int operFailures;     // confined to the reader thread
    private long nextOperAttempt; // confined to the reader thread; nanoTime

    ClientSession(String id, Socket socket, OutputStream out, ChatServer server) {
        this(id, socket, out, server.hub(), server);
    }

    /** For tests of rooms: a session that is never run, with its own hub. */
    ClientSession(String id, Socket socket, OutputStream out, Hub hub, ChatServer server) {
        this.id = id;
        this.socket = socket;
        this.server = server;
        this.hub = hub;
        this.config = hub.config();
        this.metrics = server == null ? new Metrics(() -> 0, () -> 0, () -> 0) : server.metrics();
        this.outbound = new Outbound(id, out, config.sendQueueBytes(), this::overflowed, metrics);
        this.flood = new FloodGate(config.floodRate(), config.floodBurst(), config.floodDelay(), config.floodKick(),
                System::nanoTime, FloodGate.Sleeper.REAL);
    }

    /** The connection id, as in logs: {@code c42}. */
    public String id() {
        return id;
    }

    /** The nickname, or null before the handshake completed. */
    public String nick() {
        return nick;
    }

    /** The room this client is in, or null outside the chat phase. */
    public Room room() {
        return room;
    }

    public Hub hub() {
        return hub;
    }

    Outbound outbound() {
        return outbound;
    }

    /** Sends one line to this client only. */
    public void reply(String line) {
        outbound.offer(Replies.encode(line));
    }

    /** Sends lines to this client only, in order. */
    public void reply(List<String> lines) {
        for (String line : lines) {
            reply(line);
        }
    }

    /** The client's IP address. */
    public java.net.InetAddress address() {
        return socket.getInetAddress();
    }

    public boolean isOperator() {
        return operator;
    }

    /**
     * Checks an operator password attempt. After each wrong one the next is allowed only after a wait that
     * doubles (1 s, 2 s, 4 s … 60 s), so guessing is slow.
     *
     * @return 0 if the attempt was checked (see {@link #isOperator()}), else the seconds to wait first
     */
    public long tryOper(String password) {
        long now = System.nanoTime();
        if (now < nextOperAttempt) {
            return Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(nextOperAttempt - now));
        }
        if (hub.moderation().isPassword(password)) {
            operator = true;
            operFailures = 0;
        } else {
            operFailures++;
            long wait = Math.min(MAX_OPER_WAIT_SECONDS, 1L << Math.min(operFailures - 1, 6));
            nextOperAttempt = now + java.util.concurrent.TimeUnit.SECONDS.toNanos(wait);
        }
        return 0;
    }

    /** Silences this client for {@code minutes}. */
    public void mute(int minutes) {
        mutedUntilNanos = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(minutes);
    }

    /** Seconds this client stays muted; 0 if it is not. */
    public long mutedSeconds() {
        long until = mutedUntilNanos;
        if (until == 0) {
            return 0; // never muted: the common case, checked on every line without reading the clock
        }
        long left = until - System.nanoTime();
        return left <= 0 ? 0 : Math.max(1, left / 1_000_000_000L);
    }

    /**
     * Disconnects this client on behalf of an operator: sends {@code notice}, lets it flush (bounded), then
     * closes, all on a thread of its own so the operator's thread touches no other socket.
     */
    public void kick(String reason, String notice) {
        end(reason);
        Thread.ofVirtual().name("kick-" + id).start(() -> {
            outbound.finish(Replies.encode(notice));
            try {
                outbound.awaitWriter(config.shutdownGrace().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                forceClose();
            }
        });
    }

    /** Asks the reader loop to end after the current line; {@code reason} shows in the leave notice. */
    public void end(String reason) {
        endReason.compareAndSet(null, reason);
    }

    @Override
    public void run() {
        String why = "connection closed";
        try {
            socket.setTcpNoDelay(true); // we batch ourselves; Nagle would only add latency
            if (socket instanceof SSLSocket tls) {
                // On this connection's own thread, bounded like the rest of the handshake.
                socket.setSoTimeout((int) config.handshakeTimeout().toMillis());
                tls.startHandshake();
            }
            LineReader lines = new LineReader(socket.getInputStream(), config.maxLineBytes(), READ_BUFFER_BYTES);
            if (handshake(lines)) {
                LOG.log(System.Logger.Level.INFO, "[{0}] {1} is {2}", id, socket.getRemoteSocketAddress(), nick);
                moveTo(Hub.LOBBY, true);
                chat(lines);
            }
        } catch (SocketTimeoutException e) {
            end(chatting ? "idle timeout" : "handshake timeout");
            reply(chatting ? Replies.idleTimeout(config.idleTimeout()) : Replies.handshakeTimeout(config.handshakeTimeout()));
        } catch (InterruptedException e) {
            end("interrupted");
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            end(outbound.overflowed() ? "send queue exceeded" : "connection lost");
            why = e.toString();
        } finally {
            end(why);
            teardown();
        }
    }

    private boolean handshake(LineReader lines) throws IOException {
        long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
        reply(Replies.NICK_PROMPT);
        while (endReason.get() == null) {
            long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SocketTimeoutException("handshake");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            String line;
            try {
                line = lines.readLine();
            } catch (LineTooLongException e) {
                reply(List.of(Replies.nickInvalid("it is far too long"), Replies.NICK_PROMPT));
                continue;
            }
            if (line == null) {
                return false;
            }
            String wanted = Names.displayNick(Sanitizer.clean(line));
            if (wanted.equalsIgnoreCase("/quit") || wanted.toLowerCase().startsWith("/quit ")) {
                end("quit");
                return false;
            }
            String refusal = switch (hub.claim(wanted, null, this)) {
                case Hub.Claim.Granted granted -> null;
                case Hub.Claim.Invalid invalid -> Replies.nickInvalid(invalid.why());
                case Hub.Claim.Taken taken -> Replies.nickTaken(wanted);
                case Hub.Claim.LookAlike lookAlike -> Replies.nickLookAlike(wanted, lookAlike.holder());
            };
            if (refusal == null) {
                nick = wanted;
                chatting = true;
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
                return true;
            }
            reply(List.of(refusal, Replies.NICK_PROMPT));
        }
        return false;
    }

    private void chat(LineReader lines) throws IOException, InterruptedException {
        while (endReason.get() == null) {
            String line;
            try {
                line = lines.readLine();
            } catch (LineTooLongException e) {
                reply(Replies.lineTooLong(e.limit()));
                continue;
            }
            if (line == null) {
                return;
            }
            metrics.linesIn.increment();
            metrics.bytesIn.add(line.length());
            String text = Sanitizer.clean(line);
            if (text.isBlank()) {
                continue;
            }
            Command command = CommandParser.parse(text);
            // /quit is never held back: leaving must work even for a client that is being throttled.
            FloodGate.Verdict verdict = command instanceof Command.Quit ? FloodGate.Verdict.PASS : flood.admit();
            switch (verdict) {
                case PASS -> Dispatcher.dispatch(this, command);
                case DELAYED -> {
                    metrics.floodDelayed.increment();
                    Dispatcher.dispatch(this, command);
                }
                case DROP -> {
                    metrics.floodDropped.increment();
                    if (flood.drops() == 1) {
                        reply(Replies.floodDropped()); // once per flood, not once per dropped line
                    }
                }
                case DISCONNECT -> {
                    reply(Replies.floodDisconnect());
                    end("flooding");
                    LOG.log(System.Logger.Level.WARNING, "[{0}] {1} disconnected for flooding", id, nick);
                }
            }
        }
    }

    /**
     * Leaves the current room (if any) and enters {@code roomName}; both rooms see notices.
     *
     * @param first true for the entry right after the handshake, which gets the welcome greeting
     */
    public void moveTo(String roomName, boolean first) {
        leaveRoom("");
        String me = nick;
        Room entered = hub.enter(roomName, this, r -> arrival(r, me, first));
        room = entered;
        if (hub.announcesMembership(entered.size())) {
            entered.announce(Replies.joined(me, entered.name()), this);
        }
    }

    private static List<String> arrival(Room r, String me, boolean first) {
        List<String> lines = new ArrayList<>(Replies.arrival(me, r.name(), first,
                r.nicks(Replies.NAMES_IN_WELCOME), r.size()));
        String topic = r.topic();
        if (!topic.isEmpty()) {
            lines.add(Replies.topic(r.name(), topic));
        }
        return lines;
    }

    private void leaveRoom(String reason) {
        Room current = room;
        if (current == null) {
            return;
        }
        room = null;
        hub.exit(current, this);
        if (hub.announcesMembership(current.size() + 1)) {
            current.announce(Replies.left(nick, current.name(), reason), null);
        }
    }

    /** Renames this client after {@link Hub#claim} granted {@code newNick}; the room sees the change. */
    public void renamed(String newNick) {
        String old = nick;
        nick = newNick;
        Room current = room;
        if (current != null) {
            current.announce(Replies.renamed(old, newNick), null);
        } else {
            reply(Replies.renamed(old, newNick));
        }
    }

    /** Called by the server on shutdown: say goodbye and end. */
    void shutdown() {
        end("server shutting down");
        outbound.finish(Replies.encode(Replies.shuttingDown()));
    }

    /** Closes the socket at once, which ends a blocked read or write. */
    void forceClose() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed or broken: either way it is closed now, which is all we wanted.
        }
    }

    private void overflowed() {
        end("send queue exceeded");
        metrics.sendQueueOverflows.increment();
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1}: send queue exceeded {2} bytes, disconnecting",
                id, nick, config.sendQueueBytes());
        forceClose();
    }

    private void teardown() {
        String reason = endReason.get();
        try {
            leaveRoom(reason);
            if (nick != null) {
                hub.release(nick, this);
            }
            outbound.finish(reason.equals("quit") || reason.startsWith("quit:") ? Replies.encode(Replies.goodbye()) : null);
            if (!outbound.awaitWriter(config.shutdownGrace().toMillis())) {
                outbound.abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forceClose();
            LOG.log(System.Logger.Level.INFO, "[{0}] {1} disconnected: {2}", id,
                    nick == null ? socket.getRemoteSocketAddress() : nick, reason);
            metrics.disconnected(reason);
            server.ended(this, socket.getInetAddress());
        }
    }
}
