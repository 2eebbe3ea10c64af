package chat.server.cluster;

import chat.server.core.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The other nodes of the cluster and who is on each, as their signals tell: for {@code /who}, {@code /rooms},
 * {@code /msg}, {@code /whois} and the welcome's count. A node not heard from for the loss timeout is lost:
 * its users are gone.
 *
 * <p>Thread-safe: concurrent maps; each node's users are replaced or changed as a whole map entry.
 */
final class Peers {
    /** One other node: when it was last heard from, and its users by nickname. */
    private static final class Node {
        volatile long heardNanos;
        final ConcurrentHashMap<String, RemoteUser> users = new ConcurrentHashMap<>();
    }

    private final String self;
    private final Consumer<Wire.Signal> signals;
    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();

    /** @param signals how a {@link RemoteUser} reaches its node */
    Peers(String self, Consumer<Wire.Signal> signals) {
        this.self = self;
        this.signals = signals;
    }

    /** Notes that {@code node} is alive; true if it was not known (new, or lost before). */
    boolean heard(String node, long now) {
        if (node.equals(self)) {
            return false;
        }
        boolean[] fresh = {false};
        nodes.computeIfAbsent(node, n -> {
            fresh[0] = true;
            return new Node();
        }).heardNanos = now;
        return fresh[0];
    }

    void state(String node, List<Wire.UserInfo> users, long now) {
        if (node.equals(self)) {
            return;
        }
        heard(node, now);
        Node n = nodes.get(node);
        if (n == null) {
            return;
        }
        n.users.clear();
        users.forEach(u -> {
            forget(u.nick(), node);
            n.users.put(u.nick(), new RemoteUser(node, u, signals));
        });
    }

    void where(String node, Wire.UserInfo user, long now) {
        if (node.equals(self)) {
            return;
        }
        heard(node, now);
        Node n = nodes.get(node);
        if (n != null) {
            forget(user.nick(), node);
            n.users.put(user.nick(), new RemoteUser(node, user, signals));
        }
    }

    /**
     * Forgets {@code nick} on every node but {@code holder} (null: on every node): a nickname is locked
     * cluster-wide, so whoever holds it now has it, and an entry elsewhere is the ghost of someone whose node
     * died (they reconnected before it was declared lost). Without this the ghost would leave the rooms
     * with "node lost" after its owner came back.
     */
    void forget(String nick, String holder) {
        nodes.forEach((name, n) -> {
            if (!name.equals(holder)) {
                n.users.remove(nick);
            }
        });
    }

    void gone(String node, String nick) {
        Node n = nodes.get(node);
        if (n != null) {
            n.users.remove(nick);
        }
    }

    /** Forgets {@code node}; its users, for the leave notices. */
    List<RemoteUser> drop(String node) {
        Node n = nodes.remove(node);
        return n == null ? List.of() : List.copyOf(n.users.values());
    }

    /** Drops every node not heard from since {@code deadline}; their users. */
    List<RemoteUser> expire(long deadline) {
        List<RemoteUser> lost = new ArrayList<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            if (e.getValue().heardNanos - deadline < 0 && nodes.remove(e.getKey(), e.getValue())) {
                lost.addAll(e.getValue().users.values());
            }
        }
        return lost;
    }

    /** The user online elsewhere as {@code nick} or a look-alike of it. */
    Optional<RemoteUser> find(String nick) {
        List<String> keys = Names.nickKeys(nick);
        for (Node n : nodes.values()) {
            RemoteUser exact = n.users.get(nick);
            if (exact != null) {
                return Optional.of(exact);
            }
            for (RemoteUser u : n.users.values()) {
                if (Names.nickKeys(u.nick()).stream().anyMatch(keys::contains)) {
                    return Optional.of(u);
                }
            }
        }
        return Optional.empty();
    }

    /** The nicknames of users elsewhere in the room {@code room}, sorted. */
    List<String> inRoom(String room) {
        List<String> nicks = new ArrayList<>();
        for (Node n : nodes.values()) {
            for (RemoteUser u : n.users.values()) {
                if (!u.info().room().isEmpty() && Names.sameRoom(u.info().room(), room)) {
                    nicks.add(u.nick());
                }
            }
        }
        nicks.sort(String.CASE_INSENSITIVE_ORDER);
        return nicks;
    }

    /** How many users elsewhere are in each room, by the room's name. */
    Map<String, Integer> roomSizes() {
        Map<String, Integer> sizes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Node n : nodes.values()) {
            for (RemoteUser u : n.users.values()) {
                if (!u.info().room().isEmpty()) {
                    sizes.merge(u.info().room(), 1, Integer::sum);
                }
            }
        }
        return sizes;
    }

    int online() {
        return nodes.values().stream().mapToInt(n -> n.users.size()).sum();
    }

    /** The other nodes heard from. */
    int count() {
        return nodes.size();
    }
}
