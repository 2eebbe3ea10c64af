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
}
