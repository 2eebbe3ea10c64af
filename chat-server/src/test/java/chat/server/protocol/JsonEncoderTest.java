package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON encoding: one valid object per line with the documented fields. */
class JsonEncoderTest {
    private static final Instant T = Instant.parse("2026-11-23T12:01:30.250Z");
    private static final JsonEncoder JSON = new JsonEncoder();

    private static List<Map<String, Object>> lines(Event event) {
        String text = new String(JSON.encode(event), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        return Arrays.stream(text.substring(0, text.length() - 1).split("\n", -1)).map(Json::object).toList();
    }

    private static Map<String, Object> line(Event event) {
        List<Map<String, Object>> lines = lines(event);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    static Stream<Event> everyKindOfEvent() {
        return Stream.of(new Event.NickPrompt(), new Event.Message(1, "#a", "n", "t", T),
                new Event.Action(1, "#a", "n", "t", T), new Event.Direct("a", "b", "t", T, true),
                new Event.Joined("#a", "n", T), new Event.Left("#a", "n", "", T), new Event.Renamed("#a", "o", "n", T),
                new Event.TopicChanged("#a", "n", "t", T), new Event.Topic("#a", ""),
                new Event.Arrival("n", "#a", true, List.of(), 0, List.of()),
                new Event.History("#a", List.of()), new Event.RoomList(List.of(), ""),
                new Event.Who("#a", List.of()), new Event.Help(CommandTable.SPECS), Notices.goodbye());
    }

    @ParameterizedTest
    @MethodSource("everyKindOfEvent")
    void everyEventIsValidJsonWithAType(Event event) {
        for (Map<String, Object> line : lines(event)) {
            assertThat(line.get("type")).isInstanceOf(String.class);
        }
    }

    @Test
    void aMessageCarriesIdRoomNickTextAndUtcTime() {
        assertThat(line(new Event.Message(42, "#dev", "alice", "hi", T))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "type", "message", "id", 42L, "room", "#dev", "nick", "alice", "text", "hi",
                "ts", "2026-11-23T12:01:30.250Z"));
    }

    @Test
    void hostileTextRoundTrips() {
        String text = "quotes \" backslash \\ <b>tags</b> \u0007 \u001b[31m emoji 👩‍💻 \u2028";
        assertThat(line(new Event.Message(1, "#a", "n", text, T))).containsEntry("text", text);
    }

    @Test
    void aHistoryIsFramedAndItsMessagesAreMarkedAsReplay() {
        List<Map<String, Object>> lines = lines(new Event.History("#dev", List.of(
                new Event.Message(1, "#dev", "a", "one", T), new Event.Action(2, "#dev", "b", "waves", T))));
        assertThat(lines).extracting(l -> l.get("type"))
                .containsExactly("history", "message", "action", "history_end");
        assertThat(lines.get(0)).containsEntry("count", 2L);
        assertThat(lines.get(1)).containsEntry("replay", true).containsEntry("id", 1L);
    }

    @Test
    void noticesAndErrorsCarryAFixedCodeAndTheSentence() {
        assertThat(line(Notices.nickTaken("alice"))).containsEntry("type", "error").containsEntry("code", "nick_taken")
                .containsEntry("text", "Nickname alice is taken, choose another.");
        assertThat(line(Notices.goodbye())).containsEntry("type", "notice").containsEntry("code", "goodbye");
    }

    @Test
    void theWelcomeListsNamesAndCommands() {
        Map<String, Object> welcome = line(new Event.Arrival("alice", "#lobby", true, List.of("bob"), 1,
                CommandTable.names(false)));
        assertThat(welcome).containsEntry("type", "welcome").containsEntry("others", 1L)
                .containsEntry("names", List.of("bob"));
        assertThat(welcome.get("commands")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .contains("join", "msg").doesNotContain("kick");
    }
}
