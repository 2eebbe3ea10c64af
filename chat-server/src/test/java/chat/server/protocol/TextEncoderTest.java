package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The text encoding of every event is exactly the line protocol's wire lines (docs/PROTOCOL.md). */
class TextEncoderTest {
    private static final Instant T = Instant.parse("2026-11-23T12:01:30Z");
    private static final TextEncoder TEXT = new TextEncoder(ZoneOffset.UTC);

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(new Event.NickPrompt(), "NICK"),
                Arguments.of(new Event.Message(3, "#lobby", "alice", "hi \"there\"", T), "alice: hi \"there\""),
                Arguments.of(new Event.Action(4, "#lobby", "bob", "waves", T), "* bob waves"),
                Arguments.of(new Event.Direct("bob", "alice", "psst", T, false), "[DM from bob] psst"),
                Arguments.of(new Event.Direct("bob", "alice", "psst", T, true), "[DM to alice] psst"),
                Arguments.of(new Event.Joined("#dev", "carol", T), "*** carol joined #dev"),
                Arguments.of(new Event.Left("#dev", "carol", "", T), "*** carol left #dev"),
                Arguments.of(new Event.Left("#dev", "carol", "quit: bye", T), "*** carol left #dev (quit: bye)"),
                Arguments.of(new Event.Renamed("#dev", "carol", "caro", T), "*** carol is now known as caro"),
                Arguments.of(new Event.TopicChanged("#dev", "bob", "release", T), "*** bob set the topic of #dev to: release"),
                Arguments.of(new Event.Topic("#dev", "release"), "*** Topic of #dev: release"),
                Arguments.of(new Event.Topic("#dev", ""), "*** No topic is set for #dev."),
                Arguments.of(new Event.Arrival("alice", "#lobby", true, List.of(), 0, List.of("join")),
                        "*** Welcome, alice! You are in #lobby, nobody else is here yet. Type /help for commands."),
                Arguments.of(new Event.Arrival("alice", "#lobby", true, List.of("bob"), 1, List.of()),
                        "*** Welcome, alice! You are in #lobby with 1 other. Type /help for commands.\r\n*** Here: bob"),
                Arguments.of(new Event.Arrival("alice", "#big", false, List.of("a", "b"), 5, List.of()),
                        "*** You are in #big with 5 others.\r\n*** Here: a, b and 3 more"),
                Arguments.of(new Event.History("#lobby", List.of(
                                new Event.Message(1, "#lobby", "alice", "hi", T),
                                new Event.Action(2, "#lobby", "alice", "waves", T.plusSeconds(60)))),
                        "*** History of #lobby, last 2 messages:\r\n[12:01] alice: hi\r\n[12:02] * alice waves\r\n*** End of history."),
                Arguments.of(new Event.History("#dev", List.of()), "*** No messages in #dev yet."),
                Arguments.of(new Event.RoomList(List.of(new Event.RoomSize("#lobby", 3), new Event.RoomSize("#dev", 1)), "#dev"),
                        "*** 2 rooms:\r\n***   #lobby (3)\r\n***   #dev (1) <- you are here"),
                Arguments.of(new Event.Who("#dev", List.of("bob")), "*** #dev has 1 member:\r\n***   bob"),
                Arguments.of(Notices.nickTaken("alice"), "*** Nickname alice is taken, choose another."),
                Arguments.of(Notices.handshakeTimeout(Duration.ofSeconds(30)), "*** No valid nickname within 30 seconds, goodbye."),
                Arguments.of(Notices.usage(CommandTable.find("msg").orElseThrow()),
                        "*** Usage: /msg <nick> <text> - send a private message"),
                Arguments.of(Notices.goodbye(), "*** Goodbye."));
    }

    @ParameterizedTest
    @MethodSource("events")
    void encodesEachEventAsTheLinesOfTheTextProtocol(Event event, String lines) {
        assertThat(new String(TEXT.encode(event), StandardCharsets.UTF_8)).isEqualTo(lines + "\r\n");
    }
}
