package chat.client;

import java.util.List;

/**
 * Which server to connect to next (docs/PROTOCOL.md, "Failover"): the servers of {@code --servers} in turn,
 * starting with the first. When the server in use fails — a connection lost, refused or never welcomed — the
 * next one in the list is tried at once; only when every server has failed since the last welcome (a full
 * round, the lost one included) does the caller back off before going on. With one server every failure is a
 * full round, so a single server is retried after the back-off, as before failover existed.
 *
 * <p>Not thread-safe: confined to the client's listener thread.
 */
final class ServerRotation {
    private final List<ServerAddress> servers;
    private int current;  // index of the server to use next
    private int failures; // failures since the last welcome or the last full round

    ServerRotation(List<ServerAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers");
        }
        this.servers = List.copyOf(servers);
    }

    /** The server to connect to now. */
    ServerAddress current() {
        return servers.get(current);
    }

    /** Whether there is another server to fail over to. */
    boolean failover() {
        return servers.size() > 1;
    }

    /** The current server welcomed us: it is good, and a later failure starts a new round. */
    void welcomed() {
        failures = 0;
    }

    /**
     * The current server failed: move on to the next one.
     *
     * @return true if that completed a round of failures, so the caller should back off before trying again
     */
    boolean failed() {
        current = (current + 1) % servers.size();
        failures++;
        if (failures < servers.size()) {
            return false;
        }
        failures = 0;
        return true;
    }
}
