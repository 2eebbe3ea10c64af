package chat.server.protocol;

import java.util.Locale;

/**
 * Parses one sanitized, non-empty line into a {@link Command}. Pure: no state, no I/O.
 *
 * <p>Rules (docs/PROTOCOL.md, "Commands"): a line not starting with {@code /} is text for the room;
 * {@code //text} is the text {@code /text}; otherwise the first word names the command, case-insensitively,
 * and the rest, trimmed, are its arguments, parsed as {@link CommandTable} says.
 *
 * <p>Thread-safe: stateless.
 */
public final class CommandParser {

    private CommandParser() {
    }

    public static Command parse(String line) {
        if (line.isEmpty() || line.charAt(0) != '/') {
            return new Command.Say(line);
        }
        if (line.startsWith("//")) {
            return new Command.Say(line.substring(1));
        }
        int space = line.indexOf(' ');
        String name = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space + 1).strip();
        return CommandTable.find(name)
                .map(spec -> spec.parse().apply(args))
                .orElseGet(() -> new Command.Unknown(name));
    }
}
