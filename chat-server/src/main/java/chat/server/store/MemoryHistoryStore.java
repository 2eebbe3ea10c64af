package chat.server.store;

import chat.server.protocol.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * History in memory only (docs/PROTOCOL.md, "History"): each room keeps its last {@code capacity} messages
 * in a ring, dropped when the room empties, as is its topic. Only each room's last id outlives it, so ids
 * never repeat within a server's life even when a room is created again.
 *
 * <p>Thread-safe: the maps are concurrent; each ring has its own lock, a leaf taken under the room's lock
 * by the room and alone by the queries.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private final int capacity;
    private final ConcurrentHashMap<String, Long> lastIds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Ring> open = new ConcurrentHashMap<>();

    /** @param capacity messages kept per room */
    public MemoryHistoryStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public RoomHistory open(String roomKey, String roomName) {
        Ring ring = new Ring(roomKey, lastIds.getOrDefault(roomKey, 0L));
        open.put(roomKey, ring);
        return ring;
    }

    @Override
    public List<Event.Chat> before(String roomKey, long id, int n) {
        Ring ring = open.get(roomKey);
        return ring == null ? List.of() : ring.select(e -> e.id() < id, n);
    }

    @Override
    public Missed missed(String roomKey, long id, int n) {
        Ring ring = open.get(roomKey);
        // The room's own memory is this ring, and ids in memory have no gaps: the room counts.
        return new Missed(-1, ring == null ? List.of() : ring.select(e -> e.id() > id, n));
    }

    @Override
    public List<Event.Chat> search(String roomKey, String words, int n) {
        Ring ring = open.get(roomKey);
        if (ring == null) {
            return List.of();
        }
        List<String> wanted = List.of(words.toLowerCase(Locale.ROOT).split("\\s+"));
        return ring.select(e -> {
            String text = e.text().toLowerCase(Locale.ROOT);
            return wanted.stream().allMatch(text::contains);
        }, n);
    }

    /** One room's ring of recent events. */
    private final class Ring implements RoomHistory {
        private final String key;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Event.Chat> events; // guarded by lock
        private long lastId;                          // guarded by lock
        private String topic = "";                    // guarded by lock

        Ring(String key, long lastId) {
            this.key = key;
            this.lastId = lastId;
            this.events = new ArrayDeque<>(Math.min(capacity, 16));
        }

        @Override
        public long lastId() {
            lock.lock();
            try {
                return lastId;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String topic() {
            lock.lock();
            try {
                return topic;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean append(Event.Chat event) {
            lock.lock();
            try {
                lastId = event.id();
                if (capacity > 0) {
                    if (events.size() == capacity) {
                        events.removeFirst();
                    }
                    events.addLast(event);
                }
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public boolean topicChanged(Event.TopicChanged event) {
            lock.lock();
            try {
                topic = event.topic();
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public List<Event.Chat> last(int n) {
            return select(e -> true, n);
        }

        @Override
        public List<Event.Chat> after(long id) {
            return select(e -> e.id() > id, Integer.MAX_VALUE);
        }

        /** The last {@code n} events that match, oldest first. */
        List<Event.Chat> select(java.util.function.Predicate<Event.Chat> wanted, int n) {
            lock.lock();
            try {
                List<Event.Chat> out = new ArrayList<>();
                var it = events.descendingIterator();
                while (it.hasNext() && out.size() < n) {
                    Event.Chat e = it.next();
                    if (wanted.test(e)) {
                        out.add(e);
                    }
                }
                return out.reversed();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                open.remove(key, this);
                if (lastId > 0) {
                    lastIds.put(key, lastId); // only rooms that spoke: joins alone leave nothing behind
                }
                events.clear();
            } finally {
                lock.unlock();
            }
        }
    }
}
