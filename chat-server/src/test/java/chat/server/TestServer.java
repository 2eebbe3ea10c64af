package chat.server;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A real server on a loopback port for one test, plus the test clients connected to it, all closed
 * together at the end.
 *
 * <p>Thread-safe: used from the test thread only.
 */
final class TestServer implements AutoCloseable {
    private ChatServer server;
    private final List<TestClient> clients = new ArrayList<>();

    private TestServer(ChatServer server) {
        this.server = server;
    }

    static TestServer start(ServerConfig config) throws IOException {
        return new TestServer(ChatServer.start(config));
    }

    static TestServer start(ServerConfig config, Clock clock) throws IOException {
        return new TestServer(ChatServer.start(config, clock));
    }

    /** Replaces the running server with one started from {@code config}. */
    void restart(ServerConfig config) throws IOException {
        server.close();
        server = ChatServer.start(config);
    }

    ChatServer chatServer() {
        return server;
    }

    int port() {
        return server.port();
    }

    /** A client that completed the handshake as {@code nick}. */
    TestClient join(String nick) throws IOException {
        return track(TestClient.join(port(), nick));
    }

    /** A client in JSON mode that completed the handshake as {@code nick}. */
    TestClient joinJson(String nick) throws IOException {
        return track(TestClient.joinJson(port(), nick));
    }

    /** A connected client that has not answered {@code NICK} yet. */
    TestClient connect() throws IOException {
        return track(TestClient.connect(port()));
    }

    /** Closes {@code client} with the others at the end. */
    TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (TestClient c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        server.close();
        if (failure != null) {
            throw failure;
        }
    }
}
