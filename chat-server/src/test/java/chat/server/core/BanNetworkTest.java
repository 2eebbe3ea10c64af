package chat.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.store.ModerationStore;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses a ban covers: IPv4 exactly, IPv6 by its prefix (/64 unless configured). */
@Timeout(10)
class BanNetworkTest {

    @ParameterizedTest(name = "a ban on {1} with /{0} covers {2}: {3}")
    @CsvSource({
        "64,  192.0.2.7,            192.0.2.7,             true",
        "64,  192.0.2.7,            192.0.2.8,             false",
        "64,  2001:db8:1:2::1,      2001:db8:1:2:ffff::9,  true",
        "64,  2001:db8:1:2::1,      2001:db8:1:3::1,       false",
        "48,  2001:db8:1:2::1,      2001:db8:1:3::1,       true",
        "128, 2001:db8:1:2::1,      2001:db8:1:2::2,       false",
        "128, 2001:db8:1:2::1,      2001:db8:1:2::1,       true",
    })
    void aBanCoversItsNetwork(int prefix, String banned, String other, boolean covered) throws Exception {
        Moderation moderation = new Moderation(null, Clock.systemUTC(), ModerationStore.NONE, prefix);
        moderation.ban(InetAddress.getByName(banned), "evil", Duration.ofMinutes(5), "op");
        assertThat(moderation.banned(InetAddress.getByName(other))).isEqualTo(covered);
    }
}
