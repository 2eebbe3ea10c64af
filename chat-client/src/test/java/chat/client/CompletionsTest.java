package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CompletionsTest {
    private final Completions completions = new Completions();

    @Test
    void offersTheServersCommandsWithASlashThenTheNicksPresent() {
        completions.commands(List.of("join", "quit"));
        completions.saw("bob");
        completions.saw("carol");
        completions.lost("bob");
        assertThat(completions.commands()).containsExactly("/join", "/quit");
        assertThat(completions.candidates()).containsExactly("/join", "/quit", "carol");
    }

    @Test
    void aNewCommandListReplacesTheOld() {
        completions.commands(List.of("join", "oper"));
        completions.commands(List.of("join"));
        assertThat(completions.candidates()).containsExactly("/join");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            a slash starts a command                | ''          | /          | /join,/quit,/who
            commands match by prefix, any case      | ''          | /J         | /join
            after /join come the rooms seen         | '/join '    | '#'        | #dev,#lobby
            rooms match by prefix                   | '/join '    | #d         | #dev
            rooms without # as typed                | '/join '    | l          | lobby
            a first word is a nick being addressed  | ''          | b          | bob:
            elsewhere nicks are offered bare        | 'hi '       | ''         | bob,carol
            after /msg, nicks                       | '/msg '     | c          | carol
            nicks of people who left are gone       | 'ask '      | da         | ''
            """)
    void completesByContext(String name, String before, String word, String expected) {
        completions.commands(List.of("join", "quit", "who"));
        completions.sawRoom("#lobby");
        completions.sawRoom("#dev");
        completions.saw("bob");
        completions.saw("carol");
        completions.saw("dave");
        completions.lost("dave");
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(completions.complete(before, word)).as(name).isEqualTo(want);
    }
}
