package chat.server.cluster;

import chat.server.core.Member;
import chat.server.core.Publisher;
import chat.server.core.Room;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import chat.server.protocol.Outgoing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishing on a cluster node: a room event goes to the cluster's log, and this node fans it out like
 * every other node when it reads it back ({@link ClusterNode#applyLog}), numbered by its place in the log.
 * One copy per event crosses the broker, in batches: a platform thread ({@code cluster-publisher}) takes
 * whatever has queued and appends it as one log message.
 *
 * <p>While the broker is unreachable a room event is delivered on this node only, with no id, and kept
 * nowhere (docs/PROTOCOL.md, "Cluster"). A full publish queue refuses the event: the sender is told the
 * server is busy.
 *
 * <p>Thread-safe: a bounded queue and a concurrent map of the members waiting for their own events.
 */
final class ClusterPublisher implements Publisher, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterPublisher.class.getName());

    private final String node;
    private final Metrics metrics;
    private final ArrayBlockingQueue<Wire.Entry> queue;
    private final AtomicLong seq = new AtomicLong();
    /** The members whose events are on their way through the log, by the event's seq. */
    private final ConcurrentHashMap<Long, Member> origins = new ConcurrentHashMap<>();
    private final Thread thread;
    /** Moderation changes not appended while the broker was unreachable. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Wire.Entry> deferred = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Bus bus;       // null while not connected
    private volatile boolean closed;

    ClusterPublisher(String node, int capacity, Metrics metrics) {
        this.node = node;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("cluster-publisher").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /**
     * Publishes through {@code bus} from now on; null: the broker is unreachable. Bans and mutes made here while
     * it was are appended now, so the other nodes apply them too.
     */
    void connected(Bus bus) {
        this.bus = bus;
        Wire.Entry change;
        while (bus != null && (change = deferred.poll()) != null) {
            append(change);
        }
    }

    int queued() {
        return queue.size();
    }

    /** Whether a room event of this kind goes through the log (the rest is this node's own business); a
     *  shared image is an {@link Event.Chat} like a message. */
    static boolean travels(Event event) {
        return event instanceof Event.Chat || event instanceof Event.Joined || event instanceof Event.Left
                || event instanceof Event.Renamed || event instanceof Event.TopicChanged;
    }

    @Override
    public void publish(Room room, Event draft, Member origin, boolean toOrigin) {
        if (!travels(draft) || bus == null) {
            if (travels(draft)) {
                metrics.busUnkept.increment();
            }
            room.fanOutUnkept(draft, origin, toOrigin);
            return;
        }
        long id = seq.incrementAndGet();
        if (origin != null) {
            origins.put(id, origin);
        }
        if (!queue.offer(new Wire.Entry.RoomEvent(node, id, toOrigin, draft))) {
            origins.remove(id);
            metrics.busRefused.increment();
            if (origin != null) {
                origin.deliver(new Outgoing(Notices.serverBusy()));
            }
        }
    }

    /**
     * Appends a non-room entry (a moderation change, a marker); false if the queue is full. A moderation
     * change made while the broker is unreachable waits for it.
     */
    boolean append(Wire.Entry entry) {
        if (bus == null && entry instanceof Wire.Entry.ModerationChange) {
            return deferred.add(entry);
        }
        return queue.offer(entry);
    }

    /** The member that published the event {@code seq} on this node, once; null if none or gone. */
    Member origin(long seq) {
        return origins.remove(seq);
    }

    private void run() {
        List<Wire.Entry> batch = new ArrayList<>(Wire.BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                Wire.Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, Wire.BATCH - 1);
                send(batch);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<Wire.Entry> batch) {
        Bus current = bus;
        if (current != null) {
            try {
                current.publishLog(Wire.batch(batch));
                metrics.busBatchesOut.increment();
                metrics.busEventsOut.add(batch.size());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "publishing {0} events to the log failed: {1}", batch.size(), e.toString());
            }
        }
        // Not appended: what this node's members said is delivered here, unkept, rather than lost.
        for (Wire.Entry entry : batch) {
            switch (entry) {
                case Wire.Entry.RoomEvent r -> {
                    metrics.busUnkept.increment();
                    fallback.deliver(r.event(), origins.remove(r.seq()), r.toOrigin());
                }
                case Wire.Entry.ModerationChange m -> deferred.add(m); // applied here already; the others later
                case Wire.Entry.Marker k -> { } // a new one is appended on the next subscription
            }
        }
    }

    /** Delivers a room event on this node only. */
    interface Fallback {
        void deliver(Event event, Member origin, boolean toOrigin);
    }

    private volatile Fallback fallback = (event, origin, toOrigin) -> { };

    /** Where events that could not be appended to the log are delivered: this node's rooms. */
    void fallback(Fallback deliver) {
        this.fallback = deliver;
    }

    /** Sends what is queued (bounded wait), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
