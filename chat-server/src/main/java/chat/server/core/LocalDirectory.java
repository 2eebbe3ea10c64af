package chat.server.core;

import chat.server.protocol.Event;
import chat.server.store.HistoryStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The {@link Directory} of one server process: nicknames and rooms in two concurrent maps.
 *
 * <p>A room exists while it has members: it is created by the first join and removed when the last member
 * leaves. A join that races with the removal of the same room retries on a fresh room.
 *
 * <p>Thread-safe: both maps are concurrent; nick claims are atomic {@code putIfAbsent}/{@code remove}. No
 * lock of its own; see the server's package-info for the lock order.
 */
public final class LocalDirectory implements Directory {
    /** Who holds a nickname key, and the nickname they claimed it with (set before the user shows it). */
    private record Holder(User user, String nick) { }

    private final ConcurrentHashMap<String, Holder> nicks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final HistoryStore store;
    private final int replayOnJoin;

    /**
     * @param store        where each room's history lives
     * @param replayOnJoin messages replayed to whoever enters a room
     */
    public LocalDirectory(HistoryStore store, int replayOnJoin) {
        this.store = store;
        this.replayOnJoin = replayOnJoin;
    }

    @Override
    public Claim claim(String nick, String previous, User user) {
        Optional<String> problem = Names.nickProblem(nick);
        if (problem.isPresent()) {
            return new Claim.Invalid(problem.get());
        }
        String key = Names.nickKey(nick);
        if (previous != null && key.equals(Names.nickKey(previous))) {
            nicks.put(key, new Holder(user, nick)); // a change of case or form only: same key, same holder
            return new Claim.Granted();
        }
        Holder holder = nicks.putIfAbsent(key, new Holder(user, nick));
        if (holder != null) {
            String held = holder.nick();
            return Names.key(held).equals(Names.key(nick)) ? new Claim.Taken(held) : new Claim.LookAlike(held);
        }
        if (previous != null) {
            release(previous, user);
        }
        return new Claim.Granted();
    }

    @Override
    public void release(String nick, User user) {
        nicks.computeIfPresent(Names.nickKey(nick), (k, h) -> h.user() == user ? null : h);
    }

    @Override
    public Optional<User> find(String nick) {
        return Optional.ofNullable(nicks.get(Names.nickKey(nick))).map(Holder::user);
    }

    @Override
    public int online() {
        return nicks.size();
    }

    @Override
    public int roomCount() {
        return rooms.size();
    }

    @Override
    public Room enter(String name, Member member, Function<Room, List<Event>> before) {
        while (true) {
            Room room = rooms.computeIfAbsent(Names.key(name), k -> new Room(name, store.open(k)));
            if (room.add(member, replayOnJoin, before)) {
                return room;
            }
            rooms.remove(Names.key(name), room); // closed while we looked: make way for a fresh one
        }
    }

    @Override
    public void exit(Room room, Member member) {
        if (room.remove(member)) {
            rooms.remove(Names.key(room.name()), room);
        }
    }

    @Override
    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(Names.key(name)));
    }

    @Override
    public List<Event.RoomSize> roomSizes() {
        return rooms.values().stream()
                .map(r -> new Event.RoomSize(r.name(), r.size()))
                .filter(r -> r.members() > 0)
                .sorted(Comparator.comparingInt(Event.RoomSize::members).reversed()
                        .thenComparing(Event.RoomSize::name))
                .toList();
    }
}
