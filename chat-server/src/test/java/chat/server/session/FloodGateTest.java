package chat.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FloodGateTest {
    private static final long SECOND = 1_000_000_000L;

    /** A fake clock that sleeping advances. */
    private long now = 0;
    private final List<Long> sleeps = new ArrayList<>();

    private FloodGate gate(double rate, int burst, Duration maxDelay, int maxDrops) {
        return new FloodGate(rate, burst, maxDelay, maxDrops, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void aPasteUpToTheBurstPassesWithoutDelay() throws InterruptedException {
        FloodGate gate = gate(5, 20, Duration.ofSeconds(10), 100);
        for (int i = 0; i < 20; i++) {
            assertThat(gate.admit()).isEqualTo(FloodGate.Verdict.PASS);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void linesBeyondTheBurstAreDelayedToTheRate() throws InterruptedException {
        FloodGate gate = gate(5, 20, Duration.ofSeconds(10), 100);
        for (int i = 0; i < 30; i++) {
            assertThat(gate.admit()).isEqualTo(i < 20 ? FloodGate.Verdict.PASS : FloodGate.Verdict.DELAYED);
        }
        assertThat(sleeps).hasSize(10).allSatisfy(n -> assertThat(n).isBetween(SECOND / 5 - 10, SECOND / 5 + 10));
        assertThat(now).isBetween(2 * SECOND - 100, 2 * SECOND + 100);
    }

    @Test
    void pastTheLongestDelayLinesAreDroppedThenTheFlooderIsDisconnected() throws InterruptedException {
        FloodGate gate = gate(10, 5, Duration.ofSeconds(1), 3);
        List<FloodGate.Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            verdicts.add(gate.admit()); // sent back to back: the clock moves only while the gate waits
        }
        // 5 at once, then 10 delayed (1 s at 10 lines/s), then dropped: 3 tolerated, the 4th disconnects.
        assertThat(verdicts.subList(0, 5)).containsOnly(FloodGate.Verdict.PASS);
        assertThat(verdicts.subList(5, 15)).containsOnly(FloodGate.Verdict.DELAYED);
        assertThat(verdicts.subList(15, 18)).containsOnly(FloodGate.Verdict.DROP);
        assertThat(verdicts.get(18)).isEqualTo(FloodGate.Verdict.DISCONNECT);
    }

    @Test
    void calmingDownForgetsEarlierDrops() throws InterruptedException {
        FloodGate gate = gate(10, 5, Duration.ofSeconds(1), 3);
        for (int i = 0; i < 17; i++) {
            gate.admit();
        }
        assertThat(gate.drops()).isEqualTo(2);
        now += 10 * SECOND; // quiet long enough for the bucket to fill up
        assertThat(gate.admit()).isEqualTo(FloodGate.Verdict.PASS);
        assertThat(gate.drops()).isZero();
    }

    @Test
    void rateZeroTurnsFloodControlOff() throws InterruptedException {
        FloodGate gate = gate(0, 1, Duration.ZERO, 0);
        for (int i = 0; i < 1000; i++) {
            assertThat(gate.admit()).isEqualTo(FloodGate.Verdict.PASS);
        }
        assertThat(sleeps).isEmpty();
    }
}
