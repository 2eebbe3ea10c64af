package chat.client;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the client was told on the command line.
 *
 * <p>Thread-safe: immutable.
 *
 * @param host        server host
 * @param port        server port
 * @param nick        the nickname to take, or null to ask
 * @param reconnect   whether to reconnect after the connection drops
 * @param firstRetry  delay before the first reconnect attempt; doubles up to {@code maxRetry}
 * @param maxRetry    longest delay between reconnect attempts
 * @param quitTimeout how long to wait for the server to close after {@code /quit}
 * @param tls         whether to speak TLS (the server's certificate and host name are checked)
 * @param truststore  PEM file of the certificates to trust instead of the system's, or null
 */
record ClientConfig(String host, int port, String nick, boolean reconnect, Duration firstRetry, Duration maxRetry,
                    Duration quitTimeout, boolean tls, Path truststore) {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    static final Duration QUIT_TIMEOUT = Duration.ofSeconds(5);

    ClientConfig withPort(int value) {
        return new ClientConfig(host, value, nick, reconnect, firstRetry, maxRetry, quitTimeout, tls, truststore);
    }

    ClientConfig withTls(Path trusted) {
        return new ClientConfig(host, port, nick, reconnect, firstRetry, maxRetry, quitTimeout, true, trusted);
    }
}
