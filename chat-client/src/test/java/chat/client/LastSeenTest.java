package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LastSeenTest {
    private final LastSeen lastSeen = new LastSeen();

    @Test
    void keepsTheHighestIdPerRoomIgnoringCase() {
        lastSeen.saw("#dev", 5);
        lastSeen.saw("#DEV", 3);
        lastSeen.saw("#lobby", 9);
        assertThat(lastSeen.lastId("#Dev")).hasValue(5);
        assertThat(lastSeen.lastId("#lobby")).hasValue(9);
        assertThat(lastSeen.lastId("#other")).isEmpty();
    }
}
