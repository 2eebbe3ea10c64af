package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /away} and {@code /whois}, in text and JSON. */
@Timeout(30)
class AwayWhoisTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(ServerConfig.loopback(), NOON);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void awayIsShownInWhoWhoisAndToWhoeverSendsAPrivateMessage() throws Exception {
        TestClient alice = server.join("alice");
        TestClient bob = server.join("bob");
        bob.send("/away lunch, back at 1");
        assertThat(bob.expectLine(l -> l.startsWith("*** You"))).isEqualTo("*** You are marked as away: lunch, back at 1");

        alice.send("/who");
        alice.expectLine("*** #lobby has 2 members:");
        assertThat(alice.nextLine()).isEqualTo("***   alice, bob (away)");

        alice.send("/msg bob are you there?");
        alice.expectLine("[DM to bob] are you there?");
        assertThat(alice.nextLine()).isEqualTo("*** bob is away: lunch, back at 1");
        bob.expectLine("[DM from alice] are you there?");

        alice.send("/whois BOB");
        assertThat(alice.nextLine()).matches(
                "\\*\\*\\* bob is in #lobby, connected since 2026-11-23 \\d\\d:00, idle \\d+s\\.");
        assertThat(alice.nextLine()).isEqualTo("*** bob is away: lunch, back at 1");

        bob.send("/away");
        assertThat(bob.expectLine(l -> l.startsWith("*** You"))).isEqualTo("*** You are back.");
        alice.send("/msg bob back?");
        alice.expectLine("[DM to bob] back?");
        alice.send("/whois bob");
        assertThat(alice.nextLine()).startsWith("*** bob is in #lobby, connected since ");
        alice.send("/who");
        alice.expectLine("*** #lobby has 2 members:");
        assertThat(alice.nextLine()).isEqualTo("***   alice, bob");
    }

    @Test
    void whoisOfSomeoneOfflineSaysSo() throws Exception {
        TestClient alice = server.join("alice");
        alice.send("/whois nobody");
        assertThat(alice.nextLine()).isEqualTo("*** No one called nobody is online.");
        alice.send("/whois");
        assertThat(alice.nextLine()).startsWith("*** Usage: /whois <nick>");
    }

    @Test
    void jsonClientsGetWhoisAndAwayAsFields() throws Exception {
        TestClient bob = server.join("bob");
        bob.send("/away gone fishing");
        bob.expectLine("*** You are marked as away: gone fishing");
        TestClient alice = server.connect();
        alice.expectLine("NICK");
        alice.send("/json");
        alice.send("alice");
        alice.expectLine(l -> l.startsWith("{\"type\":\"welcome\""));
        alice.send("/whois bob");
        assertThat(alice.nextLine()).matches("\\{\"type\":\"whois\",\"nick\":\"bob\",\"room\":\"#lobby\","
                + "\"since\":\"2026-11-23T12:00:00.000Z\",\"idle\":\\d+,\"away\":\"gone fishing\"}");
        alice.send("/who");
        assertThat(alice.nextLine()).isEqualTo(
                "{\"type\":\"who\",\"room\":\"#lobby\",\"nicks\":[\"bob\",\"alice\"],\"away\":{\"bob\":\"gone fishing\"}}");
        alice.send("/msg bob hi");
        alice.expectLine(l -> l.startsWith("{\"type\":\"dm\""));
        assertThat(alice.nextLine()).isEqualTo(
                "{\"type\":\"notice\",\"code\":\"is_away\",\"text\":\"bob is away: gone fishing\"}");
        alice.send("/away");
        assertThat(alice.nextLine()).isEqualTo(
                "{\"type\":\"notice\",\"code\":\"away_cleared\",\"text\":\"You are back.\"}");
        alice.assertNoLine(Duration.ofMillis(200));
    }
}
