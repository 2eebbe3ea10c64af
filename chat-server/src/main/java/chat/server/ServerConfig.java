package chat.server;

import java.time.Duration;

/**
 * Everything the server can be told at start, validated. Defaults are in {@link #defaults()} and
 * documented in README.md; every limit here is a command-line option of {@link ChatServerMain}.
 *
 * <p>Thread-safe: immutable.
 *
 * @param host              address to listen on
 * @param port              TCP port; 0 picks a free one
 * @param maxClients        connections served at once; one more is refused with a notice
 * @param maxLineBytes      longest accepted input line in bytes, line end excluded
 * @param handshakeTimeout  time a new connection has to choose a valid nickname
 * @param sendQueueBytes    bytes that may wait for one slow client before it is disconnected
 * @param quietRoomSize     join/leave notices are not sent in rooms with more members than this
 * @param historySize       messages each room keeps in memory
 * @param historyOnJoin     messages replayed to a client that joins a room
 * @param shutdownGrace     how long {@link ChatServer#close()} lets clients receive their last lines
 */
public record ServerConfig(
        String host,
        int port,
        int maxClients,
        int maxLineBytes,
        Duration handshakeTimeout,
        int sendQueueBytes,
        int quietRoomSize,
        int historySize,
        int historyOnJoin,
        Duration shutdownGrace) {

    public static final int DEFAULT_PORT = 55555;

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        requireRange("port", port, 0, 65535);
        requireRange("max-clients", maxClients, 1, Integer.MAX_VALUE);
        requireRange("max-line", maxLineBytes, 16, 1 << 20);
        requirePositive("handshake-timeout", handshakeTimeout);
        requireRange("send-queue", sendQueueBytes, 1024, Integer.MAX_VALUE);
        requireRange("quiet-room-size", quietRoomSize, 0, Integer.MAX_VALUE);
        requireRange("history", historySize, 0, 1_000_000);
        requireRange("history-on-join", historyOnJoin, 0, Integer.MAX_VALUE);
        if (historyOnJoin > historySize) {
            historyOnJoin = historySize;
        }
        requirePositive("shutdown-grace", shutdownGrace);
    }

    /** The defaults: port 55555 on every interface. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", DEFAULT_PORT, 10_000, 4096, Duration.ofSeconds(30),
                1 << 20, 200, 200, 20, Duration.ofSeconds(2));
    }

    /** The defaults on loopback with a free port: what tests start from. */
    public static ServerConfig loopback() {
        return defaults().withHost("127.0.0.1").withPort(0);
    }

    public ServerConfig withHost(String value) {
        return new ServerConfig(value, port, maxClients, maxLineBytes, handshakeTimeout, sendQueueBytes,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, maxClients, maxLineBytes, handshakeTimeout, sendQueueBytes,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withMaxClients(int value) {
        return new ServerConfig(host, port, value, maxLineBytes, handshakeTimeout, sendQueueBytes,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withMaxLineBytes(int value) {
        return new ServerConfig(host, port, maxClients, value, handshakeTimeout, sendQueueBytes,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withHandshakeTimeout(Duration value) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, value, sendQueueBytes,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withSendQueueBytes(int value) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, handshakeTimeout, value,
                quietRoomSize, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withQuietRoomSize(int value) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, handshakeTimeout, sendQueueBytes,
                value, historySize, historyOnJoin, shutdownGrace);
    }

    public ServerConfig withHistory(int size, int onJoin) {
        return new ServerConfig(host, port, maxClients, maxLineBytes, handshakeTimeout, sendQueueBytes,
                quietRoomSize, size, onJoin, shutdownGrace);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "--" + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
    }
}
