package chat.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class SanitizerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain ASCII is untouched       | hello, world!            | hello, world!
            ESC of a colour code goes      | \\u001b[31mred           | [31mred
            BEL goes                       | ding\\u0007              | ding
            backspace goes                 | ab\\u0008c               | abc
            C1 control goes                | a\\u009bb                | ab
            DEL goes                       | a\\u007fb                | ab
            tab becomes a space            | a\\tb                    | a b
            bidi override goes             | abc\\u202Efed            | abcfed
            bidi isolate goes              | a\\u2066b\\u2069         | ab
            zero-width space goes          | pay\\u200Bpal            | paypal
            BOM goes                       | \\uFEFFhi                | hi
            line separator goes            | a\\u2028b                | ab
            letters of any script stay     | мир 你好 مرحبا           | мир 你好 مرحبا
            combining accent stays         | e\\u0301                 | e\\u0301
            ZWJ between letters goes       | a\\u200Db                | ab
            replacement character stays    | \\uFFFD                  | \\uFFFD
            """)
    void removesWhatCouldControlATerminal(String name, String input, String expected) {
        assertThat(Sanitizer.clean(unescape(input))).as(name).isEqualTo(unescape(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            technologist 👩‍💻 stays whole              | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB
            rainbow flag 🏳️‍🌈, VS16 before ZWJ        | \\uD83C\\uDFF3\\uFE0F\\u200D\\uD83C\\uDF08
            family 👨‍👩‍👧, two joiners                | \\uD83D\\uDC68\\u200D\\uD83D\\uDC69\\u200D\\uD83D\\uDC67
            skin tone before ZWJ 👩🏽‍💻               | \\uD83D\\uDC69\\uD83C\\uDFFD\\u200D\\uD83D\\uDCBB
            transgender flag 🏳️‍⚧️, text-style right side | \\uD83C\\uDFF3\\uFE0F\\u200D\\u26A7\\uFE0F
            heart on fire ❤️‍🔥                      | \\u2764\\uFE0F\\u200D\\uD83D\\uDD25
            red hair 👩‍🦰                            | \\uD83D\\uDC69\\u200D\\uD83E\\uDDB0
            """)
    void zeroWidthJoinerInsideAnEmojiSequenceStays(String name, String sequence) {
        assertThat(Sanitizer.clean(unescape(sequence))).as(name).isEqualTo(unescape(sequence));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            after a digit                   | 1\\u200D2                          | 12
            after a digit before an emoji   | 1\\u200D\\uD83D\\uDCBB                | 1\\uD83D\\uDCBB
            after #                         | #\\u200Da                          | #a
            after *                         | *\\u200D*                          | **
            after ©                         | \\u00A9\\u200Dx                     | \\u00A9x
            after ® before an emoji         | \\u00AE\\u200D\\uD83D\\uDCBB           | \\u00AE\\uD83D\\uDCBB
            after a keycap #️⃣              | #\\uFE0F\\u20E3\\u200D\\uD83D\\uDCBB     | #\\uFE0F\\u20E3\\uD83D\\uDCBB
            after an emoji before a letter  | \\uD83D\\uDE00\\u200Da                | \\uD83D\\uDE00a
            after an emoji at the end       | \\uD83D\\uDE00\\u200D                 | \\uD83D\\uDE00
            at the start                    | \\u200D\\uD83D\\uDCBB                 | \\uD83D\\uDCBB
            a second one in a row           | \\uD83D\\uDC69\\u200D\\u200D\\uD83D\\uDCBB | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB
            after a lone VS16               | \\uFE0F\\u200D\\uD83D\\uDCBB           | \\uFE0F\\uD83D\\uDCBB
            after a skin tone on a non-base | a\\uD83C\\uDFFD\\u200D\\uD83D\\uDCBB     | a\\uD83C\\uDFFD\\uD83D\\uDCBB
            """)
    void zeroWidthJoinerOutsideAnEmojiSequenceGoes(String name, String input, String expected) {
        assertThat(Sanitizer.clean(unescape(input))).as(name).isEqualTo(unescape(expected));
    }

    /** Turns {@code \\uXXXX} and {@code \\t} in a table cell into the characters they name. */
    private static String unescape(String cell) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cell.length(); i++) {
            if (cell.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(cell.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (cell.startsWith("\\t", i)) {
                out.append('\t');
                i++;
            } else {
                out.append(cell.charAt(i));
            }
        }
        return out.toString();
    }

    @Test
    void cleanAsciiIsReturnedWithoutCopy() {
        String text = "just text";
        assertThat(Sanitizer.clean(text)).isSameAs(text);
    }
}
