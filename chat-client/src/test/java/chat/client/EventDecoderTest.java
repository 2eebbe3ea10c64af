package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class EventDecoderTest {

    @Test
    void decodesAMessageWithItsIdAndServerTime() {
        assertThat(EventDecoder.decode("{\"type\":\"message\",\"id\":7,\"room\":\"#lobby\",\"nick\":\"bob\","
                + "\"text\":\"hi \\\"all\\\" \\ud83d\\ude00\",\"ts\":\"2026-11-23T19:02:11.532Z\"}"))
                .isEqualTo(new ServerEvent.Chat(false, 7, "#lobby", "bob", "hi \"all\" \ud83d\ude00",
                        Instant.parse("2026-11-23T19:02:11.532Z"), false));
    }

    @Test
    void decodesTheWelcomeWithItsCommands() {
        assertThat(EventDecoder.decode("{\"type\":\"welcome\",\"nick\":\"alice\",\"room\":\"#lobby\",\"others\":1,"
                + "\"names\":[\"bob\"],\"commands\":[\"join\",\"quit\"]}"))
                .isEqualTo(new ServerEvent.Arrival(true, "alice", "#lobby", 1, List.of("bob"), List.of("join", "quit")));
    }

    @Test
    void aReplayedActionIsMarkedAsReplayed() {
        assertThat(EventDecoder.decode("{\"type\":\"action\",\"id\":3,\"room\":\"#dev\",\"nick\":\"bob\","
                + "\"text\":\"waves\",\"ts\":\"2026-11-23T19:02:11.532Z\",\"replay\":true}"))
                .isEqualTo(new ServerEvent.Chat(true, 3, "#dev", "bob", "waves",
                        Instant.parse("2026-11-23T19:02:11.532Z"), true));
    }

    @Test
    void anImageIsNumberedLikeAMessageAndMayBeReplayed() {
        assertThat(EventDecoder.decode("{\"type\":\"image\",\"id\":4,\"room\":\"#dev\",\"nick\":\"bob\","
                + "\"url\":\"http://h:8080/i/ab.png\",\"name\":\"cat.png\",\"size\":48213,"
                + "\"ts\":\"2026-11-23T19:02:11.532Z\",\"replay\":true}"))
                .isEqualTo(new ServerEvent.Image(4, "#dev", "bob", "http://h:8080/i/ab.png", "cat.png", 48213,
                        Instant.parse("2026-11-23T19:02:11.532Z"), true));
    }

    @Test
    void aResumeReplayCarriesWhatItFollowsAndHowManyWereMissed() {
        assertThat(EventDecoder.decode("{\"type\":\"history\",\"room\":\"#dev\",\"count\":500,\"since\":7,\"missed\":612}"))
                .isEqualTo(new ServerEvent.HistoryStart("#dev", 500, 7, 612));
        ServerEvent plain = EventDecoder.decode("{\"type\":\"history\",\"room\":\"#dev\",\"count\":2}");
        assertThat(plain).isEqualTo(new ServerEvent.HistoryStart("#dev", 2, -1, 0));
        assertThat(((ServerEvent.HistoryStart) plain).resume()).isFalse();
    }

    @Test
    void decodesSearchResultsFraming() {
        assertThat(EventDecoder.decode("{\"type\":\"search\",\"room\":\"#dev\",\"words\":\"deploy friday\",\"count\":2}"))
                .isEqualTo(new ServerEvent.SearchStart("#dev", "deploy friday", 2));
        assertThat(EventDecoder.decode("{\"type\":\"search_end\",\"room\":\"#dev\"}"))
                .isEqualTo(new ServerEvent.SearchEnd("#dev"));
    }

    @Test
    void nicknameRefusalsAreTheErrorsWithANickCode() {
        ServerEvent taken = EventDecoder.decode("{\"type\":\"error\",\"code\":\"nick_taken\",\"text\":\"Nickname a is taken.\"}");
        assertThat(taken).isEqualTo(new ServerEvent.Notice(true, "nick_taken", "Nickname a is taken."));
        assertThat(((ServerEvent.Notice) taken).refusesNick()).isTrue();
        ServerEvent usage = EventDecoder.decode("{\"type\":\"error\",\"code\":\"usage\",\"text\":\"Usage\"}");
        assertThat(((ServerEvent.Notice) usage).refusesNick()).isFalse();
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(EventDecoder.decode("{\"type\":\"join\",\"room\":\"#a\",\"nick\":\"bob\",\"colour\":{\"r\":1},"
                + "\"ts\":\"2026-11-23T19:02:11.532Z\",\"tags\":[1,2]}"))
                .isEqualTo(new ServerEvent.Joined("#a", "bob", Instant.parse("2026-11-23T19:02:11.532Z")));
    }

    @Test
    void missingOrMistypedFieldsReadAsEmpty() {
        assertThat(EventDecoder.decode("{\"type\":\"message\",\"id\":\"x\",\"nick\":7,\"ts\":\"yesterday\"}"))
                .isEqualTo(new ServerEvent.Chat(false, 0, "", "", "", null, false));
    }

    @Test
    void anUnknownTypeIsKeptApartToBeIgnored() {
        assertThat(EventDecoder.decode("{\"type\":\"sparkles\",\"n\":1}")).isEqualTo(new ServerEvent.Unknown("sparkles"));
        assertThat(EventDecoder.decode("{\"no\":\"type\"}")).isEqualTo(new ServerEvent.Unknown(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NICK", "*** Server full (10000 clients), try again later.", "{\"type\":", "[1,2]", "42", "",
        "{\"type\":\"message\"} trailing"})
    void aLineThatIsNotAJsonObjectIsPlainText(String line) {
        assertThat(EventDecoder.decode(line)).isEqualTo(new ServerEvent.Plain(line));
    }
}
