package chat.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the client was told on the command line.
 *
 * <p>Thread-safe: immutable.
 *
 * @param servers     the servers to connect to, in the order they are tried ({@link ServerRotation}); at least one
 * @param nick        the nickname to take, or null to ask
 * @param reconnect   whether to reconnect after the connection drops
 * @param firstRetry  delay before the first reconnect attempt; doubles up to {@code maxRetry}
 * @param maxRetry    longest delay between reconnect attempts
 * @param quitTimeout how long to wait for the server to close after {@code /quit}
 * @param tls         whether to speak TLS (the server's certificate and host name are checked)
 * @param truststore  PEM file of the certificates to trust instead of the system's, or null
 */
record ClientConfig(List<ServerAddress> servers, String nick, boolean reconnect, Duration firstRetry,
                    Duration maxRetry, Duration quitTimeout, boolean tls, Path truststore) {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    static final Duration QUIT_TIMEOUT = Duration.ofSeconds(5);

    ClientConfig {
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers");
        }
    }

    /** One server at {@code host:port}. */
    ClientConfig(String host, int port, String nick, boolean reconnect, Duration firstRetry, Duration maxRetry,
                 Duration quitTimeout, boolean tls, Path truststore) {
        this(List.of(new ServerAddress(host, port)), nick, reconnect, firstRetry, maxRetry, quitTimeout, tls,
                truststore);
    }

    ClientConfig withPort(int value) {
        return withServers(List.of(new ServerAddress(servers.getFirst().host(), value)));
    }

    ClientConfig withServers(List<ServerAddress> value) {
        return new ClientConfig(value, nick, reconnect, firstRetry, maxRetry, quitTimeout, tls, truststore);
    }

    ClientConfig withTls(Path trusted) {
        return new ClientConfig(servers, nick, reconnect, firstRetry, maxRetry, quitTimeout, true, trusted);
    }
}
