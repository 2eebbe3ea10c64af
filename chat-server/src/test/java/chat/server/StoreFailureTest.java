package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A store that starts failing while the server runs: logged, counted, the rooms told, the chat goes on. */
@Timeout(60)
class StoreFailureTest {
    @TempDir
    Path dir;

    @Test
    void aWriteErrorIsAnnouncedInTheRoomAndTheServerKeepsServing() throws Exception {
        Path data = dir.resolve("data");
        try (TestServer server = TestServer.start(ServerConfig.loopback()
                .withStore(ServerConfig.Store.inMemory().withDataDir(data)))) {
            TestClient alice = server.join("alice");
            TestClient bob = server.join("bob");
            alice.send("kept");
            bob.expectLine("alice: kept");
            breakTheStore(data);
            alice.send("not kept");
            bob.expectLine("alice: not kept"); // delivered at once: the disk never holds up a delivery
            bob.expectLine("*** Storage error: recent messages in #lobby may not have been saved.");
            alice.expectLine("*** Storage error: recent messages in #lobby may not have been saved.");
            assertThat(server.chatServer().services().metrics().storeErrors.sum()).isPositive();
            bob.send("still here?");
            alice.expectLine("bob: still here?");
        }
    }

    /** Another connection takes the messages table away under the server, as a damaged disk would. */
    private static void breakTheStore(Path data) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("chat.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("DROP TRIGGER messages_indexed");
            s.execute("ALTER TABLE messages RENAME TO messages_gone");
        }
    }
}
