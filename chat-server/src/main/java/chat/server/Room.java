package chat.server;

import chat.server.protocol.Replies;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A room: its members, topic and recent history, and the ordered fan-out of its lines.
 *
 * <p>Fan-out: a broadcast is encoded once by the caller and put on the room's pending queue; whichever
 * thread holds {@code lock} delivers pending lines, in queue order, to every member by
 * {@link Outbound#offer} (which never blocks). A sender that finds the lock taken leaves its line for the
 * holder and returns at once, so no sender ever waits for another's fan-out and every member sees the
 * room's lines in one order. Membership, topic and history change only under the same lock, so a joiner
 * gets exactly the history before its join and every live line after it.
 *
 * <p>Thread-safe: {@code members} is an immutable view (read without locking); the rest is guarded by
 * {@code lock}. Lock order: {@code Room.lock} before {@code Outbound.lock}; no I/O under either.
 */
public final class Room {
    /**
     * An immutable view of the members: the first {@code size} slots of {@code array}. A join appends into
     * spare capacity and publishes a new view, so joins cost O(1) amortized; slots below a published size
     * are never written again, which is what makes old views safe to iterate without a lock.
     */
    private record Members(ClientSession[] array, int size) { }

    private static final Members NONE = new Members(new ClientSession[0], 0);

    /** A line waiting for fan-out; {@code except} (may be null) does not receive it. */
    private record Pending(byte[] wire, ClientSession except, Replies.Said said) { }

    private final String name;
    private final int historySize;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile Members members = NONE; // written under lock
    private final ArrayDeque<Replies.Said> history;  // guarded by lock
    private String topic = "";                       // guarded by lock
    private boolean closed;                          // guarded by lock; a closed room takes no members

    Room(String name, int historySize, Clock clock) {
        this.name = name;
        this.historySize = historySize;
        this.clock = clock;
        this.history = new ArrayDeque<>(Math.min(historySize, 16));
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

    /** Sends a user's message to every member and keeps it in the history. */
    public void say(String line) {
        enqueue(new Pending(Replies.encode(line), null, new Replies.Said(clock.instant(), line)));
    }

    /** Sends a server notice to every member except {@code except} (may be null); not kept in history. */
    public void announce(String line, ClientSession except) {
        enqueue(new Pending(Replies.encode(line), except, null));
    }

    private void enqueue(Pending p) {
        pending.add(p);
        deliverIfFree();
    }

    /**
     * Delivers pending lines unless another thread holds the lock. Every holder of the lock calls this
     * right after releasing it ({@link #unlock()}), so a line queued while the lock was held is never
     * left behind: either its sender gets the lock, or the holder sees the line after letting go.
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
            Members snapshot = members;
            ClientSession[] array = snapshot.array();
            for (int i = 0, n = snapshot.size(); i < n; i++) {
                if (array[i] != p.except()) {
                    array[i].outbound().offer(p.wire());
                }
            }
            if (p.said() != null && historySize > 0) {
                if (history.size() == historySize) {
                    history.removeFirst();
                }
                history.addLast(p.said());
            }
        }
    }

    /**
     * Adds {@code session}, first queuing the last {@code replay} messages to it.
     *
     * @param before lines queued to the joiner before the replay (welcome, topic)
     * @return false if the room has closed meanwhile; the caller looks the room up again
     */
    boolean add(ClientSession session, int replay, java.util.function.Function<Room, List<String>> before) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            deliverPending();
            for (String line : before.apply(this)) {
                session.outbound().offer(Replies.encode(line));
            }
            if (replay > 0 && !history.isEmpty()) {
                for (String line : Replies.history(name, lastMessages(replay), clock.getZone())) {
                    session.outbound().offer(Replies.encode(line));
                }
            }
            Members current = members;
            ClientSession[] array = current.array();
            if (current.size() == array.length) {
                array = Arrays.copyOf(array, Math.max(4, array.length * 2));
            }
            array[current.size()] = session;
            members = new Members(array, current.size() + 1);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Removes {@code session}.
     *
     * @return true if the room is now empty and closed; the caller removes it from the hub
     */
    boolean remove(ClientSession session) {
        lock.lock();
        try {
            deliverPending();
            Members current = members;
            int index = indexOf(current, session);
            if (index >= 0) {
                // A fresh array (one slot spare for the next join): old views keep theirs intact.
                ClientSession[] shrunk = new ClientSession[current.size()];
                System.arraycopy(current.array(), 0, shrunk, 0, index);
                System.arraycopy(current.array(), index + 1, shrunk, index, current.size() - index - 1);
                members = current.size() == 1 ? NONE : new Members(shrunk, current.size() - 1);
            }
            closed = members.size() == 0;
            return closed;
        } finally {
            unlock();
        }
    }

    private static int indexOf(Members members, ClientSession session) {
        for (int i = 0; i < members.size(); i++) {
            if (members.array()[i] == session) {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code n} kept messages, oldest first. */
    public List<Replies.Said> lastMessages(int n) {
        lock.lock();
        try {
            List<Replies.Said> all = new ArrayList<>(history);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        } finally {
            unlock();
        }
    }

    public String topic() {
        lock.lock();
        try {
            return topic;
        } finally {
            unlock();
        }
    }

    /** Sets the topic and tells every member, in order with the room's other lines. */
    public void setTopic(String text, String announcement) {
        lock.lock();
        try {
            topic = text;
        } finally {
            unlock();
        }
        announce(announcement, null);
    }
}
