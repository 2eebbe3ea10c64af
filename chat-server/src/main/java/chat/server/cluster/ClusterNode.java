package chat.server.cluster;

import chat.server.ServerConfig;
import chat.server.core.Directory;
import chat.server.core.LocalDirectory;
import chat.server.core.Moderation;
import chat.server.core.Publisher;
import chat.server.core.User;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import chat.server.store.HistoryStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This server as one node of a cluster (docs/PROTOCOL.md, "Cluster"; README, "A cluster of nodes"):
 * rooms, presence, nicknames, moderation and history shared with the other nodes through a RabbitMQ
 * broker ({@link Bus}).
 *
 * <p>Every node reads the whole log and applies it in order ({@link #applyLog}): a message gets the id
 * its place in the log gives it ({@link Wire#id}), the same on every node, and goes into this node's
 * history whether or not anyone here is in its room, so each node's store is a full copy and a resume
 * works on any node. A node that restarts reads the log from the batch of the highest id it kept, and
 * serves no one before it has read up to a marker it appended itself (caught up).
 *
 * <p>Presence travels as signals: each node says who came, moved and left ({@link Wire.Signal.Where},
 * {@link Wire.Signal.Gone}), its whole state when another node says hello and every
 * {@link #STATE_EVERY_SECONDS}, and a heartbeat every second. A node not heard from for
 * {@link #LOSS_TIMEOUT_MILLIS} is lost: its users leave every room here with the reason "node lost".
 *
 * <p>When the broker is lost, this node keeps serving its own users (room events are delivered here
 * only, unkept, {@link ClusterPublisher}), tells them, and when the client library has recovered the
 * connection it subscribes again from where it stopped, locks its nicknames again, says hello and tells
 * its users the cluster is whole.
 *
 * <p>Thread-safe: the log is applied under {@code applying} (one consumer thread at a time, even across a
 * re-subscription); signals are sent by one platform thread ({@code cluster-signals}).
 */
public final class ClusterNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
    /** A node not heard from for this long is lost (the issue allows 15 s: heartbeats every second). */
    static final long LOSS_TIMEOUT_MILLIS = 6_000;
    private static final long BEAT_MILLIS = 1_000;
    private static final long STATE_EVERY_SECONDS = 10;
    private static final long RECONNECT_MILLIS = 2_000;
    private static final long CATCH_UP_SECONDS = 120;
    private static final int PUBLISH_QUEUE = 65_536;
    private static final int SIGNAL_QUEUE = 65_536;

    private final ServerConfig.Cluster config;
    private final String name;
    private final int retentionDays;
    private final LocalDirectory local;
    private final Moderation moderation;
    private final Metrics metrics;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Peers peers;
    private final ClusterDirectory directory;
    private final ClusterPublisher publisher;
    private final ArrayBlockingQueue<Wire.Signal> signals = new ArrayBlockingQueue<>(SIGNAL_QUEUE);
    private final Thread signalSender;
    private final ReentrantLock applying = new ReentrantLock();
    private final long startOffset;
    private volatile long lastApplied; // guarded by applying for writes
    private volatile long lagMillis;
    private volatile Bus bus;          // null while the broker is unreachable
    private volatile Bus lastBus;      // the connection, reachable or not (null before the first)
    private volatile boolean closed;
    private volatile long marker;
    /** Nickname keys this node holds the broker's lock of (forgotten with the connection). */
    private final java.util.Set<String> lockedKeys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicBoolean resubscribing = new java.util.concurrent.atomic.AtomicBoolean();
    /** Whether this node's users were told the cluster is unreachable (and so must be told when it is back). */
    private final java.util.concurrent.atomic.AtomicBoolean wasSplit = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch caughtUp = new CountDownLatch(1);

    private ClusterNode(ServerConfig.Cluster config, String name, int retentionDays, HistoryStore store,
                        Moderation moderation, Metrics metrics, ScheduledExecutorService timers, Clock clock) {
        this.config = config;
        this.name = name;
        this.retentionDays = retentionDays;
        this.local = new LocalDirectory(store);
        this.moderation = moderation;
        this.metrics = metrics;
        this.timers = timers;
        this.clock = clock;
        this.peers = new Peers(name, this::signal);
        this.directory = new ClusterDirectory(local, peers, this);
        this.publisher = new ClusterPublisher(name, PUBLISH_QUEUE, metrics);
        this.signalSender = Thread.ofPlatform().daemon().name("cluster-signals").unstarted(this::sendSignals);
        long highest = store.highestId();
        this.startOffset = highest > 0 ? Wire.offset(highest) : -1;
        this.lastApplied = startOffset < 0 ? -1 : startOffset - 1;
    }

    /**
     * A node named {@code name} on the cluster {@code config}; {@link #start} connects it.
     *
     * @param retentionDays how long the log keeps messages (the store's retention; 0: forever)
     */
    public static ClusterNode create(ServerConfig.Cluster config, String name, int retentionDays, HistoryStore store,
                                     Moderation moderation, Metrics metrics, ScheduledExecutorService timers,
                                     Clock clock) {
        return new ClusterNode(config, name, retentionDays, store, moderation, metrics, timers, clock);
    }

    public Directory directory() {
        return directory;
    }

    /** This node's own users and rooms. */
    public LocalDirectory local() {
        return local;
    }

    public Publisher publisher() {
        return publisher;
    }

    public String name() {
        return name;
    }

    /**
     * Connects to the broker and reads the log up to now (bounded wait) before returning, so the node serves
     * history that is in step. If the broker cannot be reached, the node starts on its own (split) and keeps
     * trying in the background.
     */
    public void start() {
        metrics.cluster(new Metrics.Cluster(peers::count, () -> bus != null, () -> lagMillis, publisher::queued));
        moderation.onChange(change -> {
            if (!publisher.append(new Wire.Entry.ModerationChange(name, change))) {
                LOG.log(System.Logger.Level.WARNING, "publish queue full: {0} applies on this node only", change);
            }
        });
        publisher.fallback((event, origin, toOrigin) -> roomOf(event).flatMap(local::room)
                .ifPresent(room -> room.fanOutUnkept(event, origin, toOrigin)));
        publisher.start();
        signalSender.start();
        timers.scheduleWithFixedDelay(this::beat, BEAT_MILLIS, BEAT_MILLIS, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(() -> signal(state()), STATE_EVERY_SECONDS, STATE_EVERY_SECONDS, TimeUnit.SECONDS);
        try {
            connect();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster {0}: broker unreachable ({1}); serving the users of this node"
                    + " on their own and retrying every {2} ms", Bus.redacted(config.uri()), e + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()),
                    RECONNECT_MILLIS);
            Thread.ofVirtual().name("cluster-connect").start(this::connectLater);
            return;
        }
        try {
            if (!caughtUp.await(CATCH_UP_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "cluster: not caught up with the log after {0} s; serving anyway",
                        CATCH_UP_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Connects, subscribes from after the last applied batch, and appends a marker to learn when caught up. */
    private void connect() throws IOException {
        Bus connected = Bus.connect(config.uri(), config.name(), name, receiver());
        try {
            checkNotAhead(connected);
            subscribe(connected);
        } catch (IOException | RuntimeException e) {
            connected.close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "cluster {0} at {1}: node {2}, reading the log from {3}", config.name(),
                Bus.redacted(config.uri()), name, lastApplied < 0 ? "its start" : "offset " + (lastApplied + 1));
    }

    /**
     * Refuses to run on data that is ahead of the cluster's log: a log recreated (or lost by the broker), or
     * a data directory from another cluster or a standalone server. Reading on would skip every batch below
     * the ids already kept, silently; so the node does not start, and says why.
     */
    private void checkNotAhead(Bus connected) throws IOException {
        if (lastApplied < 0) {
            return;
        }
        long end = connected.end(retentionDays, Wire.batch(List.of(new Wire.Entry.Marker(name,
                ThreadLocalRandom.current().nextLong()))));
        if (end >= 0 && end <= lastApplied) {
            throw new ClusterException("this node's data directory holds messages up to offset " + lastApplied
                    + " of the cluster's log " + config.name() + ".log, which ends at " + end + ": the log was"
                    + " recreated, or this data directory is from another cluster or a single server. Start this"
                    + " node with an empty --data-dir (it then reads the log from its start)", null);
        }
    }

    private void subscribe(Bus connected) throws IOException {
        connected.subscribe(lastApplied < 0 ? -1 : lastApplied + 1, retentionDays, receiver());
        lastBus = connected;
        bus = connected;
        publisher.connected(connected);
        marker = ThreadLocalRandom.current().nextLong();
        publisher.append(new Wire.Entry.Marker(name, marker));
        signal(new Wire.Signal.Hello(name));
        signal(state());
    }

    private Bus.Receiver receiver() {
        return new Bus.Receiver() {
            @Override
            public void log(long offset, byte[] batch) {
                applyLog(offset, batch);
            }

            @Override
            public void signal(byte[] signal) {
                applySignal(signal);
            }

            @Override
            public void recovered() {
                ClusterNode.this.recovered();
            }

            @Override
            public void lost(String why) {
                ClusterNode.this.lost(why);
            }

            @Override
            public void consumerLost(String why) {
                LOG.log(System.Logger.Level.WARNING, "cluster: a consumer is gone ({0}); subscribing again", why);
                ClusterNode.this.recovered();
            }
        };
    }

    private void connectLater() {
        while (!closed) {
            try {
                Thread.sleep(RECONNECT_MILLIS);
                connect();
                relock();
                tellEveryone(Notices.clusterWhole());
                return;
            } catch (ClusterException e) {
                LOG.log(System.Logger.Level.ERROR, "cluster: cannot join: {0}", e.getMessage());
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: broker still unreachable: {0}", e.getMessage());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void lost(String why) {
        if (closed || bus == null) {
            return;
        }
        bus = null;
        publisher.connected(null);
        LOG.log(System.Logger.Level.WARNING, "cluster: broker connection lost ({0}); serving the users of this node on"
                + " their own until it is back", why);
        wasSplit.set(true);
        lockedKeys.clear(); // the broker let go of them with the connection
        tellEveryone(Notices.clusterSplit());
    }

    /**
     * The client library brought the connection back: subscribe again where we stopped. Right after a
     * broker restart the log may not be available yet, so this retries (every {@link #RECONNECT_MILLIS})
     * on a thread of its own.
     */
    private void recovered() {
        Bus connected = lastBus; // the client library recovered this one's connection in place
        if (connected == null || closed || !resubscribing.compareAndSet(false, true)) {
            return; // one re-subscription at a time: two would leave two signal queues (every DM twice)
        }
        Thread.ofVirtual().name("cluster-resubscribe").start(() -> {
            try {
                resubscribe(connected);
            } finally {
                resubscribing.set(false);
            }
        });
    }

    private void resubscribe(Bus connected) {
        while (!closed && connected.isOpen()) {
            try {
                subscribe(connected);
                relock();
                LOG.log(System.Logger.Level.INFO, "cluster: subscribed again; reading the log from offset {0}",
                        lastApplied + 1);
                if (wasSplit.getAndSet(false)) {
                    tellEveryone(Notices.clusterWhole());
                }
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cluster: subscribing again failed ({0}); retrying",
                        e.getCause() == null ? e.toString() : e.getCause().getMessage());
            }
            try {
                Thread.sleep(RECONNECT_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Locks every nickname held here again: the broker forgot the locks with the connection. */
    private void relock() {
        for (String nick : local.users().keySet()) {
            if (directory.relock(nick) == Bus.Lock.TAKEN) {
                LOG.log(System.Logger.Level.WARNING, "cluster: {0} was taken on another node while the broker was"
                        + " unreachable; both keep it until one leaves", nick);
            }
        }
    }

    private void tellEveryone(Event notice) {
        local.users().values().forEach(u -> u.send(notice));
    }

    // ---- the log

    /** Applies one batch of the log, in log order; a batch already applied (a re-delivery) is skipped. */
    void applyLog(long offset, byte[] bytes) {
        applying.lock();
        try {
            if (offset <= lastApplied) {
                return;
            }
            List<Wire.Entry> entries;
            try {
                entries = Wire.readBatch(bytes);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "cluster: skipping log batch {0}: {1}", offset, e.getMessage());
                lastApplied = offset;
                return;
            }
            metrics.busBatchesIn.increment();
            metrics.busEventsIn.add(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                try {
                    apply(offset, i, entries.get(i));
                } catch (RuntimeException e) { // one entry, not the batch and not the consumer
                    LOG.log(System.Logger.Level.ERROR, "cluster: applying entry " + i + " of batch " + offset + " failed", e);
                }
            }
            lastApplied = offset;
        } finally {
            applying.unlock();
        }
    }

    private void apply(long offset, int index, Wire.Entry entry) {
        switch (entry) {
            case Wire.Entry.RoomEvent r -> {
                Event event = r.event() instanceof Event.Chat chat ? chat.withId(Wire.id(offset, index)) : r.event();
                if (event instanceof Event.Chat chat) {
                    lagMillis = Math.max(0, clock.millis() - chat.ts().toEpochMilli());
                }
                chat.server.core.Member origin = r.node().equals(name) ? publisher.origin(r.seq()) : null;
                Optional<String> room = roomOf(event);
                if (room.isPresent()) {
                    local.roomOrKeep(room.get(), event).ifPresent(rm -> rm.fanOutNumbered(event, origin, r.toOrigin()));
                }
            }
            case Wire.Entry.ModerationChange m -> {
                if (!m.node().equals(name)) {
                    moderation.apply(m.change());
                }
            }
            case Wire.Entry.Marker k -> {
                if (k.node().equals(name) && k.nonce() == marker) {
                    caughtUp.countDown();
                }
            }
        }
    }

    /** The room a room event is for. */
    static Optional<String> roomOf(Event event) {
        return switch (event) {
            case Event.Chat c -> Optional.of(c.room());
            case Event.Joined j -> Optional.of(j.room());
            case Event.Left l -> Optional.of(l.room());
            case Event.Renamed r -> r.room().isEmpty() ? Optional.empty() : Optional.of(r.room());
            case Event.TopicChanged t -> Optional.of(t.room());
            default -> Optional.empty();
        };
    }

    // ---- signals

    void applySignal(byte[] bytes) {
        Wire.Signal signal;
        try {
            signal = Wire.readSignal(bytes);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: skipping a signal: {0}", e.getMessage());
            return;
        }
        metrics.busSignalsIn.increment();
        long now = System.nanoTime();
        switch (signal) {
            case Wire.Signal.Hello h -> {
                if (!h.node().equals(name)) {
                    peers.heard(h.node(), now);
                    signal(state());
                }
            }
            case Wire.Signal.Beat b -> {
                if (peers.heard(b.node(), now)) {
                    signal(new Wire.Signal.Hello(name)); // a node new to us, or back: ask everyone for their state
                }
            }
            case Wire.Signal.State s -> peers.state(s.node(), s.users(), now);
            case Wire.Signal.Where w -> peers.where(w.node(), w.user(), now);
            case Wire.Signal.Gone g -> peers.gone(g.node(), g.nick());
            case Wire.Signal.ToUser t -> {
                if (t.node().equals(name)) {
                    local.find(t.nick()).ifPresent(u -> u.send(t.event()));
                }
            }
            case Wire.Signal.Kick k -> {
                if (k.node().equals(name)) {
                    local.find(k.nick()).ifPresent(u -> u.kick(k.kind(), k.reason(), k.notice()));
                }
            }
            case Wire.Signal.Bye b -> peers.drop(b.node());
        }
    }

    /** Queues {@code signal} for the other nodes; dropped while the broker is unreachable. */
    void signal(Wire.Signal signal) {
        if (bus != null && !signals.offer(signal)) {
            LOG.log(System.Logger.Level.WARNING, "cluster: signal queue full, dropping {0}", signal.getClass().getSimpleName());
        }
    }

    private void sendSignals() {
        while (!closed || !signals.isEmpty()) {
            try {
                Wire.Signal signal = signals.poll(200, TimeUnit.MILLISECONDS);
                Bus current = bus;
                if (signal != null && current != null) {
                    current.publishSignal(Wire.signal(signal));
                    metrics.busSignalsOut.increment();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: sending a signal failed: {0}", e.toString());
            }
        }
    }

    private void beat() {
        signal(new Wire.Signal.Beat(name));
        List<RemoteUser> lost = peers.expire(System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(LOSS_TIMEOUT_MILLIS));
        if (!lost.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "cluster: node {0} lost with {1} users", lost.get(0).node(), lost.size());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (RemoteUser user : lost) {
            String room = user.info().room();
            if (!room.isEmpty()) {
                local.room(room).ifPresent(r -> r.fanOutUnkept(new Event.Left(r.name(), user.nick(), "node lost", now),
                        null, true));
            }
        }
    }

    private Wire.Signal.State state() {
        List<Wire.UserInfo> users = new ArrayList<>();
        local.users().forEach((nick, user) -> users.add(info(nick, user.presence().room(), user)));
        return new Wire.Signal.State(name, users);
    }

    private static Wire.UserInfo info(String nick, String room, User user) {
        chat.server.core.Presence p = user.presence();
        return new Wire.UserInfo(nick, room, p.since().toEpochMilli(), p.away(), user.address().getHostAddress());
    }

    // ---- for the directory

    /**
     * Locks {@code keys} on the broker for this node, all or none; a key this node has locked already (for
     * another user here, or the same one) counts as held: the local directory decides between users here.
     * Called by {@link ClusterDirectory} holding the keys' stripes.
     */
    Bus.Lock lock(List<String> keys) {
        Bus current = bus;
        if (current == null) {
            return Bus.Lock.UNREACHABLE;
        }
        List<String> taken = new ArrayList<>();
        for (String key : keys) {
            if (lockedKeys.contains(key)) {
                continue;
            }
            Bus.Lock outcome = current.lock(List.of(key));
            if (outcome != Bus.Lock.HELD) {
                unlock(taken);
                return outcome;
            }
            lockedKeys.add(key);
            taken.add(key);
        }
        return Bus.Lock.HELD;
    }

    /** Frees those of {@code keys} that no user here holds any more. Called holding the keys' stripes. */
    void unlock(List<String> keys) {
        Bus current = bus;
        List<String> free = keys.stream().filter(k -> !local.holdsKey(k) && lockedKeys.remove(k)).toList();
        if (current != null && !free.isEmpty()) {
            current.unlock(free);
        }
    }

    void where(String nick, String room, User user) {
        signal(new Wire.Signal.Where(name, info(nick, room, user)));
    }

    void gone(String nick) {
        signal(new Wire.Signal.Gone(name, nick));
    }

    /** Says goodbye (other nodes forget this one at once), sends what is queued, and disconnects. */
    @Override
    public void close() {
        signal(new Wire.Signal.Bye(name));
        publisher.close();
        closed = true;
        try {
            signalSender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Bus current = bus;
        bus = null;
        if (current != null) {
            current.close();
        }
        Bus last = lastBus;
        if (last != null && last != current) {
            last.close();
        }
    }
}
