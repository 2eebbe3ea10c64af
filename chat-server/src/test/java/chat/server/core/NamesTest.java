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

    @ParameterizedTest
    @ValueSource(strings = {"\u3164", "a\u3164", "\u115F", "bob\u115F", "\uFFA0", "x\uFFA0y", "\u2800", "a\u2800",
        "a\u034F", "a\u1160", "a\uFE0F", "a\u17B4"})
    void invisibleCharactersAreRefusedByCodePoint(String nick) {
        int invisible = nick.codePoints().filter(cp -> cp > 0x7F).findFirst().orElseThrow();
        assertThat(Names.nickProblem(Names.displayNick(nick)))
                .contains(String.format("'U+%04X' is not allowed", invisible));
        assertThat(Names.roomName("#lobby" + Character.toString(invisible))).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}  ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            alice   | ALICE    | case
            alice   | Ａｌｉｃｅ    | full width
            é       | e\u0301   | NFC and NFD
            paypal  | paypaI   | capital I for l
            alice   | aIice    | capital I for l
            bill    | biII     | capital I for l, twice
            Iris    | lris     | l for capital I
            Alice   | AIice    | capital I for l after a capital
            ALICE   | aIice    | capital I for l, and case
            alice   | a1ice    | digit one for l
            lobby   | 1obby    | digit one for l
            lobby   | I0bby    | capital I for l, digit zero for o
            Oscar   | 0scar    | digit zero for O
            modern  | rnodern  | rn for m
            paypal  | pаypal   | Cyrillic а
            lobby   | lоbby    | Cyrillic о
            copy    | сору     | Cyrillic с о р у
            xeno    | хеnо     | Cyrillic х е о
            sky     | ѕky      | Cyrillic dze for s
            jet     | јet      | Cyrillic je for j
            ivan    | іvan     | Cyrillic і
            Ilya    | Ӏlya     | Cyrillic palochka for capital I
            nova    | nοva     | Greek omicron
            vip     | νip      | Greek nu for v
            PAN     | ΡΑΝ      | Greek capitals Rho Alpha Nu
            KATE    | ΚΑΤΕ     | Greek capitals Kappa Alpha Tau Epsilon
            """)
    void lookAlikesAreTheSameName(String one, String other, String why) {
        assertThat(Names.sameNick(one, other)).as(why).isTrue();
        assertThat(Names.sameNick(other, one)).as(why).isTrue();
        assertThat(Names.sameRoom("#" + one, other)).as(why).isTrue();
    }

    @ParameterizedTest(name = "{0} <> {1}")
    @CsvSource({"al, ai", "bob, rob", "alice, alicia", "anna, anne", "alice, alice2", "ivan, lvan", "mike, rnike2",
        "paypal, paypa", "Oscar, 0scars", "lobby, hobby", "Ian, Jan"})
    void differentNamesStayDifferent(String one, String other) {
        assertThat(Names.sameNick(one, other)).isFalse();
        assertThat(Names.sameNick(other, one)).isFalse();
        assertThat(Names.sameRoom("#" + one, "#" + other)).isFalse();
    }

    @Test
    void aCapitalIMatchesBothLAndIWhichDoNotMatchEachOther() {
        assertThat(Names.sameNick("aI", "al")).isTrue();
        assertThat(Names.sameNick("aI", "ai")).isTrue();
        assertThat(Names.sameNick("al", "ai")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"alice, ALICE, true", "alice, Ａｌｉｃｅ, true", "alice, aIice, false", "paypal, pаypal, false"})
    void sameSpellingTellsTakenFromLookAlike(String one, String other, boolean same) {
        assertThat(Names.sameSpelling(one, other)).isEqualTo(same);
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
