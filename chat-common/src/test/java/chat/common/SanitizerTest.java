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
            ZWJ inside an emoji stays      | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB
            ZWJ between letters goes       | a\\u200Db                | ab
            replacement character stays    | \\uFFFD                  | \\uFFFD
            """)
    void removesWhatCouldControlATerminal(String name, String input, String expected) {
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
