package chat.server.protocol;

import java.util.Locale;

/**
 * Parses one sanitized, non-empty line into a {@link Command}. Pure: no state, no I/O.
 *
 * <p>Rules (docs/PROTOCOL.md, "Commands"): a line not starting with {@code /} is text for the room;
 * {@code //text} is the text {@code /text}; otherwise the first word names the command, case-insensitively,
 * and the rest, trimmed, are its arguments.
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
        return switch (name) {
            case "me" -> args.isEmpty() ? new Command.Misused(name) : new Command.Me(args);
            case "quit" -> new Command.Quit(args);
            case "join" -> oneWord(args) ? new Command.Join(args) : new Command.Misused(name);
            case "rooms" -> args.isEmpty() ? new Command.Rooms() : new Command.Misused(name);
            case "who" -> args.isEmpty() || oneWord(args) ? new Command.Who(args) : new Command.Misused(name);
            case "nick" -> oneWord(args) ? new Command.Nick(args) : new Command.Misused(name);
            case "msg" -> message(args);
            case "topic" -> new Command.Topic(args);
            case "history" -> history(args);
            case "help" -> new Command.Help(args);
            case "oper" -> oneWord(args) ? new Command.Oper(args) : new Command.Misused(name);
            case "kick" -> kick(args);
            case "mute" -> targetAndMinutes(name, args, DEFAULT_MUTE_MINUTES);
            case "ban" -> targetAndMinutes(name, args, DEFAULT_BAN_MINUTES);
            case "unban" -> oneWord(args) ? new Command.Unban(args) : new Command.Misused(name);
            default -> new Command.Unknown(name);
        };
    }

    /** Minutes of /mute without a count. */
    public static final int DEFAULT_MUTE_MINUTES = 10;
    /** Minutes of /ban without a count. */
    public static final int DEFAULT_BAN_MINUTES = 60;

    private static Command kick(String args) {
        if (args.isEmpty()) {
            return new Command.Misused("kick");
        }
        int space = args.indexOf(' ');
        return space < 0 ? new Command.Kick(args, "")
                : new Command.Kick(args.substring(0, space), args.substring(space + 1).strip());
    }

    private static Command targetAndMinutes(String name, String args, int defaultMinutes) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" +");
        if (words.length < 1 || words.length > 2) {
            return new Command.Misused(name);
        }
        int minutes = defaultMinutes;
        if (words.length == 2) {
            try {
                minutes = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                return new Command.Misused(name);
            }
            if (minutes < 1) {
                return new Command.Misused(name);
            }
        }
        return name.equals("mute") ? new Command.Mute(words[0], minutes) : new Command.Ban(words[0], minutes);
    }

    private static boolean oneWord(String args) {
        return !args.isEmpty() && args.indexOf(' ') < 0;
    }

    private static Command message(String args) {
        int space = args.indexOf(' ');
        if (space < 0) {
            return new Command.Misused("msg");
        }
        String text = args.substring(space + 1).strip();
        return text.isEmpty() ? new Command.Misused("msg") : new Command.Msg(args.substring(0, space), text);
    }

    private static Command history(String args) {
        if (args.isEmpty()) {
            return new Command.History(-1);
        }
        try {
            int count = Integer.parseInt(args);
            return count > 0 ? new Command.History(count) : new Command.Misused("history");
        } catch (NumberFormatException e) {
            return new Command.Misused("history");
        }
    }
}
