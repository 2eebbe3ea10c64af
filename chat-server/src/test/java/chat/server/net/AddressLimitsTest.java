package chat.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AddressLimitsTest {
    private static final long SECOND = 1_000_000_000L;
    private long now = 0;

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void atMostSoManyConnectionsAtOnceFromOneAddress() throws UnknownHostException {
        AddressLimits limits = new AddressLimits(2, 0, () -> now);
        assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
        assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
        assertThat(limits.admit(ip("10.0.0.1"))).contains(AddressLimits.Refusal.TOO_MANY);
        assertThat(limits.admit(ip("10.0.0.2"))).isEmpty(); // another address is not affected
        limits.release(ip("10.0.0.1"));
        assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
        assertThat(limits.live(ip("10.0.0.1"))).isEqualTo(2);
    }

    @Test
    void atMostSoManyNewConnectionsPerMinute() throws UnknownHostException {
        AddressLimits limits = new AddressLimits(0, 3, () -> now);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
            limits.release(ip("10.0.0.1"));
        }
        assertThat(limits.admit(ip("10.0.0.1"))).contains(AddressLimits.Refusal.TOO_FAST);
        now += 20 * SECOND; // a third of a minute: one connection's worth
        assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
        assertThat(limits.admit(ip("10.0.0.1"))).contains(AddressLimits.Refusal.TOO_FAST);
    }

    @Test
    void forgetsAnAddressThatLeftAndCalmedDown() throws UnknownHostException {
        AddressLimits limits = new AddressLimits(5, 3, () -> now);
        limits.admit(ip("10.0.0.1"));
        now += 60 * SECOND;
        limits.release(ip("10.0.0.1"));
        assertThat(limits.live(ip("10.0.0.1"))).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(limits.admit(ip("10.0.0.1"))).isEmpty();
        }
    }
}
