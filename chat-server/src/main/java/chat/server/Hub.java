package chat.server;

import chat.server.protocol.Replies;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The server's shared state: who is online under which nickname, and which rooms exist.
 *
 * <p>A room exists while it has members: it is created by the first join and removed when the last member
 * leaves. A join that races with the removal of the same room retries on a fresh room.
 *
 * <p>Thread-safe: both maps are concurrent; nick claims are atomic {@code putIfAbsent}/{@code remove}.
 * Hub holds no lock of its own; see package-info for the lock order.
 */
public final class Hub {
    public static final String LOBBY = "#lobby";

    private final ServerConfig config;
    private final Clock clock;
    /** Who holds a nickname key, and the nickname they claimed it with (set before the session shows it). */
    private record Holder(ClientSession session, String nick) { }

    private final ConcurrentHashMap<String, Holder> nicks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();

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
        String key = Names.nickKey(nick);
        if (previous != null && key.equals(Names.nickKey(previous))) {
            nicks.put(key, new Holder(session, nick)); // a change of case or form only: same key, same holder
            return new Claim.Granted();
        }
        Holder holder = nicks.putIfAbsent(key, new Holder(session, nick));
        if (holder != null) {
            String held = holder.nick();
            return Names.key(held).equals(Names.key(nick)) ? new Claim.Taken(held) : new Claim.LookAlike(held);
        }
        if (previous != null) {
            release(previous, session);
        }
        return new Claim.Granted();
    }

    /** Frees {@code nick} if {@code session} holds it. */
    void release(String nick, ClientSession session) {
        nicks.computeIfPresent(Names.nickKey(nick), (k, h) -> h.session() == session ? null : h);
    }

    public Optional<ClientSession> find(String nick) {
        return Optional.ofNullable(nicks.get(Names.nickKey(nick))).map(Holder::session);
    }

    public int online() {
        return nicks.size();
    }

    /** Rooms that exist right now. */
    public int roomCount() {
        return rooms.size();
    }

    /**
     * Puts {@code session} into the room {@code name} (a valid display name), creating the room if needed.
     *
     * @param before the lines the joiner gets before the history replay, computed from the room it joins
     */
    public Room enter(String name, ClientSession session, Function<Room, List<String>> before) {
        while (true) {
            Room room = rooms.computeIfAbsent(Names.key(name), k -> new Room(name, config.historySize(), clock));
            if (room.add(session, config.historyOnJoin(), before)) {
                return room;
            }
            rooms.remove(Names.key(name), room); // closed while we looked: make way for a fresh one
        }
    }

    /** Takes {@code session} out of {@code room}, removing the room when it is empty. */
    public void exit(Room room, ClientSession session) {
        if (room.remove(session)) {
            rooms.remove(Names.key(room.name()), room);
        }
    }

    public Optional<Room> room(String name) {
        return Optional.ofNullable(rooms.get(Names.key(name)));
    }

    /** The active rooms, largest first. */
    public List<Replies.RoomSize> roomSizes() {
        return rooms.values().stream()
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
