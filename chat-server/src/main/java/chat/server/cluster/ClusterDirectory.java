package chat.server.cluster;

import chat.server.core.Directory;
import chat.server.core.LocalDirectory;
import chat.server.core.Member;
import chat.server.core.Names;
import chat.server.core.Replay;
import chat.server.core.Room;
import chat.server.core.User;
import chat.server.protocol.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link Directory} of a cluster node: this node's users and rooms ({@link LocalDirectory}) and
 * everyone on the other nodes ({@link Peers}). A nickname's keys are locked cluster-wide on the broker
 * ({@link Bus#lock}) before it is claimed here, so of two nodes claiming one name at once exactly one wins;
 * the look-alike rule holds across nodes because every key of a name is locked, a rename locking the keys
 * it gains and freeing those it loses. While the broker is unreachable, names are checked on this node only.
 *
 * <p>Thread-safe: the local directory and peers are; claims block for broker round trips on the
 * claiming client's thread, holding no lock.
 */
final class ClusterDirectory implements Directory {
    private final LocalDirectory local;
    private final Peers peers;
    private final ClusterNode node;
    /**
     * Serialise the claims and releases of names that share a key, broker round trips included (the one lock
     * here held over I/O, on purpose: a name's local holder and its broker lock must change together, or a
     * release racing a claim of the same name could delete the lock the new holder relies on). Striped by
     * key, so claims of different names go in parallel; a claim takes its stripes in index order.
     */
    private final java.util.concurrent.locks.ReentrantLock[] stripes = new java.util.concurrent.locks.ReentrantLock[64];

    {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new java.util.concurrent.locks.ReentrantLock();
        }
    }

    /** The stripes of {@code keys}, locked in index order; unlock them with {@link #unlock}. */
    private List<java.util.concurrent.locks.ReentrantLock> lock(List<String> keys) {
        List<java.util.concurrent.locks.ReentrantLock> held = keys.stream()
                .mapToInt(k -> Math.floorMod(k.hashCode(), stripes.length)).distinct().sorted()
                .mapToObj(i -> stripes[i]).toList();
        held.forEach(java.util.concurrent.locks.ReentrantLock::lock);
        return held;
    }

    private static void unlock(List<java.util.concurrent.locks.ReentrantLock> held) {
        held.reversed().forEach(java.util.concurrent.locks.ReentrantLock::unlock);
    }

    ClusterDirectory(LocalDirectory local, Peers peers, ClusterNode node) {
        this.local = local;
        this.peers = peers;
        this.node = node;
    }

    LocalDirectory local() {
        return local;
    }

    @Override
    public Claim claim(String nick, String previous, User user) {
        Optional<String> problem = Names.nickProblem(nick);
        if (problem.isPresent()) {
            return new Claim.Invalid(problem.get());
        }
        List<String> keys = Names.nickKeys(nick);
        List<String> old = previous == null ? List.of() : Names.nickKeys(previous);
        List<String> toLock = keys.stream().filter(k -> !old.contains(k)).toList();
        List<String> all = new java.util.ArrayList<>(keys);
        all.addAll(old);
        List<java.util.concurrent.locks.ReentrantLock> held = lock(all);
        try {
            if (!toLock.isEmpty() && node.lock(toLock) == Bus.Lock.TAKEN) {
                String holder = peers.find(nick).map(RemoteUser::nick).orElse(nick);
                return Names.sameSpelling(holder, nick) ? new Claim.Taken(holder) : new Claim.LookAlike(holder);
            }
            Claim here = local.claim(nick, previous, user);
            if (!(here instanceof Claim.Granted)) {
                node.unlock(toLock); // keeps the keys a user here still holds
                return here;
            }
            if (previous != null) {
                node.unlock(old.stream().filter(k -> !keys.contains(k)).toList());
            }
        } finally {
            unlock(held);
        }
        peers.forget(nick, null); // held here now: any entry elsewhere is a ghost of a dead node
        if (previous != null) {
            node.gone(previous);
        }
        node.where(nick, user.presence().room(), user);
        return new Claim.Granted();
    }

    /** Locks {@code nick}'s keys again for the user here who holds it (after the broker was lost). */
    Bus.Lock relock(String nick) {
        List<java.util.concurrent.locks.ReentrantLock> held = lock(Names.nickKeys(nick));
        try {
            return node.lock(Names.nickKeys(nick));
        } finally {
            unlock(held);
        }
    }

    @Override
    public void release(String nick, User user) {
        List<java.util.concurrent.locks.ReentrantLock> held = lock(Names.nickKeys(nick));
        try {
            if (local.find(nick).filter(u -> u == user).isEmpty()) {
                return;
            }
            local.release(nick, user);
            node.unlock(Names.nickKeys(nick));
        } finally {
            unlock(held);
        }
        node.gone(nick);
    }

    @Override
    public Optional<User> find(String nick) {
        Optional<User> here = local.find(nick);
        return here.isPresent() ? here : peers.find(nick).map(u -> u);
    }

    @Override
    public int online() {
        return local.online() + peers.online();
    }

    @Override
    public Room enter(String name, Member member, Replay replay, Function<Room, List<Event>> before) {
        Room room = local.enter(name, member, replay, before);
        if (member instanceof User user) {
            node.where(user.nick(), room.name(), user);
        }
        return room;
    }

    @Override
    public String roomKey(String name) {
        return local.roomKey(name);
    }

    @Override
    public void exit(Room room, Member member) {
        local.exit(room, member);
        if (member instanceof User user) {
            node.where(user.nick(), "", user);
        }
    }

    @Override
    public Optional<Room> room(String name) {
        return local.room(name);
    }

    @Override
    public Optional<Event.Who> who(String name) {
        Optional<Room> here = local.room(name);
        List<String> elsewhere = peers.inRoom(name);
        if (here.isEmpty() && elsewhere.isEmpty()) {
            return Optional.empty();
        }
        List<String> nicks = new ArrayList<>(here.map(Room::nicks).orElse(List.of()));
        nicks.addAll(elsewhere);
        String shown = here.map(Room::name).orElseGet(() -> peers.roomSizes().keySet().stream()
                .filter(r -> Names.sameRoom(r, name)).findFirst().orElse(name));
        return Optional.of(new Event.Who(shown, nicks));
    }

    @Override
    public List<String> names(Room room, int limit) {
        List<String> nicks = new ArrayList<>(room.nicks(limit));
        for (String nick : peers.inRoom(room.name())) {
            if (nicks.size() >= limit) {
                break;
            }
            nicks.add(nick);
        }
        return nicks;
    }

    @Override
    public int size(Room room) {
        return room.size() + peers.inRoom(room.name()).size();
    }

    @Override
    public List<Event.RoomSize> roomSizes() {
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, String> shown = new HashMap<>(); // room key -> the name shown
        for (Event.RoomSize r : local.roomSizes()) {
            String key = Names.roomKeys(r.name()).get(0);
            sizes.merge(key, r.members(), Integer::sum);
            shown.putIfAbsent(key, r.name());
        }
        peers.roomSizes().forEach((name, count) -> {
            String key = Names.roomKeys(name).get(0);
            sizes.merge(key, count, Integer::sum);
            shown.putIfAbsent(key, name);
        });
        return sizes.entrySet().stream()
                .map(e -> new Event.RoomSize(shown.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparingInt(Event.RoomSize::members).reversed()
                        .thenComparing(Event.RoomSize::name))
                .toList();
    }

    @Override
    public int roomCount() {
        return roomSizes().size();
    }
}
