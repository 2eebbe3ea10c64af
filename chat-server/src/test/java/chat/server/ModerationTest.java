package chat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Operators: /oper, /kick, /mute, /ban, /unban, and their refusal for everyone else. */
@Timeout(60)
class ModerationTest {
    @TempDir
    Path dir;
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        Path password = Files.writeString(dir.resolve("oper"), "s3cret\n");
        server = TestServer.start(ServerConfig.loopback().withOperPasswordFile(password));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private TestClient oper(String nick) throws IOException {
        TestClient c = server.join(nick);
        c.send("/oper s3cret");
        c.expectLine("*** You are now an operator.");
        return c;
    }

    @Test
    void moderationCommandsAreRefusedToNonOperators() throws IOException {
        TestClient alice = server.join("alice");
        server.join("bob");
        for (String command : new String[] {"/kick bob", "/mute bob", "/ban bob", "/unban bob"}) {
            alice.send(command);
            alice.expectLine("*** Permission denied: " + command.split(" ")[0] + " is for operators.");
        }
    }

    @Test
    void wrongPasswordsAreRefusedAndSlowedDown() throws IOException {
        TestClient mallory = server.join("mallory");
        mallory.send("/oper guess1");
        mallory.expectLine("*** Wrong operator password.");
        mallory.send("/oper s3cret"); // even the right one must wait after a failure
        mallory.expectLine(l -> l.startsWith("*** Too many operator password attempts; wait "));
        mallory.send("/kick mallory");
        mallory.expectLine("*** Permission denied: /kick is for operators.");
    }

    @Test
    void aNewConnectionPerGuessIsSlowedDownLikeOneConnection() throws IOException {
        TestClient first = server.track(TestClient.joinFrom("127.0.0.2", server.port(), "mallory"));
        first.send("/oper guess1");
        first.expectLine("*** Wrong operator password.");
        first.close();
        TestClient second = server.track(TestClient.joinFrom("127.0.0.2", server.port(), "mallory2"));
        second.send("/oper s3cret"); // the back-off belongs to the address, not the connection
        second.expectLine(l -> l.startsWith("*** Too many operator password attempts; wait "));
        TestClient elsewhere = server.track(TestClient.joinFrom("127.0.0.3", server.port(), "alice"));
        elsewhere.send("/oper s3cret");
        elsewhere.expectLine("*** You are now an operator.");
    }

    @Test
    void guessesSpreadOverManyAddressesAreSlowedDownServerWideAndCounted() throws IOException {
        for (int i = 0; i < 10; i++) {
            TestClient guesser = server.track(TestClient.joinFrom("127.0.0." + (10 + i), server.port(), "g" + i));
            guesser.send("/oper guess" + i);
            guesser.expectLine("*** Wrong operator password.");
        }
        TestClient eleventh = server.track(TestClient.joinFrom("127.0.0.30", server.port(), "g10"));
        eleventh.send("/oper guess10");
        eleventh.expectLine(l -> l.startsWith("*** Too many operator password attempts; wait "));
        var metrics = server.chatServer().services().metrics();
        org.assertj.core.api.Assertions.assertThat(metrics.operFailures.sum()).isEqualTo(10);
        org.assertj.core.api.Assertions.assertThat(metrics.operThrottled.sum()).isEqualTo(1);
    }

    @Test
    void aHashedPasswordFileGrantsOperatorAndHoldsNoPassword() throws IOException {
        Path hashed = Files.writeString(dir.resolve("oper.hash"),
                chat.server.core.OperPassword.hashLine("s3cret".toCharArray()) + "\n");
        org.assertj.core.api.Assertions.assertThat(Files.readString(hashed)).doesNotContain("s3cret");
        server.restart(ServerConfig.loopback().withOperPasswordFile(hashed));
        oper("alice");
    }

    @Test
    void banDisconnectsEverySessionFromTheAddressAndRefusesNewOnes() throws IOException {
        TestClient alice = oper("alice");
        TestClient evil = server.track(TestClient.joinFrom("127.0.0.2", server.port(), "evil"));
        TestClient evilalt = server.track(TestClient.joinFrom("127.0.0.2", server.port(), "evilalt"));
        TestClient pending = server.track(TestClient.connectFrom("127.0.0.2", server.port()));
        pending.expectLine("NICK");
        TestClient carol = server.track(TestClient.joinFrom("127.0.0.3", server.port(), "carol"));
        alice.send("/ban evil 10");
        alice.expectLine("*** Banned evil (127.0.0.2) for 10 minutes.");
        for (TestClient c : new TestClient[] {evil, evilalt, pending}) {
            c.expectLine("*** You are banned from this server.");
            c.expectClosed();
        }
        TestClient again = server.track(TestClient.connectFrom("127.0.0.2", server.port()));
        again.expectLine("*** You are banned from this server.");
        again.expectClosed();
        carol.send("still here");
        alice.expectLine("carol: still here");
    }

    @Test
    void kickDisconnectsWithANoticeAndTheRoomIsTold() throws IOException {
        TestClient alice = oper("alice");
        TestClient bob = server.join("bob");
        TestClient carol = server.join("carol");
        alice.send("/kick bob spamming");
        bob.expectLine("*** You were kicked by alice: spamming");
        bob.expectClosed();
        carol.expectLine("*** bob left #lobby (kicked by alice: spamming)");
        alice.expectLine("*** Kicked bob.");
    }

    @Test
    void mutedClientCannotSpeakButCanStillRead() throws IOException {
        TestClient alice = oper("alice");
        TestClient bob = server.join("bob");
        alice.send("/mute bob 5");
        bob.expectLine("*** You were muted by alice for 5 minutes.");
        bob.send("can anyone hear me?");
        bob.expectLine(l -> l.startsWith("*** You are muted for 5 more minute(s)"));
        bob.send("/msg alice psst");
        bob.expectLine(l -> l.startsWith("*** You are muted for"));
        alice.send("still reading?");
        bob.expectLine("alice: still reading?");
    }

    @Test
    void banKeepsTheAddressOutUntilUnbanned() throws IOException {
        TestClient alice = oper("alice");
        TestClient bob = server.join("bob");
        alice.send("/ban bob 10");
        alice.expectLine("*** Banned bob (127.0.0.1) for 10 minutes.");
        bob.expectLine("*** You are banned from this server.");
        bob.expectClosed();
        TestClient again = server.connect();
        again.expectLine("*** You are banned from this server.");
        again.expectClosed();
        alice.send("/unban bob");
        alice.expectLine("*** Unbanned bob (127.0.0.1).");
        server.join("robert"); // the address is welcome again (any nick: bob's old session may still be ending)
    }
}
