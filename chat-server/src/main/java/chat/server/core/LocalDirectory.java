package chat.server.core;

import chat.server.protocol.Event;
import chat.server.store.HistoryStore;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@link Directory} of one server process: nicknames and rooms in two concurrent maps.
 *
 * <p>A room exists while it has members: it is created by the first join and removed when the last member
 * leaves. A join that races with the removal of the same room retries on a fresh room.
 *
 * <p>A nickname or room name has one or two keys ({@link Names#nickKeys}); it is filed under each, so a
 * name finds whatever shares any of its keys. Several keys must change together, so every change to the
 * maps is made under {@code namesLock}; lookups read the concurrent maps without it. A room's history is
 * stored under its first key.
 *
 * <p>Thread-safe: guarded by {@code namesLock}, a leaf lock (no I/O and no other lock is taken under it);
 * see the server's package-info for the lock order.
 */
public final class LocalDirectory implements Directory {
    /** Who holds a nickname, and the nickname they claimed it with (set before the user shows it). */
    private record Holder(User user, String nick) { }

    private final ReentrantLock namesLock = new ReentrantLock();
    /** Every key of every nickname held. */ // written under namesLock
    private final ConcurrentHashMap<String, Holder> nicks = new ConcurrentHashMap<>();
    /** Every key of every room. */ // written under namesLock
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger online = new AtomicInteger();    // written under namesLock
    private final AtomicInteger roomCount = new AtomicInteger(); // written under namesLock
    private final HistoryStore store;

    /** @param store where each room's history lives */
    public LocalDirectory(HistoryStore store) {
        this.store = store;
    }

    @Override
    public Claim claim(String nick, String previous, User user) {
        Optional<String> problem = Names.nickProblem(nick);
        if (problem.isPresent()) {
            return new Claim.Invalid(problem.get());
        }
        List<String> keys = Names.nickKeys(nick);
        namesLock.lock();
        try {
            for (String key : keys) {
                Holder holder = nicks.get(key);
                if (holder != null && holder.user() != user) { // the user's own nick: a change of case or form
                    String held = holder.nick();
                    return Names.sameSpelling(held, nick) ? new Claim.Taken(held) : new Claim.LookAlike(held);
                }
            }
            if (previous != null) {
                releaseLocked(previous, user);
            }
            Holder holder = new Holder(user, nick);
            keys.forEach(key -> nicks.put(key, holder));
            online.incrementAndGet();
            return new Claim.Granted();
        } finally {
            namesLock.unlock();
        }
    }

    @Override
    public void release(String nick, User user) {
        namesLock.lock();
        try {
            releaseLocked(nick, user);
        } finally {
            namesLock.unlock();
        }
    }

    private void releaseLocked(String nick, User user) {
        for (String key : Names.nickKeys(nick)) {
            Holder holder = nicks.get(key);
            if (holder != null && holder.user() == user) {
                Names.nickKeys(holder.nick()).forEach(k -> nicks.remove(k, holder));
                online.decrementAndGet();
                return;
            }
        }
    }

    /** Whether someone here holds a nickname with the key {@code key} ({@link Names#nickKeys}). */
    public boolean holdsKey(String key) {
        return nicks.containsKey(key);
    }

    /** Everyone holding a nickname here, with the nickname they claimed. */
    public java.util.Map<String, User> users() {
        java.util.Map<String, User> users = new java.util.HashMap<>();
        nicks.values().forEach(h -> users.put(h.nick(), h.user()));
        return users;
    }

    @Override
    public Optional<User> find(String nick) {
        return Names.nickKeys(nick).stream().map(nicks::get).filter(Objects::nonNull).findFirst().map(Holder::user);
    }

    @Override
    public int online() {
        return online.get();
    }

    @Override
    public int roomCount() {
        return roomCount.get();
    }

    @Override
    public Room enter(String name, Member member, Replay replay, Function<Room, List<Event>> before) {
        while (true) {
            Room room = roomFor(name);
            if (room.add(member, replay, before)) {
                return room;
            }
            forget(room); // closed while we looked: make way for a fresh one
        }
    }

    /** The room that {@code name} looks like, or a new one filed under all of its keys. */
    private Room roomFor(String name) {
        Optional<Room> existing = room(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        namesLock.lock();
        try {
            return room(name).orElseGet(() -> {
                List<String> keys = Names.roomKeys(name);
                Room room = new Room(name, keys.get(0), store);
                keys.forEach(key -> rooms.put(key, room));
                roomCount.incrementAndGet();
                return room;
            });
        } finally {
            namesLock.unlock();
        }
    }

    @Override
    public void exit(Room room, Member member) {
        if (room.remove(member)) {
            forget(room);
        }
    }

    private void forget(Room room) {
        namesLock.lock();
        try {
            boolean filed = false;
            for (String key : Names.roomKeys(room.name())) {
                filed |= rooms.remove(key, room);
            }
            if (filed) {
                roomCount.decrementAndGet();
            }
        } finally {
            namesLock.unlock();
        }
    }

    /**
     * The room called {@code name} if it exists here; if not, keeps {@code event} (numbered by the cluster's
     * log) in that room's history without a room, under the names lock so no room of that name comes into
     * being meanwhile. A full store is waited for outside the lock (up to 10 s, then the event is logged as
     * not kept here).
     */
    public Optional<Room> roomOrKeep(String name, Event event) {
        Optional<Room> existing = room(name);
        if (existing.isPresent()) {
            return existing;
        }
        List<Room> found = new java.util.ArrayList<>(1);
        Room.keepWaiting(() -> {
            namesLock.lock();
            try {
                Optional<Room> now = room(name);
                now.ifPresent(found::add);
                return now.isPresent() || Room.keepWithoutRoom(store, Names.roomKeys(name).get(0), name, event);
            } finally {
                namesLock.unlock(); // a full store is waited for with the lock let go
            }
        }, event, name);
        return found.stream().findFirst();
    }

    @Override
    public String roomKey(String name) {
        return room(name).map(Room::key).orElseGet(() -> Names.roomKeys(name).get(0));
    }

    @Override
    public Optional<Room> room(String name) {
        return Names.roomKeys(name).stream().map(rooms::get).filter(Objects::nonNull).findFirst();
    }

    @Override
    public List<Event.RoomSize> roomSizes() {
        return rooms.values().stream()
                .distinct() // a room is filed under each of its keys
                .map(r -> new Event.RoomSize(r.name(), r.size()))
                .filter(r -> r.members() > 0)
                .sorted(Comparator.comparingInt(Event.RoomSize::members).reversed()
                        .thenComparing(Event.RoomSize::name))
                .toList();
    }
}
