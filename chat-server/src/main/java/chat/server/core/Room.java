package chat.server.core;

import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import chat.server.protocol.Outgoing;
import chat.server.store.HistoryStore;
import chat.server.store.RoomHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A room: its members, topic and history, and the ordered fan-out of its events.
 *
 * <p>Fan-out: a published event is put on the room's pending queue; whichever thread holds {@code lock}
 * takes pending events in queue order, applies them to the room's state (a message, action or image gets the next
 * id and goes into the history; a topic change sets the topic) and offers each one, wrapped once in an
 * {@link Outgoing}, to every member ({@link Member#deliver} never blocks). A sender that finds the lock
 * taken leaves its event to the holder and returns at once, so no sender waits for another's fan-out and
 * every member sees the room's events in one order, which is id order. Membership changes under the same
 * lock, so a joiner gets exactly the history before its join and every event after it.
 *
 * <p>Thread-safe: {@code members} is an immutable view (read without locking); the rest is guarded by
 * {@code lock}. Lock order: {@code Room.lock} before a member's queue lock; no I/O under either (the
 * {@link RoomHistory} does none).
 */
public final class Room {
    /**
     * An immutable view of the members: the first {@code size} slots of {@code array}. A join appends into
     * spare capacity and publishes a new view, so joins cost O(1) amortized; slots below a published size
     * are never written again, which is what makes old views safe to iterate without a lock.
     */
    private record Members(Member[] array, int size) { }

    private static final Members NONE = new Members(new Member[0], 0);

    /** An event waiting for fan-out from {@code origin} (may be null), which gets it only if {@code toOrigin}. */
    private record Pending(Event event, Member origin, boolean toOrigin, Keeping keeping) { }

    /** What the room does with an event besides delivering it. */
    private enum Keeping {
        /** Numbers a message and keeps it; if the store is full, nobody gets it and the sender is told. */
        NUMBER,
        /** Keeps a message numbered by the cluster's log, waiting for the store if it is full; an id the
         *  room already has (a replay of the log after a restart) is delivered to nobody. */
        NUMBERED,
        /** Keeps nothing: a message said while the cluster is unreachable (id 0). */
        NONE
    }

    /** Longest a log event waits for a full store before it is dropped from this node's history. */
    private static final long STORE_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger(Room.class.getName());

    private final String name;
    private final String key;
    private final HistoryStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile Members members = NONE; // written under lock
    private final RoomHistory history;       // guarded by lock
    private boolean closed;                  // guarded by lock; a closed room takes no members

    /**
     * @param key   the key the room's history is stored under
     * @param store where history beyond the room's memory is read from
     */
    Room(String name, String key, HistoryStore store) {
        this.name = name;
        this.key = key;
        this.store = store;
        this.history = store.open(key, name);
    }

    /** The display name, with its leading {@code #}. */
    public String name() {
        return name;
    }

    /** The key its history is stored under. */
    public String key() {
        return key;
    }

    public int size() {
        return members.size();
    }

    /** A snapshot of the members' nicknames, in join order. */
    public List<String> nicks() {
        return nicks(Integer.MAX_VALUE);
    }

    /** The nicknames of the first {@code limit} members, in join order. */
    public List<String> nicks(int limit) {
        Members snapshot = members;
        int n = Math.min(limit, snapshot.size());
        List<String> nicks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nicks.add(snapshot.array()[i].nick());
        }
        return nicks;
    }

    /**
     * Numbers, keeps and delivers {@code event} to every member ({@code origin} only if {@code toOrigin});
     * called by the {@link Publisher}, not by commands. If the store cannot take a message or topic right
     * now, nobody gets it and {@code origin} is told the server is busy.
     */
    void fanOut(Event event, Member origin, boolean toOrigin) {
        fanOut(new Pending(event, origin, toOrigin, Keeping.NUMBER));
    }

    /**
     * Keeps and delivers {@code event} as numbered by the cluster's log (a message's id is set), before
     * returning: called by the node applying the log, in log order. A full store makes this wait (the log is
     * the backlog), never refuse; an event the room already kept is not delivered again.
     */
    public void fanOutNumbered(Event event, Member origin, boolean toOrigin) {
        pending.add(new Pending(event, origin, toOrigin, Keeping.NUMBERED));
        // Waits for the lock instead of leaving the event to its holder: when this returns the event is
        // applied, so the store receives the log's events in log order, and the highest id it has kept after
        // a crash means everything before it was kept too (where a restarted node reads the log from).
        lock.lock();
        try {
            deliverPending();
        } finally {
            unlock();
        }
    }

    /** Delivers {@code event} and keeps nothing of it (no id, no history, no topic change). */
    public void fanOutUnkept(Event event, Member origin, boolean toOrigin) {
        fanOut(new Pending(event, origin, toOrigin, Keeping.NONE));
    }

    private void fanOut(Pending p) {
        pending.add(p);
        deliverIfFree();
    }

    /**
     * Delivers pending events unless another thread holds the lock. Every holder of the lock calls this
     * right after releasing it ({@link #unlock()}), so an event queued while the lock was held is never
     * left behind: either its sender gets the lock, or the holder sees the event after letting go.
     */
    private void deliverIfFree() {
        while (!pending.isEmpty() && lock.tryLock()) {
            try {
                deliverPending();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Releases the lock and delivers whatever was queued meanwhile; see {@link #deliverIfFree()}. */
    private void unlock() {
        lock.unlock();
        deliverIfFree();
    }

    private void deliverPending() {
        Pending p;
        while ((p = pending.poll()) != null) {
            Event event = switch (p.keeping()) {
                case NUMBER -> apply(p.event());
                case NUMBERED -> applyNumbered(p.event());
                case NONE -> p.event();
            };
            if (event == null) {
                if (p.origin() != null && p.keeping() == Keeping.NUMBER) {
                    p.origin().deliver(new Outgoing(Notices.serverBusy()));
                }
                continue;
            }
            Outgoing out = new Outgoing(event);
            Members snapshot = members;
            Member[] array = snapshot.array();
            Member except = p.toOrigin() ? null : p.origin();
            for (int i = 0, n = snapshot.size(); i < n; i++) {
                if (array[i] != except) {
                    array[i].deliver(out);
                }
            }
        }
    }

    /**
     * The room's own bookkeeping for an event, under the lock: ids and history, the topic.
     *
     * @return the event to deliver, or null if the store refused it
     */
    private Event apply(Event event) {
        return switch (event) {
            case Event.Chat chat -> {
                Event.Chat numbered = chat.withId(history.lastId() + 1);
                yield history.append(numbered) ? numbered : null;
            }
            case Event.TopicChanged changed -> history.topicChanged(changed) ? changed : null;
            default -> event;
        };
    }

    /**
     * The room's bookkeeping for an event numbered by the cluster's log; see {@link Keeping#NUMBERED}.
     *
     * @return the event to deliver, or null if the room has it already
     */
    private Event applyNumbered(Event event) {
        if (closed) { // the last member left after the log's reader found this room: keep it as for no room
            keepWaiting(() -> keepWithoutRoom(store, key, name, event), event, name);
            return null;
        }
        return switch (event) {
            case Event.Chat chat -> {
                if (chat.id() <= history.lastId()) {
                    yield null;
                }
                keepWaiting(() -> history.append(chat), chat, name);
                yield chat;
            }
            case Event.TopicChanged changed -> {
                keepWaiting(() -> history.topicChanged(changed), changed, name);
                yield changed;
            }
            default -> event;
        };
    }

    /**
     * Retries {@code keep} while the store's queue is full, up to {@link #STORE_WAIT_NANOS}; then the event
     * is logged as not kept here (the log still has it).
     */
    static void keepWaiting(java.util.function.BooleanSupplier keep, Event event, String room) {
        long deadline = System.nanoTime() + STORE_WAIT_NANOS;
        while (!keep.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                LOG.log(System.Logger.Level.ERROR, "the store stayed full for 10 s: {0} not kept in {1}", event, room);
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Keeps {@code event} (numbered by the cluster's log) in a room that has no members on this node,
     * through {@code store}: called under the directory's lock, so no room of that name comes into being
     * meanwhile. One attempt, never waiting (the directory's lock is a leaf).
     *
     * @return false if the store's queue is full: the caller waits outside the lock and tries again
     */
    static boolean keepWithoutRoom(HistoryStore store, String key, String name, Event event) {
        RoomHistory history = store.open(key, name);
        try {
            return switch (event) {
                case Event.Chat chat -> chat.id() <= history.lastId() || history.append(chat);
                case Event.TopicChanged changed -> history.topicChanged(changed);
                default -> true;
            };
        } finally {
            history.close();
        }
    }

    /**
     * Adds {@code member}, first giving it the events {@code before} makes and then its {@code replay}.
     *
     * @return false if the room has closed meanwhile; the caller looks the room up again
     */
    boolean add(Member member, Replay replay, Function<Room, List<Event>> before) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            deliverPending();
            List<Event> first = before.apply(this); // computed before the member counts itself
            // The member is visible (to /rooms, /who) before its welcome can reach it; nothing is fanned out
            // in between, as this holds the lock.
            Members current = members;
            Member[] array = current.array();
            if (current.size() == array.length) {
                array = Arrays.copyOf(array, Math.max(4, array.length * 2));
            }
            array[current.size()] = member;
            members = new Members(array, current.size() + 1);
            for (Event event : first) {
                member.deliver(new Outgoing(event));
            }
            replayTo(member, replay);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Removes {@code member}.
     *
     * @return true if the room is now empty and closed; the caller removes it from the directory
     */
    boolean remove(Member member) {
        lock.lock();
        try {
            deliverPending();
            Members current = members;
            int index = indexOf(current, member);
            if (index >= 0) {
                // A fresh array (one slot spare for the next join): old views keep theirs intact.
                Member[] shrunk = new Member[current.size()];
                System.arraycopy(current.array(), 0, shrunk, 0, index);
                System.arraycopy(current.array(), index + 1, shrunk, index, current.size() - index - 1);
                members = current.size() == 1 ? NONE : new Members(shrunk, current.size() - 1);
            }
            closed = members.size() == 0;
            if (closed) {
                history.close();
            }
            return closed;
        } finally {
            unlock();
        }
    }

    /** Gives a member already in the room its {@code replay}, in order with the room's other events. */
    public void replay(Member member, Replay replay) {
        lock.lock();
        try {
            deliverPending();
            replayTo(member, replay);
        } finally {
            unlock();
        }
    }

    private void replayTo(Member member, Replay replay) {
        switch (replay) {
            case Replay.Last last -> {
                List<Event.Chat> events = last.count() > 0 ? history.last(last.count()) : List.of();
                if (!events.isEmpty()) {
                    member.deliver(new Outgoing(new Event.History(name, events)));
                }
            }
            case Replay.Since since -> {
                long current = history.lastId();
                if (since.id() > current) { // ids went back: this server lost the history the client saw
                    replayTo(member, new Replay.Last(since.fallback()));
                    return;
                }
                List<Event.Chat> missed = new ArrayList<>();
                long seen = since.id();
                for (Event.Chat e : since.stored()) {
                    if (e.id() > seen) {
                        missed.add(e);
                        seen = e.id();
                    }
                }
                List<Event.Chat> newer = history.after(seen);
                missed.addAll(newer);
                long count = since.storedCount() < 0 ? current - since.id() : since.storedCount() + newer.size();
                List<Event.Chat> shown = missed.subList(Math.max(0, missed.size() - Replay.MAX_RESUME), missed.size());
                member.deliver(new Outgoing(new Event.History(name, List.copyOf(shown), since.id(), count)));
            }
        }
    }

    private static int indexOf(Members members, Member member) {
        for (int i = 0; i < members.size(); i++) {
            if (members.array()[i] == member) {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code n} kept messages in memory, oldest first. */
    public List<Event.Chat> lastMessages(int n) {
        lock.lock();
        try {
            return history.last(n);
        } finally {
            unlock();
        }
    }

    /** Up to {@code n} messages with ids below {@code id}, oldest first; may read the store (no lock held). */
    public List<Event.Chat> messagesBefore(long id, int n) {
        return store.before(key, id, n);
    }

    /** Up to {@code n} recent messages containing every word; may read the store (no lock held). */
    public List<Event.Chat> search(String words, int n) {
        return store.search(key, words, n);
    }

    /** The current topic; empty if none. */
    public String topic() {
        lock.lock();
        try {
            return history.topic();
        } finally {
            unlock();
        }
    }
}
