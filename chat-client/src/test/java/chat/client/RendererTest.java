package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class RendererTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-01T12:05:00Z"), ZoneOffset.UTC);
    private final Renderer colour = new Renderer(true, false, NOON);
    private final Renderer plain = new Renderer(false, false, NOON);

    @Test
    void escapeSequencesFromTheServerNeverReachTheTerminal() {
        AttributedString line = colour.render("mallory: \u001b[2J\u001b]0;title\u0007hi\u009b", "alice");
        assertThat(line.toString()).isEqualTo("mallory: [2J]0;titlehi");
        assertThat(line.toAnsi()).doesNotContain("\u0007", "\u009b", "[2J\u001b");
    }

    @Test
    void nickColourIsStableAndIgnoresCase() {
        assertThat(Renderer.colourOf("Alice")).isEqualTo(Renderer.colourOf("alice"));
        AttributedString first = colour.render("bob: one", "alice");
        AttributedString second = colour.render("bob: two", "alice");
        assertThat(first.styleAt(0)).isEqualTo(second.styleAt(0));
        assertThat(first.styleAt(0).getStyle() & 0xFF00).isNotZero(); // a foreground colour is set
    }

    @Test
    void ownMessagesAreBold() {
        AttributedString mine = colour.render("alice: my words", "alice");
        assertThat(mine.styleAt(mine.length() - 1)).isEqualTo(AttributedStyle.BOLD);
        AttributedString theirs = colour.render("bob: words", "alice");
        assertThat(theirs.styleAt(theirs.length() - 1)).isEqualTo(AttributedStyle.DEFAULT);
    }

    @Test
    void noColourMeansNoStyleAtAll() {
        for (String line : new String[] {"*** notice", "bob: hi", "* bob waves", "[DM from bob] psst", "[12:01] bob: old"}) {
            AttributedString rendered = plain.render(line, "alice");
            assertThat(rendered.toString()).isEqualTo(line);
            for (int i = 0; i < rendered.length(); i++) {
                assertThat(rendered.styleAt(i)).isEqualTo(AttributedStyle.DEFAULT);
            }
        }
    }

    @Test
    void timestampsArePrefixedInLocalTime() {
        Renderer stamped = new Renderer(false, true, NOON);
        assertThat(stamped.render("bob: hi", null).toString()).isEqualTo("12:05 bob: hi");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            bob: hello                       | bob
            * bob waves                      | bob
            [DM from bob] psst               | bob
            *** bob joined #lobby            | bob
            *** bob left #lobby (quit)       | bob
            *** bob is now known as rob      | rob
            *** Here: bob, carol and 3 more  | bob,carol
            ***   bob, carol                 | bob,carol
            ***   /join <room>         leave | ''
            ***   #lobby (2)                 | ''
            *** Welcome, x! You are in #a.   | ''
            """)
    void findsNicknamesForCompletion(String line, String expected) {
        assertThat(String.join(",", Renderer.nicksIn(line))).isEqualTo(expected);
    }
}
