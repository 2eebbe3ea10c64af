package chat.server.store;

import chat.server.protocol.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * History in memory only (docs/PROTOCOL.md, "History"): each room keeps its last {@code capacity} messages
 * in a ring, dropped when the room empties. Only each room's last id outlives it, so ids never repeat
 * within a server's life even when a room is created again.
 *
 * <p>Thread-safe: the map of last ids is concurrent; each {@link RoomHistory} is confined to its room's lock.
 */
public final class MemoryHistoryStore implements HistoryStore {
    private final int capacity;
    private final ConcurrentHashMap<String, Long> lastIds = new ConcurrentHashMap<>();

    /** @param capacity messages kept per room */
    public MemoryHistoryStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public RoomHistory open(String roomKey) {
        return new Ring(roomKey, lastIds.getOrDefault(roomKey, 0L));
    }

    private final class Ring implements RoomHistory {
        private final String key;
        private final ArrayDeque<Event.Chat> events;
        private long lastId;

        Ring(String key, long lastId) {
            this.key = key;
            this.lastId = lastId;
            this.events = new ArrayDeque<>(Math.min(capacity, 16));
        }

        @Override
        public long lastId() {
            return lastId;
        }

        @Override
        public void append(Event.Chat event) {
            lastId = event.id();
            if (capacity == 0) {
                return;
            }
            if (events.size() == capacity) {
                events.removeFirst();
            }
            events.addLast(event);
        }

        @Override
        public List<Event.Chat> last(int n) {
            int skip = Math.max(0, events.size() - n);
            List<Event.Chat> out = new ArrayList<>(events.size() - skip);
            Iterator<Event.Chat> it = events.iterator();
            for (int i = 0; it.hasNext(); i++) {
                Event.Chat e = it.next();
                if (i >= skip) {
                    out.add(e);
                }
            }
            return out;
        }

        @Override
        public List<Event.Chat> before(long id, int n) {
            List<Event.Chat> older = new ArrayList<>();
            for (Event.Chat e : events) {
                if (e.id() < id) {
                    older.add(e);
                }
            }
            return List.copyOf(older.subList(Math.max(0, older.size() - n), older.size()));
        }

        @Override
        public void close() {
            if (lastId > 0) {
                lastIds.put(key, lastId); // only rooms that spoke: joins alone leave nothing behind
            }
            events.clear();
        }
    }
}
