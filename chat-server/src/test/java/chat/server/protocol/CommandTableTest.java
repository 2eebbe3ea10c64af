package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The command table is the one definition: what it says about a command holds for what it parses. */
class CommandTableTest {
    /** Arguments that make each command valid. */
    static final Map<String, String> VALID_ARGS = Map.ofEntries(Map.entry("join", "dev"), Map.entry("rooms", ""),
            Map.entry("who", ""), Map.entry("nick", "x"), Map.entry("msg", "bob hi"), Map.entry("me", "waves"),
            Map.entry("topic", ""), Map.entry("history", ""), Map.entry("search", "x"), Map.entry("resume", "#a 1"), Map.entry("away", ""), Map.entry("whois", "bob"), Map.entry("help", ""), Map.entry("quit", ""),
            Map.entry("oper", "pw"), Map.entry("kick", "bob"), Map.entry("mute", "bob"), Map.entry("ban", "bob"),
            Map.entry("unban", "bob"));

    static final java.util.List<CommandTable.Spec> SPECS = CommandTable.SPECS;

    @ParameterizedTest
    @FieldSource("SPECS")
    void everyCommandParsesFromItsNameAndIsOperatorOnlyExactlyWhenTheTableSaysSo(CommandTable.Spec spec) {
        assertThat(VALID_ARGS).containsKey(spec.name());
        Command command = CommandParser.parse("/" + spec.name() + " " + VALID_ARGS.get(spec.name()));
        assertThat(command).isNotInstanceOf(Command.Misused.class).isNotInstanceOf(Command.Unknown.class);
        assertThat(command instanceof Command.OperatorOnly).isEqualTo(spec.operator());
        assertThat(spec.usage()).startsWith("/" + spec.name());
    }
}
