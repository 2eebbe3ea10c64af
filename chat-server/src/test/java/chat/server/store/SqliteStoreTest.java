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
    void anImageIsKeptWithItsUrlNameAndSizeAndFoundByItsFileName() throws Exception {
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        Event.Image image = new Event.Image(2, "#dev", "alice", "http://chat.lan:8080/i/ab.png", "cat photo.png", 48213, t);
        try (SqliteStore store = open()) {
            RoomHistory room = store.open("#dev", "#dev");
            room.append(new Event.Message(1, "#dev", "bob", "look", t));
            room.append(image);
            room.append(new Event.Action(3, "#dev", "bob", "smiles", t));
            room.close();
        }
        try (SqliteStore store = open()) {
            assertThat(store.open("#dev", "#dev").last(2)).containsExactly(image, new Event.Action(3, "#dev", "bob",
                    "smiles", t));
            assertThat(store.before("#dev", 3, 5)).extracting(Event.Chat::id).containsExactly(1L, 2L);
            assertThat(store.missed("#dev", 1, 5).last()).first().isEqualTo(image);
            assertThat(store.search("#dev", "cat", 5)).containsExactly(image);
        }
    }

    @Test
    void aFileOfTheFirstSchemaOpensWithItsMessagesAndThenKeepsImages() throws Exception {
        Files.createDirectories(dir);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
             java.sql.Statement s = c.createStatement()) {
            // The tables as schema 1 made them (no images), with a message and an action.
            s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("INSERT INTO meta VALUES ('schema', '1'), ('running', '0')");
            s.execute("CREATE TABLE rooms(key TEXT PRIMARY KEY, name TEXT NOT NULL, topic TEXT NOT NULL DEFAULT '',"
                    + " last_id INTEGER NOT NULL DEFAULT 0)");
            s.execute("CREATE TABLE messages(seq INTEGER PRIMARY KEY, room TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " action INTEGER NOT NULL, nick TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL)");
            s.execute("CREATE UNIQUE INDEX messages_by_room ON messages(room, id)");
            s.execute("CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='seq',"
                    + " detail=none)");
            s.execute("CREATE TRIGGER messages_indexed AFTER INSERT ON messages BEGIN"
                    + " INSERT INTO messages_fts(rowid, text) VALUES (new.seq, new.text); END");
            long now = Instant.now().toEpochMilli();
            s.execute("INSERT INTO rooms VALUES ('#dev', '#Dev', 'old topic', 2)");
            s.execute("INSERT INTO messages(room, id, action, nick, text, ts) VALUES ('#dev', 1, 0, 'bob', 'hello', "
                    + now + "), ('#dev', 2, 1, 'bob', 'waves', " + now + ")");
        }
        Instant t = Instant.now();
        try (SqliteStore store = open()) {
            RoomHistory room = store.open("#dev", "#Dev");
            assertThat(room.lastId()).isEqualTo(2);
            assertThat(room.topic()).isEqualTo("old topic");
            assertThat(room.last(2)).extracting(e -> e.getClass().getSimpleName() + " " + e.text())
                    .containsExactly("Message hello", "Action waves");
            room.append(new Event.Image(3, "#Dev", "alice", "http://h:8080/i/ab.png", "cat.png", 10, t));
        }
        try (SqliteStore store = open()) {
            assertThat(store.before("#dev", 10, 10)).extracting(e -> e.getClass().getSimpleName() + " " + e.text())
                    .containsExactly("Message hello", "Action waves", "Image cat.png");
            assertThat(store.search("#dev", "hello", 5)).extracting(Event.Chat::id).containsExactly(1L);
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
