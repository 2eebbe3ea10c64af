package chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.server.ServerConfig;
import chat.server.ops.Metrics;
import chat.server.protocol.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SQLite store on a real file, without a server. */
@Timeout(60)
class SqliteStoreTest {
    @TempDir
    Path dir;

    private SqliteStore open() throws Exception {
        return SqliteStore.open(ServerConfig.Store.inMemory().withDataDir(dir), 200,
                new Metrics(() -> 0, () -> 0, () -> 0), (rooms, e) -> { });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "deploy friday|\"deploy\" \"friday\"",
        "\"deploy\" OR NEAR(x)|\"deploy\" \"OR\" \"NEAR\" \"x\"",
        "e.g. café|\"e\" \"g\" \"café\"",
        "***|''"})
    void whatAUserSearchesForIsNeverFtsSyntax(String words, String query) {
        assertThat(SqliteStore.ftsQuery(words)).isEqualTo(query);
    }

    @Test
    void aRoomComesBackWithItsTailIdsAndTopicAndMessagesAreFoundByWord() throws Exception {
        try (SqliteStore store = open()) {
            RoomHistory room = store.open("#dev", "#dev");
            for (int i = 1; i <= 300; i++) {
                assertThat(room.append(new Event.Message(i, "#dev", "bob", "line " + i + (i == 7 ? " deploy!" : ""),
                        Instant.now()))).isTrue();
            }
            assertThat(room.topicChanged(new Event.TopicChanged("#dev", "bob", "ship it", Instant.EPOCH))).isTrue();
            room.close();
        }
        try (SqliteStore store = open()) {
            RoomHistory room = store.open("#dev", "#dev");
            assertThat(room.lastId()).isEqualTo(300);
            assertThat(room.topic()).isEqualTo("ship it");
            assertThat(room.last(3)).extracting(Event.Chat::id).containsExactly(298L, 299L, 300L);
            assertThat(store.before("#dev", 10, 3)).extracting(Event.Chat::id).containsExactly(7L, 8L, 9L);
            assertThat(store.search("#dev", "DEPLOY", 20)).singleElement()
                    .satisfies(e -> assertThat(e.text()).isEqualTo("line 7 deploy!"));
            HistoryStore.Missed missed = store.missed("#dev", 295, 3);
            assertThat(missed.count()).isEqualTo(5);
            assertThat(missed.last()).extracting(Event.Chat::id).containsExactly(298L, 299L, 300L);
        }
    }

    @Test
    void messagesOlderThanTheRetentionAreDeletedInTheBackground() throws Exception {
        try (SqliteStore store = open()) { // --retention-days 30, the default
            RoomHistory room = store.open("#old", "#old");
            room.append(new Event.Message(1, "#old", "bob", "from long ago", Instant.now().minus(Duration.ofDays(31))));
            room.append(new Event.Message(2, "#old", "bob", "from today", Instant.now()));
        }
        try (SqliteStore store = open()) { // what expired while no server ran goes at start
            assertThat(store.before("#old", 10, 10)).extracting(Event.Chat::text).containsExactly("from today");
            assertThat(store.open("#old", "#old").lastId()).as("ids still continue").isEqualTo(2);
        }
    }

    @Test
    @SuppressWarnings("try") // the store is held open, not used
    void theDataDirectoryIsLockedWhileAStoreHasItOpen() throws Exception {
        try (SqliteStore store = open()) {
            assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("in use");
        }
        open().close(); // free again once closed
    }

    @Test
    void aFileThatIsNotAChatDatabaseIsRefusedWithItsName() throws Exception {
        Files.writeString(dir.resolve("chat.db"), "this is not a database, just text long enough to be read");
        assertThatThrownBy(this::open).isInstanceOf(StoreException.class).hasMessageContaining("chat.db");
    }
}
