package chat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and backslash \\", "tab\tnew\nline\rreturn",
        "\u0000\u0001\u001f bell\u0007", "emoji 👩‍💻 and 😜", "<img src=x onerror=alert(1)>", "\u2028\u2029",
        "{\"not\":\"json\"}", "\\u0041"})
    void anyTextRoundTripsThroughOneLineOfJson(String text) {
        String literal = Json.quote(text);
        assertThat(literal).doesNotContain("\n", "\r", "\u2028", "\u2029");
        assertThat(Json.parse(literal)).isEqualTo(text);
    }

    @Test
    void parsesObjectsArraysNumbersAndLiterals() {
        Map<String, Object> o = Json.object(
                "{\"type\":\"message\",\"id\":12,\"ok\":true,\"no\":false,\"n\":null,\"list\":[1,\"a\",{}],\"x\":1.5}");
        assertThat(o).containsEntry("type", "message").containsEntry("id", 12L).containsEntry("ok", true)
                .containsEntry("no", false).containsEntry("n", null).containsEntry("x", 1.5);
        assertThat(o.get("list")).isEqualTo(List.of(1L, "a", Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"open", "tru", "{} x", "\"bad \\q\"",
        "\"ctl \u0001\""})
    void rejectsWhatIsNotExactlyOneValue(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(IllegalArgumentException.class);
    }
}
