package chat.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "Zoë", "Владимир", "名前", "a_b-c.d", "x123", "abcdefghijklmnopqrstuvwx",
        "नमस्ते"})
    void validNicks(String nick) {
        assertThat(Names.nickProblem(Names.displayNick(nick))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "bang!", "abcdefghijklmnopqrstuvwxy", "#room", "tab\there",
        "\u0301accent-first", "zero\u200bwidth", "emoji😀"})
    void invalidNicks(String nick) {
        assertThat(Names.nickProblem(Names.displayNick(nick))).isPresent();
    }

    @Test
    void keysIgnoreCaseAndCompatibilityForms() {
        assertThat(Names.key("Alice")).isEqualTo(Names.key("ALICE")).isEqualTo(Names.key("Ａｌｉｃｅ"));
        assertThat(Names.key("e\u0301")).isEqualTo(Names.key("é"));
        assertThat(Names.key("alice")).isNotEqualTo(Names.key("alice2"));
    }

    @ParameterizedTest
    @CsvSource({
        "paypal, pаypal",     // Cyrillic a
        "alice, ALICE",
        "alice, Ａｌｉｃｅ",      // full width
        "alice, a1ice",       // digit one for l
        "modern, rnodern",    // rn for m
        "Oscar, 0scar",       // zero for O
    })
    void lookAlikeNicknamesShareAKey(String one, String other) {
        assertThat(Names.nickKey(other)).isEqualTo(Names.nickKey(one));
    }

    @ParameterizedTest
    @CsvSource({"alice, alicia", "bob, rob", "anna, anne"})
    void differentNicknamesHaveDifferentKeys(String one, String other) {
        assertThat(Names.nickKey(other)).isNotEqualTo(Names.nickKey(one));
    }

    @Test
    void roomNamesTakeAnOptionalHash() {
        assertThat(Names.roomName("dev")).contains("#dev");
        assertThat(Names.roomName("#dev")).contains("#dev");
        assertThat(Names.roomName("##dev")).isEmpty();
        assertThat(Names.roomName("x".repeat(33))).isEmpty();
        assertThat(Names.roomName("x".repeat(32))).contains("#" + "x".repeat(32));
        assertThat(Names.roomName("#")).isEmpty();
    }
}
