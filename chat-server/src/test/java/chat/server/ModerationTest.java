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
