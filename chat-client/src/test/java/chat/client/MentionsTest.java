package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class MentionsTest {

    @ParameterizedTest(name = "\"{0}\" names {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            hi alice                | alice | true
            HI ALICE!               | alice | true
            alice: look at this     | alice | true
            ask alice.              | alice | true
            malice aforethought     | alice | false
            alice_2 is someone else | alice | false
            al is not alice         | alice | true
            alice                   | al    | false
            hey Zoë                 | zoë   | true
            """)
    void aMentionIsTheNickAsAWholeWordInAnyCase(String text, String me, boolean named) {
        assertThat(Mentions.names(text, me)).isEqualTo(named);
    }

    private static ServerEvent.Chat says(String nick, String text) {
        return new ServerEvent.Chat(false, 1, "#lobby", nick, text, Instant.EPOCH, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            mentions: a line naming me rings        | MENTIONS | bob   | hi alice | true
            mentions: another line does not         | MENTIONS | bob   | hi all   | false
            mentions: my own line never rings       | MENTIONS | alice | alice!   | false
            all: any line from someone else rings   | ALL      | bob   | hi all   | true
            all: my own line does not               | ALL      | alice | hi all   | false
            off: nothing rings                      | OFF      | bob   | hi alice | false
            """)
    void theBellRingsAsItsModeSays(String name, Mentions.Bell bell, String from, String text, boolean rings) {
        assertThat(Mentions.rings(says(from, text), "alice", bell)).as(name).isEqualTo(rings);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a private message to me is a mention  | bob   | alice | true
            my own private message is not         | alice | bob   | false
            """)
    void privateMessagesToMeAreMentions(String name, String from, String to, boolean mention) {
        ServerEvent.Direct dm = new ServerEvent.Direct(from, to, "psst", Instant.EPOCH);
        assertThat(Mentions.isMention(dm, "alice")).as(name).isEqualTo(mention);
        assertThat(Mentions.rings(dm, "alice", Mentions.Bell.MENTIONS)).as(name).isEqualTo(mention);
    }
}
