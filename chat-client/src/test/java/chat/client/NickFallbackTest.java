package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class NickFallbackTest {

    @ParameterizedTest(name = "{0} after {1} refusals: {2}")
    @CsvSource({
        "alice, 0, alice",
        "alice, 2, alice",
        "alice, 3, alice_",
        "alice, 4, alice__",
        "abcdefghijklmnopqrstuvwx, 3, abcdefghijklmnopqrstuvw_",
        "abcdefghijklmnopqrstuvwx, 4, abcdefghijklmnopqrstuv__",
    })
    void proposesTheSameNickThreeTimesThenUnderscoredWithinTheLengthLimit(String wanted, int refusals, String expected) {
        NickFallback fallback = new NickFallback(wanted);
        for (int i = 0; i < refusals; i++) {
            fallback.refused("nick_taken");
        }
        assertThat(fallback.proposal()).isEqualTo(expected);
    }

    @Test
    void countsLookAlikesButNotOtherRefusals() {
        NickFallback fallback = new NickFallback("alice");
        fallback.refused("nick_lookalike");
        fallback.refused("nick_lookalike");
        fallback.refused("nick_invalid");
        assertThat(fallback.proposal()).isEqualTo("alice");
        fallback.refused("nick_lookalike");
        assertThat(fallback.proposal()).isEqualTo("alice_");
    }

    @Test
    void saysNothingWhenTheWantedNickWasGranted() {
        NickFallback fallback = new NickFallback("alice");
        assertThat(fallback.notice("alice")).isNull();
        assertThat(fallback.notice("alice_")).isEqualTo("alice is taken; you are alice_ for now \u2014 /nick alice later");
    }
}
