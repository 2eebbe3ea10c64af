package chat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ByteBudgetTest {
    private static final long SECOND = 1_000_000_000L;

    private long now = 0;
    private final List<Long> sleeps = new ArrayList<>();

    private ByteBudget budget(int rate, int burst, Duration maxThrottle) {
        return new ByteBudget(rate, burst, maxThrottle, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void aBurstPassesWithoutWaiting() throws InterruptedException {
        ByteBudget budget = budget(1000, 4000, Duration.ofSeconds(10));
        for (int i = 0; i < 4; i++) {
            assertThat(budget.charge(1000)).isEqualTo(ByteBudget.Verdict.PASS);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void beyondTheBurstReadingWaitsSoTheClientGetsTheRate() throws InterruptedException {
        ByteBudget budget = budget(1000, 4000, Duration.ofSeconds(10));
        for (int i = 0; i < 10; i++) {
            assertThat(budget.charge(1000)).isEqualTo(i < 4 ? ByteBudget.Verdict.PASS : ByteBudget.Verdict.DELAYED);
        }
        assertThat(now).isBetween(6 * SECOND - 1000, 6 * SECOND + 1000); // 10,000 bytes: 4,000 burst + 6 s
    }

    @Test
    void aClientHeldBackWithoutABreakPastTheLimitIsToBeDisconnected() throws InterruptedException {
        ByteBudget budget = budget(1000, 1000, Duration.ofSeconds(2));
        List<ByteBudget.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            verdicts.add(budget.charge(1000));
        }
        assertThat(verdicts).containsExactly(ByteBudget.Verdict.PASS, ByteBudget.Verdict.DELAYED,
                ByteBudget.Verdict.DELAYED, ByteBudget.Verdict.DISCONNECT, ByteBudget.Verdict.DISCONNECT,
                ByteBudget.Verdict.DISCONNECT);
    }

    @Test
    void aPauseForgivesEarlierThrottling() throws InterruptedException {
        ByteBudget budget = budget(1000, 1000, Duration.ofSeconds(2));
        budget.charge(1000);
        budget.charge(1000);
        budget.charge(1000);
        now += 5 * SECOND; // silence: the bucket fills up
        assertThat(budget.charge(1000)).isEqualTo(ByteBudget.Verdict.PASS);
        assertThat(budget.charge(1000)).isEqualTo(ByteBudget.Verdict.DELAYED);
    }

    @Test
    void zeroRateIsOff() throws InterruptedException {
        ByteBudget budget = budget(0, 1, Duration.ZERO);
        assertThat(budget.charge(1 << 20)).isEqualTo(ByteBudget.Verdict.PASS);
        assertThat(sleeps).isEmpty();
    }
}
