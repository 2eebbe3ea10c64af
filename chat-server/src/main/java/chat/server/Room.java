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
 * <p>Thread-safe: {@code members} is a copy-on-write array (read without locking); the rest is guarded by
 * {@code lock}. Lock order: {@code Room.lock} before {@code Outbound.lock}; no I/O under either.
 */
public final class Room {
    private static final ClientSession[] NONE = new ClientSession[0];

    /** A line waiting for fan-out; {@code except} (may be null) does not receive it. */
    private record Pending(byte[] wire, ClientSession except, Replies.Said said) { }

    private final String name;
    private final int historySize;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private volatile ClientSession[] members = NONE; // written under lock
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
        return members.length;
    }

    /** A snapshot of the members' nicknames, in join order. */
    public List<String> nicks() {
        ClientSession[] snapshot = members;
        List<String> nicks = new ArrayList<>(snapshot.length);
        for (ClientSession s : snapshot) {
            nicks.add(s.nick());
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
        // Whoever holds the lock delivers our line; re-check after it lets go so none is left behind.
        while (!pending.isEmpty() && lock.tryLock()) {
            try {
                deliverPending();
            } finally {
                lock.unlock();
            }
        }
    }

    private void deliverPending() {
        Pending p;
        while ((p = pending.poll()) != null) {
            ClientSession[] snapshot = members;
            for (ClientSession member : snapshot) {
                if (member != p.except()) {
                    member.outbound().offer(p.wire());
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
            ClientSession[] grown = Arrays.copyOf(members, members.length + 1);
            grown[members.length] = session;
            members = grown;
            return true;
        } finally {
            lock.unlock();
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
            ClientSession[] current = members;
            int index = Arrays.asList(current).indexOf(session);
            if (index >= 0) {
                ClientSession[] shrunk = new ClientSession[current.length - 1];
                System.arraycopy(current, 0, shrunk, 0, index);
                System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
                members = shrunk.length == 0 ? NONE : shrunk;
            }
            closed = members.length == 0;
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The last {@code n} kept messages, oldest first. */
    public List<Replies.Said> lastMessages(int n) {
        lock.lock();
        try {
            List<Replies.Said> all = new ArrayList<>(history);
            return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
        } finally {
            lock.unlock();
        }
    }

    public String topic() {
        lock.lock();
        try {
            return topic;
        } finally {
            lock.unlock();
        }
    }

    /** Sets the topic and tells every member, in order with the room's other lines. */
    public void setTopic(String text, String announcement) {
        lock.lock();
        try {
            topic = text;
        } finally {
            lock.unlock();
        }
        announce(announcement, null);
    }
}
