package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which server the client tries next, and when it backs off: pure, no sockets. */
@Timeout(10)
class ServerRotationTest {
    private static final ServerAddress A = new ServerAddress("a", 1);
    private static final ServerAddress B = new ServerAddress("b", 2);
    private static final ServerAddress C = new ServerAddress("c", 3);

    /** Fails the current server {@code times} times; returns "name" or "name!" (back off) per failure. */
    private static List<String> fail(ServerRotation rotation, int times) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            boolean backOff = rotation.failed();
            seen.add(rotation.current().host() + (backOff ? "!" : ""));
        }
        return seen;
    }

    @Test
    void startsWithTheFirstServer() {
        assertThat(new ServerRotation(List.of(A, B, C)).current()).isEqualTo(A);
    }

    @Test
    void aLostServerIsFollowedByTheNextAndBackOffComesOnlyAfterAFullRound() {
        ServerRotation rotation = new ServerRotation(List.of(A, B, C));
        rotation.welcomed();
        // a dies; b and c fail too: the third failure completes the round, then round robin goes on.
        assertThat(fail(rotation, 7)).containsExactly("b", "c", "a!", "b", "c", "a!", "b");
    }

    @Test
    void theRoundStartsAfterTheServerThatDied() {
        ServerRotation rotation = new ServerRotation(List.of(A, B, C));
        fail(rotation, 1); // a refused us at start: b welcomed us
        rotation.welcomed();
        assertThat(fail(rotation, 3)).containsExactly("c", "a", "b!");
    }

    @Test
    void aWelcomeStartsANewRound() {
        ServerRotation rotation = new ServerRotation(List.of(A, B));
        fail(rotation, 1);
        rotation.welcomed();
        assertThat(fail(rotation, 2)).containsExactly("a", "b!");
    }

    @ParameterizedTest(name = "{0} server(s): back off after {0} failure(s)")
    @CsvSource({"1", "2", "3"})
    void everyServerIsTriedOnceBeforeBackingOff(int count) {
        ServerRotation rotation = new ServerRotation(List.of(A, B, C).subList(0, count));
        List<String> seen = fail(rotation, count);
        assertThat(seen.getLast()).endsWith("!");
        assertThat(seen.subList(0, count - 1)).noneMatch(s -> s.endsWith("!"));
        assertThat(rotation.failover()).isEqualTo(count > 1);
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> new ServerRotation(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
