package chat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class TimeWordsTest {

    @ParameterizedTest
    @CsvSource({"0, 0s", "59, 59s", "60, 1m 0s", "192, 3m 12s", "3600, 1h 00m", "7500, 2h 05m",
        "86400, 1d 0h", "273600, 3d 4h", "-5, 0s"})
    void idleTimeReadsInTheLargestUsefulUnits(long seconds, String words) {
        assertThat(TimeWords.idle(Duration.ofSeconds(seconds))).isEqualTo(words);
    }
}
