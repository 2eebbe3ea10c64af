package chat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class DidYouMeanTest {
    private static final List<String> OPTIONS = List.of("--host", "--port", "--nick", "--tls", "--tls-truststore",
            "--help", "--history");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
        "--prot, --port",
        "--pot, --port",
        "--ports, --port",
        "--hots, --host",
        "--tls-trustore, --tls-truststore",
        "--nik, --nick",
        "--histroy, --history",
        "--colour, none",
        "-x, none",
    })
    void suggestsTheNameWithinTwoEdits(String typed, String expected) {
        assertThat(DidYouMean.closest(typed, OPTIONS).orElse(null)).isEqualTo(expected);
    }
}
