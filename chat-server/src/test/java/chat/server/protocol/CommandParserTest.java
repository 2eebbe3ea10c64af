package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class CommandParserTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("hello", new Command.Say("hello")),
                Arguments.of("//slash", new Command.Say("/slash")),
                Arguments.of("// spaced", new Command.Say("/ spaced")),
                Arguments.of("/me waves hello", new Command.Me("waves hello")),
                Arguments.of("/ME waves", new Command.Me("waves")),
                Arguments.of("/me", new Command.Misused("me")),
                Arguments.of("/quit", new Command.Quit("")),
                Arguments.of("/quit  gone fishing ", new Command.Quit("gone fishing")),
                Arguments.of("/join #dev", new Command.Join("#dev")),
                Arguments.of("/join dev", new Command.Join("dev")),
                Arguments.of("/join", new Command.Misused("join")),
                Arguments.of("/join two words", new Command.Misused("join")),
                Arguments.of("/rooms", new Command.Rooms()),
                Arguments.of("/rooms x", new Command.Misused("rooms")),
                Arguments.of("/who", new Command.Who("")),
                Arguments.of("/who #dev", new Command.Who("#dev")),
                Arguments.of("/nick bob", new Command.Nick("bob")),
                Arguments.of("/nick", new Command.Misused("nick")),
                Arguments.of("/msg bob hi there", new Command.Msg("bob", "hi there")),
                Arguments.of("/msg bob", new Command.Misused("msg")),
                Arguments.of("/msg bob   ", new Command.Misused("msg")),
                Arguments.of("/topic", new Command.Topic("")),
                Arguments.of("/topic Release day", new Command.Topic("Release day")),
                Arguments.of("/history", new Command.History(-1, -1)),
                Arguments.of("/history 5", new Command.History(5, -1)),
                Arguments.of("/history before 120", new Command.History(-1, 120)),
                Arguments.of("/history BEFORE 120 50", new Command.History(50, 120)),
                Arguments.of("/history before x", new Command.Misused("history")),
                Arguments.of("/history before 0", new Command.Misused("history")),
                Arguments.of("/history after 5", new Command.Misused("history")),
                Arguments.of("/search deploy friday", new Command.Search("deploy friday")),
                Arguments.of("/search", new Command.Misused("search")),
                Arguments.of("/resume #dev 41", new Command.Resume("#dev", 41)),
                Arguments.of("/resume #dev", new Command.Misused("resume")),
                Arguments.of("/resume #dev -1", new Command.Misused("resume")),
                Arguments.of("/history 0", new Command.Misused("history")),
                Arguments.of("/history lots", new Command.Misused("history")),
                Arguments.of("/help", new Command.Help("")),
                Arguments.of("/help join", new Command.Help("join")),
                Arguments.of("/frob x", new Command.Unknown("frob")),
                Arguments.of("/", new Command.Unknown("")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void parsesLine(String line, Command expected) {
        assertThat(CommandParser.parse(line)).isEqualTo(expected);
    }
}
