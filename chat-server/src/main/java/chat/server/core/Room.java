package chat.server.core;

import chat.server.protocol.Event;
import chat.server.protocol.Outgoing;
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
 * takes pending events in queue order, applies them to the room's state (a message or action gets the next
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

    /** An event waiting for fan-out; {@code except} (may be null) does not receive it. */
    private record Pending(Event event, Member except) { }

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile Members members = NONE; // written under lock
    private final RoomHistory history;       // guarded by lock
    private String topic = "";               // guarded by lock
    private boolean closed;                  // guarded by lock; a closed room takes no members

    Room(String name, RoomHistory history) {
        this.name = name;
        this.history = history;
    }

    /** The display name, with its leading {@code #}. */
    public String name() {
        return name;
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
     * Numbers, keeps and delivers {@code event} to every member but {@code except}; called by the
     * {@link Publisher}, not by commands.
     */
    void fanOut(Event event, Member except) {
        pending.add(new Pending(event, except));
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
            Outgoing out = new Outgoing(apply(p.event()));
            Members snapshot = members;
            Member[] array = snapshot.array();
            Member except = p.except();
            for (int i = 0, n = snapshot.size(); i < n; i++) {
                if (array[i] != except) {
                    array[i].deliver(out);
                }
            }
        }
    }

    /** The room's own bookkeeping for an event, under the lock: ids and history, the topic. */
    private Event apply(Event event) {
        return switch (event) {
            case Event.Chat chat -> {
                Event.Chat numbered = chat.withId(history.lastId() + 1);
                history.append(numbered);
                yield numbered;
            }
            case Event.TopicChanged changed -> {
                topic = changed.topic();
                yield changed;
            }
            default -> event;
        };
    }

    /**
     * Adds {@code member}, first giving it the events {@code before} makes and the last {@code replay}
     * messages.
     *
     * @return false if the room has closed meanwhile; the caller looks the room up again
     */
    boolean add(Member member, int replay, Function<Room, List<Event>> before) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            deliverPending();
            for (Event event : before.apply(this)) {
                member.deliver(new Outgoing(event));
            }
            if (replay > 0) {
                List<Event.Chat> last = history.last(replay);
                if (!last.isEmpty()) {
                    member.deliver(new Outgoing(new Event.History(name, last)));
                }
            }
            Members current = members;
            Member[] array = current.array();
            if (current.size() == array.length) {
                array = Arrays.copyOf(array, Math.max(4, array.length * 2));
            }
            array[current.size()] = member;
            members = new Members(array, current.size() + 1);
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

    private static int indexOf(Members members, Member member) {
        for (int i = 0; i < members.size(); i++) {
            if (members.array()[i] == member) {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code n} kept messages, oldest first. */
    public List<Event.Chat> lastMessages(int n) {
        lock.lock();
        try {
            return history.last(n);
        } finally {
            unlock();
        }
    }

    /** Up to {@code n} kept messages with ids below {@code id}, oldest first. */
    public List<Event.Chat> messagesBefore(long id, int n) {
        lock.lock();
        try {
            return history.before(id, n);
        } finally {
            unlock();
        }
    }

    /** The current topic; empty if none. */
    public String topic() {
        lock.lock();
        try {
            return topic;
        } finally {
            unlock();
        }
    }
}
