package chat.server;

import chat.server.protocol.Replies;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The server's shared state: who is online under which nickname, and which rooms exist.
 *
 * <p>A room exists while it has members: it is created by the first join and removed when the last member
 * leaves. A join that races with the removal of the same room retries on a fresh room.
 *
 * <p>A nickname or room name has one or two keys ({@link Names#nickKeys}); it is filed under each, so a
 * name finds whatever shares any of its keys. Several keys must change together, so every change to the
 * maps is made under {@code namesLock}; lookups read the concurrent maps without it.
 *
 * <p>Thread-safe: guarded by {@code namesLock}, a leaf lock (no I/O and no other lock is taken under it);
 * see package-info for the lock order.
 */
public final class Hub {
    public static final String LOBBY = "#lobby";

    private final ServerConfig config;
    private final Clock clock;
    /** Who holds a nickname key, and the nickname they claimed it with (set before the session shows it). */
    private record Holder(ClientSession session, String nick) { }

    private final ReentrantLock namesLock = new ReentrantLock();
    /** Every key of every nickname held. */ // written under namesLock
    private final ConcurrentHashMap<String, Holder> nicks = new ConcurrentHashMap<>();
    /** Every key of every room. */ // written under namesLock
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger online = new AtomicInteger(); // written under namesLock
    private final AtomicInteger roomCount = new AtomicInteger(); // written under namesLock

    private final Moderation moderation;

    Hub(ServerConfig config, Clock clock, Moderation moderation) {
        this.config = config;
        this.clock = clock;
        this.moderation = moderation;
    }

    public Moderation moderation() {
        return moderation;
    }

    public ServerConfig config() {
        return config;
    }

    /** The time zone history timestamps are shown in: the server's. */
    public ZoneId zone() {
        return clock.getZone();
    }

    /** Outcome of claiming a nickname. */
    public sealed interface Claim {
        record Granted() implements Claim { }
        record Invalid(String why) implements Claim { }
        record Taken(String holder) implements Claim { }
        /** Held by a different nickname that looks the same (confusable characters). */
        record LookAlike(String holder) implements Claim { }
    }

    /** Claims {@code nick} for {@code session}, releasing {@code previous} (may be null) on success. */
    public Claim claim(String nick, String previous, ClientSession session) {
        Optional<String> problem = Names.nickProblem(nick);
        if (problem.isPresent()) {
            return new Claim.Invalid(problem.get());
        }
        List<String> keys = Names.nickKeys(nick);
        namesLock.lock();
        try {
            for (String key : keys) {
                Holder holder = nicks.get(key);
                if (holder != null && holder.session() != session) { // the session's own nick: a change of case or form
                    String held = holder.nick();
                    return Names.sameSpelling(held, nick) ? new Claim.Taken(held) : new Claim.LookAlike(held);
                }
            }
            if (previous != null) {
                releaseLocked(previous, session);
            }
            Holder holder = new Holder(session, nick);
            keys.forEach(key -> nicks.put(key, holder));
            online.incrementAndGet();
            return new Claim.Granted();
        } finally {
            namesLock.unlock();
        }
    }

    /** Frees {@code nick} if {@code session} holds it. */
    void release(String nick, ClientSession session) {
        namesLock.lock();
        try {
            releaseLocked(nick, session);
        } finally {
            namesLock.unlock();
        }
    }

    private void releaseLocked(String nick, ClientSession session) {
        for (String key : Names.nickKeys(nick)) {
            Holder holder = nicks.get(key);
            if (holder != null && holder.session() == session) {
                Names.nickKeys(holder.nick()).forEach(k -> nicks.remove(k, holder));
                online.decrementAndGet();
                return;
            }
        }
    }

    public Optional<ClientSession> find(String nick) {
        return Names.nickKeys(nick).stream().map(nicks::get).filter(Objects::nonNull).findFirst()
                .map(Holder::session);
    }

    public int online() {
        return online.get();
    }

    /** Rooms that exist right now. */
    public int roomCount() {
        return roomCount.get();
    }

    /**
     * Puts {@code session} into the room {@code name} (a valid display name), creating the room if needed.
     *
     * @param before the lines the joiner gets before the history replay, computed from the room it joins
     */
    public Room enter(String name, ClientSession session, Function<Room, List<String>> before) {
        while (true) {
            Room room = roomFor(name);
            if (room.add(session, config.historyOnJoin(), before)) {
                return room;
            }
            forget(room); // closed while we looked: make way for a fresh one
        }
    }

    /** The room that {@code name} looks like, or a new one filed under all of its keys. */
    private Room roomFor(String name) {
        namesLock.lock();
        try {
            return room(name).orElseGet(() -> {
                Room room = new Room(name, config.historySize(), clock);
                Names.roomKeys(name).forEach(key -> rooms.put(key, room));
                roomCount.incrementAndGet();
                return room;
            });
        } finally {
            namesLock.unlock();
        }
    }

    /** Takes {@code session} out of {@code room}, removing the room when it is empty. */
    public void exit(Room room, ClientSession session) {
        if (room.remove(session)) {
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

    public Optional<Room> room(String name) {
        return Names.roomKeys(name).stream().map(rooms::get).filter(Objects::nonNull).findFirst();
    }

    /** The active rooms, largest first. */
    public List<Replies.RoomSize> roomSizes() {
        return rooms.values().stream()
                .distinct() // a room is filed under each of its keys
                .map(r -> new Replies.RoomSize(r.name(), r.size()))
                .filter(r -> r.members() > 0)
                .sorted(Comparator.comparingInt(Replies.RoomSize::members).reversed()
                        .thenComparing(Replies.RoomSize::name))
                .toList();
    }

    /** Whether join and leave notices are sent in a room of {@code size} members. */
    public boolean announcesMembership(int size) {
        return size <= config.quietRoomSize();
    }
}
