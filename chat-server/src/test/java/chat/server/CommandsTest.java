package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rooms, commands, private messages and history, as a netcat user would use them. */
@Timeout(60)
class CommandsTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-01T12:34:00Z"), ZoneOffset.UTC);

    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(ServerConfig.loopback().withHistory(5, 3), NOON);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private TestClient join(String nick) throws IOException {
        return server.join(nick);
    }

    @Test
    void joinMovesToAnotherRoomAndBothRoomsAreTold() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient carol = join("carol");
        carol.send("/join dev");
        carol.expectLine("*** You are in #dev, nobody else is here yet.");
        alice.expectLine("*** carol left #lobby");
        bob.send("/join #DEV");
        bob.expectLine("*** You are in #dev with 1 other.");
        bob.expectLine("*** Here: carol");
        carol.expectLine("*** bob joined #dev");
        alice.expectLine("*** bob left #lobby");
    }

    @Test
    void roomsAreIsolated() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("/join dev");
        alice.expectLine("*** bob left #lobby");
        bob.send("only for dev");
        bob.expectLine("bob: only for dev");
        alice.send("only for lobby");
        alice.expectLine("alice: only for lobby");
        alice.assertNoLine(QUIET);
        bob.assertNoLine(QUIET);
    }

    @Test
    void lookAlikeRoomNamesLeadToTheSameRoomAndInvisibleOnesAreRefused() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        alice.expectLine("*** bob joined #lobby");
        bob.send("/join dev");
        alice.expectLine("*** bob left #lobby");
        for (String lookAlike : List.of("#l\u043Ebby", "#1obby", "#I0bby", "#LOBBY")) { // Cyrillic о in the first
            bob.send("/join " + lookAlike);
            bob.expectLine("*** You are in #lobby with 1 other.");
            alice.expectLine("*** bob joined #lobby");
            bob.send("/join dev");
            alice.expectLine("*** bob left #lobby");
        }
        bob.send("/join #lobby\u3164");
        bob.expectLine(l -> l.startsWith("*** Invalid room name #lobby\u3164"));
        alice.send("/join #1obby");
        alice.expectLine("*** You are already in #lobby.");
        alice.send("/rooms");
        alice.expectLine("*** 2 rooms:");
    }

    @Test
    void joinRefusesInvalidNamesAndTheCurrentRoom() throws IOException {
        TestClient alice = join("alice");
        alice.send("/join bad!name");
        alice.expectLine(l -> l.startsWith("*** Invalid room name bad!name"));
        alice.send("/join #Lobby");
        alice.expectLine("*** You are already in #lobby.");
        alice.send("/join");
        alice.expectLine("*** Usage: /join <room> - leave this room and enter <room> (created if new)");
    }

    @Test
    void roomsListsActiveRoomsWithSizesAndEmptyRoomsVanish() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("/join dev");
        bob.expectLine("*** You are in #dev, nobody else is here yet.");
        alice.send("/rooms");
        alice.expectLine("*** 2 rooms:");
        assertThat(alice.nextLine()).isEqualTo("***   #dev (1)");
        assertThat(alice.nextLine()).isEqualTo("***   #lobby (1) <- you are here");
        bob.send("/join lobby");
        bob.expectLine("*** You are in #lobby with 1 other.");
        alice.send("/rooms");
        alice.expectLine("*** 1 room:");
        assertThat(alice.nextLine()).isEqualTo("***   #lobby (2) <- you are here");
    }

    @Test
    void whoListsTheCurrentOrANamedRoom() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("/join dev");
        bob.expectLine("*** You are in #dev, nobody else is here yet.");
        alice.send("/who");
        alice.expectLine("*** #lobby has 1 member:");
        assertThat(alice.nextLine()).isEqualTo("***   alice");
        alice.send("/who dev");
        alice.expectLine("*** #dev has 1 member:");
        assertThat(alice.nextLine()).isEqualTo("***   bob");
        alice.send("/who #nowhere");
        alice.expectLine("*** No room #nowhere.");
    }

    @Test
    void nickRenamesAndTheRoomIsTold() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        bob.send("/nick robert");
        alice.expectLine("*** bob is now known as robert");
        bob.expectLine("*** bob is now known as robert");
        bob.send("hi");
        alice.expectLine("robert: hi");
        TestClient bob2 = join("bob"); // the old nick is free again
        bob2.send("/nick ALICE");
        bob2.expectLine("*** Nickname ALICE is taken, choose another.");
        bob2.send("/nick no way");
        bob2.expectLine("*** Usage: /nick <new> - change your nickname");
        bob2.send("/nick bad!");
        bob2.expectLine(l -> l.startsWith("*** Invalid nickname: "));
        bob2.send("/nick BOB");
        bob2.expectLine("*** bob is now known as BOB");
        bob2.send("/nick BOB");
        bob2.expectLine("*** You are already BOB.");
    }

    @Test
    void renamesRacingForOneNickGiveItToExactlyOne() throws Exception {
        int racers = 8;
        List<TestClient> all = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            all.add(join("racer" + i));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (TestClient c : all) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    c.send("/nick winner");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        int refused = 0;
        for (TestClient c : all) {
            c.send("/help marker"); // its reply follows the reply to /nick
            while (true) {
                String line = c.nextLine();
                if (line.equals("*** Unknown command /marker. Type /help for the list.")) {
                    break;
                }
                refused += line.equals("*** Nickname winner is taken, choose another.") ? 1 : 0;
            }
        }
        assertThat(refused).isEqualTo(racers - 1);
        all.get(0).send("/who");
        all.get(0).expectLine("*** #lobby has 8 members:");
        String names = all.get(0).nextLine();
        assertThat(names.split("winner", -1)).hasSize(2); // exactly one holder
    }

    @Test
    void renameRacingWithJoinsNeverDuplicatesANick() throws Exception {
        TestClient alice = join("alice");
        Thread renamer = Thread.ofVirtual().start(() -> {
            try {
                alice.send("/nick zed");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        TestClient other = server.connect();
        other.expectLine("NICK");
        other.send("zed");
        String answer = other.expectLine(l -> l.startsWith("*** Welcome, zed!") || l.startsWith("*** Nickname zed is taken"));
        renamer.join();
        String aliceAnswer = alice.expectLine(
                l -> l.startsWith("*** Nickname zed") || l.equals("*** alice is now known as zed"));
        if (answer.startsWith("*** Welcome")) {
            assertThat(aliceAnswer).isEqualTo("*** Nickname zed is taken, choose another.");
        } else {
            assertThat(aliceAnswer).isEqualTo("*** alice is now known as zed");
        }
    }

    @Test
    void privateMessagesReachTheRecipientInAnyRoom() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        TestClient carol = join("carol");
        bob.send("/join dev");
        bob.expectLine("*** You are in #dev, nobody else is here yet.");
        alice.send("/msg BOB psst, over here");
        bob.expectLine("[DM from alice] psst, over here");
        alice.expectLine("[DM to bob] psst, over here");
        carol.expectLine("*** bob left #lobby");
        carol.assertNoLine(QUIET);
        alice.send("/msg nobody hello");
        alice.expectLine("*** No one called nobody is online.");
        alice.send("/msg bob");
        alice.expectLine("*** Usage: /msg <nick> <text> - send a private message");
    }

    @Test
    void meShowsAnAction() throws IOException {
        TestClient alice = join("alice");
        TestClient bob = join("bob");
        alice.send("/me waves");
        bob.expectLine("* alice waves");
        alice.expectLine("* alice waves");
    }

    @Test
    void topicIsSetShownAndGivenToJoiners() throws IOException {
        TestClient alice = join("alice");
        alice.send("/topic");
        alice.expectLine("*** No topic is set for #lobby.");
        alice.send("/topic Release day!");
        alice.expectLine("*** alice set the topic of #lobby to: Release day!");
        alice.send("/topic");
        alice.expectLine("*** Topic of #lobby: Release day!");
        TestClient bob = join("bob");
        bob.expectLine("*** Topic of #lobby: Release day!");
    }

    @Test
    void historyIsReplayedOnJoinFramedAndTimed() throws IOException {
        TestClient alice = join("alice");
        for (int i = 1; i <= 6; i++) {
            alice.send("message " + i);
            alice.expectLine("alice: message " + i);
        }
        TestClient bob = join("bob");
        bob.expectLine("*** History of #lobby, last 3 messages:");
        assertThat(bob.nextLine()).isEqualTo("[12:34] alice: message 4");
        assertThat(bob.nextLine()).isEqualTo("[12:34] alice: message 5");
        assertThat(bob.nextLine()).isEqualTo("[12:34] alice: message 6");
        assertThat(bob.nextLine()).isEqualTo("*** End of history.");
        alice.send("live");
        assertThat(bob.nextLine()).isEqualTo("alice: live");
    }

    @Test
    void historyCommandShowsUpToWhatIsKept() throws IOException {
        TestClient alice = join("alice");
        alice.send("/history");
        alice.expectLine("*** No messages in #lobby yet.");
        for (int i = 1; i <= 7; i++) {
            alice.send("m" + i);
            alice.expectLine("alice: m" + i);
        }
        alice.send("/history 2");
        alice.expectLine("*** History of #lobby, last 2 messages:");
        assertThat(alice.nextLine()).isEqualTo("[12:34] alice: m6");
        assertThat(alice.nextLine()).isEqualTo("[12:34] alice: m7");
        assertThat(alice.nextLine()).isEqualTo("*** End of history.");
        alice.send("/history 100");
        alice.expectLine("*** History of #lobby, last 5 messages:");
        alice.send("/history none");
        alice.expectLine("*** Usage: /history [before <id>] [n] - show the room's last n messages (default 20), or those before message <id>");
    }

    @Test
    void joinAndLeaveNoticesAreSilentInBigRooms() throws IOException {
        server.restart(ServerConfig.loopback().withQuietRoomSize(2));
        TestClient alice = join("alice");
        join("bob");
        alice.expectLine("*** bob joined #lobby");
        TestClient carol = join("carol");
        alice.assertNoLine(QUIET);
        carol.send("hi");
        alice.expectLine("carol: hi");
    }

    @Test
    void helpListsEveryCommandAndExplainsOne() throws IOException {
        TestClient alice = join("alice");
        alice.send("/help");
        alice.expectLine(l -> l.startsWith("*** Commands"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < chat.server.protocol.CommandTable.available(false).size(); i++) {
            lines.add(alice.nextLine());
        }
        assertThat(lines).allMatch(l -> l.startsWith("***   /"));
        assertThat(String.join("\n", lines)).contains("/join", "/rooms", "/who", "/nick", "/msg", "/me", "/topic",
                "/history", "/search", "/resume", "/help", "/quit")
                .doesNotContain("/oper", "/kick", "/ban"); // this server has no operators
        // the descriptions start in one column, however long a usage is
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        for (String l : lines) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\*\\*\\*   \\S.*?\\s{2,}(?=\\S)").matcher(l);
            assertThat(m.find()).as(l).isTrue();
            columns.add(m.end());
        }
        assertThat(columns).hasSize(1);
        alice.send("/help msg");
        alice.expectLine("*** Usage: /msg <nick> <text> - send a private message");
        alice.send("/help frob");
        alice.expectLine("*** Unknown command /frob. Type /help for the list.");
    }
}
