package chat.server.session;

import chat.common.LineTooLongException;
import chat.common.PeerInterruptedException;
import chat.common.Sanitizer;
import chat.server.ServerConfig;
import chat.server.command.Context;
import chat.server.command.Dispatcher;
import chat.server.core.Directory;
import chat.server.core.Moderation;
import chat.server.core.Names;
import chat.server.core.Replay;
import chat.server.core.Room;
import chat.server.core.User;
import chat.server.net.Connection;
import chat.server.net.NoLineYet;
import chat.server.net.Outbound;
import chat.server.protocol.Command;
import chat.server.protocol.CommandParser;
import chat.server.protocol.CommandTable;
import chat.server.protocol.Encoder;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import chat.server.protocol.Outgoing;
import chat.server.protocol.TextEncoder;
import chat.server.store.HistoryStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One client's session, whatever carries it: the handshake and chat state machine, fed one line at a
 * time by its reader loop ({@link #serve()}), answering with {@link Event}s in the client's encoding through its
 * {@link Outbound}. It does not know whether TCP, TLS or a WebSocket is underneath.
 *
 * <p>States: HANDSHAKE (send the prompt; each line is a nickname attempt, or {@code /json} to switch the
 * connection to JSON lines, or {@code /quit}) → CHATTING (each line is parsed, flood-checked and dispatched)
 * → ENDED. The handshake deadline runs from accept and covers a TLS handshake; it and the idle deadline
 * are timers that end the session and close the connection, not socket options. Whatever ends the session
 * ({@link #end}: first reason wins), {@link #teardown()} runs once: leave the room, free the nickname,
 * let the writer flush (bounded), close the connection, count the reason, tell the server.
 *
 * <p>Thread-safe: {@code nick}, {@code room}, {@code encoder} and {@code state} are written only by the
 * reader thread and published through volatile fields; other threads reach the client only through
 * {@link #deliver}, {@link #send}, {@link #kick} and {@link #mute}, which queue and never write to the
 * connection themselves.
 */
public final class Session implements User, Context {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());
    /** The prompt hint comes after this share of the handshake timeout in silence (5 s of 30). */
    private static final int HINT_AFTER_TIMEOUT_SHARE = 6;
    public static final String LOBBY = "#lobby";

    private enum State { HANDSHAKE, CHATTING, ENDED }

    /** Why the session ends and what its room is shown. */
    private record End(EndReason reason, String shown) { }

    private final String id;
    private final Connection connection;
    private final Services services;
    private final Outbound outbound;
    private final FloodGate flood;
    private final ByteBudget bytes;
    private final Consumer<Session> onEnded;
    private final AtomicReference<End> end = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean tornDown = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Encoder encoder;
    private volatile State state = State.HANDSHAKE;
    private volatile String nick;
    private volatile Room room;
    private volatile List<String> nickKeys = List.of(); // of nick, for mutes
    private volatile boolean operator;
    private volatile long lastHeard = System.nanoTime();
    private volatile String away = "";
    private final Instant connectedAt;
    private volatile boolean opened;
    private volatile ScheduledFuture<?> deadline;
    private volatile String uploadToken = "";
    private volatile ScheduledFuture<?> hintTimer;
    private final java.util.concurrent.atomic.AtomicBoolean hinted = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param onEnded called once, at the very end of the teardown
     */
    public Session(String id, Connection connection, Services services, Consumer<Session> onEnded) {
        this.id = id;
        this.connection = connection;
        this.services = services;
        this.onEnded = onEnded;
        this.encoder = services.text();
        this.connectedAt = services.clock().instant();
        this.outbound = new Outbound(id, connection, services.config().sendQueueBytes(), this::overflowed,
                services.metrics());
        connection.replyThrough(outbound::offer);
        this.flood = new FloodGate(services.config().floodRate(), services.config().floodBurst(),
                services.config().floodDelay(), services.config().floodKick(), System::nanoTime,
                FloodGate.Sleeper.REAL);
        int byteRate = services.config().guards().bytesPerSecond();
        this.bytes = new ByteBudget(byteRate,
                (int) Math.min(Integer.MAX_VALUE, (long) ServerConfig.Guards.BYTE_BURST_SECONDS * byteRate),
                services.config().floodDelay(), System::nanoTime, FloodGate.Sleeper.REAL);
        connection.meter(this::onRead);
    }

    /**
     * Starts the session in JSON mode with each line in a WebSocket frame, as a WebSocket connection needs:
     * call before {@link #serve()}.
     */
    public void speakWebSocket() {
        encoder = services.webSocket();
    }

    /** The credential for image uploads that the welcome carries (JSON only); call before {@link #serve()}. */
    public void offerUploads(String token) {
        uploadToken = token;
    }

    /** Arms the handshake deadline; call right after accept, before {@link #serve()}. */
    public void armHandshakeDeadline() {
        Duration timeout = services.config().handshakeTimeout();
        deadline = services.timers().schedule(() -> {
            if (state == State.HANDSHAKE) {
                endWith(EndReason.HANDSHAKE_TIMEOUT, "", Notices.handshakeTimeout(timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The body of the reader thread of a connection read line by line. For a connection that does not wait for
     * input ({@link NoLineYet}), it returns when no line is left and runs again on a new thread when there is.
     */
    public void serve() {
        boolean later = false;
        try {
            if (!opened) {
                connection.open();
                opened = true;
                start();
            }
            while (end.get() == null) {
                String line;
                try {
                    line = connection.readLine();
                } catch (NoLineYet e) {
                    later = true;
                    return;
                } catch (LineTooLongException e) {
                    lineTooLong(e.limit());
                    continue;
                } catch (PeerInterruptedException e) {
                    end(EndReason.QUIT, "quit"); // Ctrl-C in telnet: a clean /quit
                    break;
                }
                if (line == null) {
                    break;
                }
                handle(line);
            }
        } catch (InterruptedException e) {
            end(EndReason.INTERRUPTED, "");
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            end(outbound.overflowed() ? EndReason.SEND_QUEUE_EXCEEDED : EndReason.CONNECTION_LOST, "");
        } finally {
            if (later) {
                connection.readLater(this::serve);
            } else {
                end(EndReason.CONNECTION_CLOSED, "");
                teardown();
            }
        }
    }

    /** Sends the prompt: the connection is ready. A person who stays silent is told what to type. */
    private void start() {
        reply(new Event.NickPrompt());
        long heard = lastHeard;
        Duration silence = services.config().handshakeTimeout().dividedBy(HINT_AFTER_TIMEOUT_SHARE);
        hintTimer = services.timers().schedule(() -> {
            if (state == State.HANDSHAKE && lastHeard == heard) {
                hintOnce();
            }
        }, silence.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Explains the bare {@code NICK} prompt, once, in text mode only: programs (JSON clients, our client)
     * answer the prompt at once and never need it. Any thread.
     */
    private void hintOnce() {
        if (encoder == services.text() && hinted.compareAndSet(false, true)) {
            reply(Notices.nickHint());
        }
    }

    private void handle(String line) throws InterruptedException {
        if (end.get() != null) {
            return; // ended while this line was being read: it is not handled
        }
        lastHeard = System.nanoTime();
        if (state == State.HANDSHAKE) {
            handshake(line);
        } else if (state == State.CHATTING) {
            chat(line);
        }
    }

    private void lineTooLong(int limit) throws InterruptedException {
        if (state == State.HANDSHAKE) {
            if (registrationExceeded()) {
                return;
            }
            reply(Notices.nickInvalid("it is far too long"));
            reply(new Event.NickPrompt());
        } else if (state == State.CHATTING && admitted()) { // an over-long line costs a line like any other
            reply(Notices.lineTooLong(limit));
        }
    }

    /**
     * The meter of a connection read in chunks: sees every chunk before it is parsed (docs/PROTOCOL.md,
     * "Limits and slow clients").
     */
    private void onRead(int bytes) throws IOException {
        if (state == State.HANDSHAKE && registrationExceeded(bytes)) {
            throw new IOException("registration too long"); // the session has ended, with its notice
        }
        try {
            if (!charged(bytes)) {
                throw new IOException("flooding"); // the session has ended, with its notice
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while throttled");
        }
        // Virtual threads are not time-sliced: a reader that always finds data would keep its carrier
        // for good. Give the others a turn once per chunk.
        Thread.yield();
    }

    /** Charges bytes read against the byte-rate cap (may wait); false if the client was disconnected for it. */
    private boolean charged(int size) throws InterruptedException {
        return switch (bytes.charge(size)) {
            case PASS -> true;
            case DELAYED -> {
                services.metrics().floodThrottled.increment();
                yield true;
            }
            case DISCONNECT -> {
                floodedOut();
                yield false;
            }
        };
    }

    private void floodedOut() {
        endWith(EndReason.FLOODING, "", Notices.floodDisconnect());
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} disconnected for flooding", id,
                nick == null ? connection.remote() : nick);
    }

    /** Bytes read so far, up to the end of the last line handled. */
    private long consumed() {
        return connection.consumed();
    }

    private boolean registrationExceeded() {
        return registrationExceeded(0);
    }

    /**
     * Whether the client has sent more than the registration allowance (ergo's "1024 bytes of registration")
     * while it has no nickname, counting {@code unparsed} bytes just read; if so, ends the session with a
     * notice. Everything read before the nickname is granted counts, lines sent right behind it included.
     */
    private boolean registrationExceeded(int unparsed) {
        int limit = services.config().guards().registrationBytes();
        if (consumed() + unparsed <= limit) {
            return false;
        }
        endWith(EndReason.REGISTRATION_TOO_LONG, "", Notices.registrationTooLong(limit));
        return true;
    }

    private void handshake(String line) {
        if (registrationExceeded()) {
            return;
        }
        String wanted = Names.displayNick(Sanitizer.clean(line));
        if (wanted.equalsIgnoreCase("/json")) {
            if (encoder == services.text()) { // a WebSocket speaks JSON already, in its own framing
                encoder = services.json();
            }
            reply(new Event.NickPrompt());
            return;
        }
        if (wanted.equalsIgnoreCase("/quit") || wanted.toLowerCase().startsWith("/quit ")) {
            end(EndReason.QUIT, "quit");
            return;
        }
        Event refusal = switch (directory().claim(wanted, null, this)) {
            case Directory.Claim.Granted granted -> null;
            case Directory.Claim.Invalid invalid -> Notices.nickInvalid(invalid.why());
            case Directory.Claim.Taken taken -> Notices.nickTaken(wanted);
            case Directory.Claim.LookAlike lookAlike -> Notices.nickLookAlike(wanted, lookAlike.holder());
        };
        if (refusal != null) {
            reply(refusal);
            reply(new Event.NickPrompt());
            hintOnce(); // after the prompt, so the refusal and the prompt stay two lines as always
            return;
        }
        nick = wanted;
        nickKeys = Names.nickKeys(wanted);
        cancelHint();
        state = State.CHATTING;
        cancelDeadline();
        armIdleDeadline(services.config().idleTimeout(), services.config().idleTimeout());
        LOG.log(System.Logger.Level.INFO, "[{0}] {1} is {2}", id, connection.remote(), nick);
        moveTo(LOBBY, true, new Replay.Last(replayOnJoin()));
    }

    private void chat(String line) throws InterruptedException {
        services.metrics().linesIn.increment();
        services.metrics().bytesIn.add(line.length());
        String text = Sanitizer.clean(line);
        Command command = text.isBlank() ? null : CommandParser.parse(text);
        // Every line counts, blank ones included; /quit is never held back: leaving must work even for a
        // client that is being throttled.
        if (command instanceof Command.Quit || admitted()) {
            if (command != null) {
                Dispatcher.dispatch(this, command);
            }
        }
    }

    /** Charges one line against flood control (may wait); false if the line is not to be handled. */
    private boolean admitted() throws InterruptedException {
        return switch (flood.admit()) {
            case PASS -> true;
            case DELAYED -> {
                services.metrics().floodDelayed.increment();
                yield true;
            }
            case DROP -> {
                services.metrics().floodDropped.increment();
                if (flood.drops() == 1) {
                    reply(Notices.floodDropped()); // once per flood, not once per dropped line
                }
                yield false;
            }
            case DISCONNECT -> {
                reply(Notices.floodDisconnect());
                end(EndReason.FLOODING, "");
                LOG.log(System.Logger.Level.WARNING, "[{0}] {1} disconnected for flooding", id, nick);
                yield false;
            }
        };
    }

    /** Arms the idle check to fire after {@code wait}, judging idleness against {@code timeout} (0: off). */
    private void armIdleDeadline(Duration wait, Duration timeout) {
        if (timeout.isZero()) {
            return;
        }
        long timeoutNanos = timeout.toNanos();
        deadline = services.timers().schedule(() -> {
            long idle = System.nanoTime() - lastHeard;
            if (idle >= timeoutNanos) {
                endWith(EndReason.IDLE_TIMEOUT, "", Notices.idleTimeout(timeout));
            } else if (end.get() == null) {
                armIdleDeadline(Duration.ofNanos(timeoutNanos - idle), timeout);
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelHint() {
        ScheduledFuture<?> hint = hintTimer;
        if (hint != null) {
            hint.cancel(false);
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> d = deadline;
        if (d != null) {
            d.cancel(false);
        }
    }

    // ---- User: what other users' commands do to this one (any thread; nothing here touches the connection)

    @Override
    public String nick() {
        return nick;
    }

    @Override
    public void deliver(Outgoing event) {
        outbound.offer(event.bytes(encoder));
    }

    @Override
    public void send(Event event) {
        outbound.offer(encoder.encode(event));
    }

    @Override
    public InetAddress address() {
        return connection.address();
    }

    @Override
    public chat.server.core.Presence presence() {
        Room current = room;
        return new chat.server.core.Presence(current == null ? "" : current.name(), connectedAt,
                Duration.ofNanos(System.nanoTime() - lastHeard), away);
    }

    @Override
    public void away(String message) {
        away = message;
    }

    @Override
    public void kick(Kick kind, String reason, Event notice) {
        endWith(kind == Kick.BANNED ? EndReason.BANNED : EndReason.KICKED, reason, notice);
    }

    // ---- Context: what this session's own commands see (the reader thread)

    @Override
    public String id() {
        return id;
    }

    @Override
    public Room room() {
        return room;
    }

    @Override
    public User self() {
        return this;
    }

    @Override
    public Directory directory() {
        return services.directory();
    }

    @Override
    public Moderation moderation() {
        return services.moderation();
    }

    @Override
    public void publish(Room target, Event draft) {
        services.publisher().publish(target, draft, this, true);
    }

    /** The server's time to the millisecond: what the store keeps, so a replay shows what was sent live. */
    @Override
    public Instant now() {
        return services.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public int replayOnJoin() {
        return services.config().historyOnJoin();
    }

    @Override
    public HistoryStore store() {
        return services.store();
    }

    @Override
    public int historyLimit() {
        return services.config().historySize();
    }

    @Override
    public void reply(Event event) {
        send(event);
    }

    @Override
    public boolean isOperator() {
        return operator;
    }

    @Override
    public long tryOper(String password) {
        Moderation.OperAttempt attempt = moderation().tryOper(address(), password);
        switch (attempt.outcome()) {
            case GRANTED -> operator = true;
            case REFUSED -> services.metrics().operFailures.increment();
            case WAIT -> services.metrics().operThrottled.increment();
        }
        return attempt.waitSeconds();
    }

    @Override
    public long mutedSeconds() {
        return operator ? 0 : moderation().mutedSeconds(nickKeys, address());
    }

    @Override
    public void quit(String message) {
        end(EndReason.QUIT, message.isEmpty() ? "quit" : "quit: " + message);
    }

    @Override
    public void moveTo(String roomName, Replay replay) {
        moveTo(roomName, false, replay);
    }

    private void moveTo(String roomName, boolean first, Replay replay) {
        leaveRoom("");
        String me = nick;
        Room entered = directory().enter(roomName, this, replay, r -> arrival(r, me, first));
        room = entered;
        if (announcesMembership(directory().size(entered))) {
            services.publisher().publish(entered, new Event.Joined(entered.name(), me, now()), this, false);
        }
    }

    private List<Event> arrival(Room r, String me, boolean first) {
        List<Event> events = new ArrayList<>(2);
        events.add(new Event.Arrival(me, r.name(), first, directory().names(r, TextEncoder.NAMES_IN_WELCOME),
                directory().size(r),
                CommandTable.names(moderation().operatorsEnabled()), first ? uploadToken : ""));
        String topic = r.topic();
        if (!topic.isEmpty()) {
            events.add(new Event.Topic(r.name(), topic));
        }
        return events;
    }

    private void leaveRoom(String reason) {
        Room current = room;
        if (current == null) {
            return;
        }
        room = null;
        directory().exit(current, this);
        if (announcesMembership(directory().size(current) + 1)) {
            services.publisher().publish(current, new Event.Left(current.name(), nick, reason, now()), this, false);
        }
    }

    private boolean announcesMembership(int size) {
        return size <= services.config().quietRoomSize();
    }

    @Override
    public void renamed(String newNick) {
        String old = nick;
        nick = newNick;
        nickKeys = Names.nickKeys(newNick);
        Room current = room;
        if (current != null) {
            publish(current, new Event.Renamed(current.name(), old, newNick, now()));
        } else {
            reply(new Event.Renamed("", old, newNick, now()));
        }
    }

    // ---- ending

    /** Asks the reader loop to end after the current line; the first reason given is the one kept. */
    private void end(EndReason reason, String shown) {
        end.compareAndSet(null, new End(reason, shown.isEmpty() ? reason.words() : shown));
    }

    /**
     * Ends the session with a last {@code notice}: queues it, then stops the reader, which tears the session
     * down in order (leave the room, free the nickname, flush the notice, close). Used by deadlines, kicks and
     * bans, from threads other than the reader; a connection still in its TLS handshake is simply closed.
     */
    private void endWith(EndReason reason, String shown, Event notice) {
        end(reason, shown);
        if (!opened) {
            connection.close();
            return;
        }
        outbound.finish(encoder.encode(notice));
        connection.stopReading();
    }

    /** Called by the server on shutdown: say goodbye and end. */
    public void shutdown() {
        end(EndReason.SERVER_SHUTTING_DOWN, "");
        outbound.finish(encoder.encode(Notices.shuttingDown()));
    }

    /** Waits up to {@code millis} for this session's output to be written; true if it was. */
    public boolean awaitWriter(long millis) throws InterruptedException {
        return outbound.awaitWriter(millis);
    }

    /** Closes the connection at once, which ends a blocked read or write. */
    public void forceClose() {
        connection.close();
    }

    /**
     * Ends the session if its current write has been blocked for the write timeout (called periodically by
     * the server, on the timers thread): the client has output waiting and takes none of it. No notice can
     * reach it, so the connection is aborted, which ends the blocked write and drops the unsent bytes.
     */
    public void checkWriteDeadline(long now) {
        Duration timeout = services.config().guards().writeTimeout();
        if (timeout.isZero() || end.get() != null || outbound.stalledNanos(now) < timeout.toNanos()) {
            return;
        }
        end(EndReason.WRITE_TIMEOUT, "");
        services.metrics().sendQueueOverflows.increment();
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1}: took no output for {2} s, disconnecting",
                id, nick, timeout.toSeconds());
        connection.abort();
    }

    private void overflowed() {
        end(EndReason.SEND_QUEUE_EXCEEDED, "");
        services.metrics().sendQueueOverflows.increment();
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1}: send queue exceeded {2} bytes, disconnecting",
                id, nick, services.config().sendQueueBytes());
        connection.abort();
    }

    private void teardown() {
        if (!tornDown.compareAndSet(false, true)) {
            return;
        }
        End ended = end.get();
        state = State.ENDED;
        cancelDeadline();
        cancelHint();
        try {
            leaveRoom(ended.shown());
            if (nick != null) {
                directory().release(nick, this);
            }
            outbound.finish(ended.reason() == EndReason.QUIT ? encoder.encode(Notices.goodbye()) : null);
            if (!outbound.awaitWriter(services.config().shutdownGrace().toMillis())) {
                outbound.abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
            LOG.log(System.Logger.Level.INFO, "[{0}] {1} disconnected: {2}", id,
                    nick == null ? connection.remote() : nick, ended.shown());
            services.metrics().disconnected(ended.reason());
            onEnded.accept(this);
        }
    }
}
