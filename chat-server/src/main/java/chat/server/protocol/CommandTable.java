package chat.server.protocol;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one definition of every command: its name, usage, description, whether it is for operators, and
 * how its arguments parse. {@link CommandParser}, {@code /help}, the dispatcher's permission check and the
 * command list sent to JSON clients (for completion) all derive from {@link #SPECS}; the handler of each
 * parsed {@link Command} is chosen by the exhaustive switch in {@code command.Dispatcher}.
 *
 * <p>Thread-safe: immutable.
 */
public final class CommandTable {

    /** Minutes of /mute without a count. */
    public static final int DEFAULT_MUTE_MINUTES = 10;
    /** Minutes of /ban without a count. */
    public static final int DEFAULT_BAN_MINUTES = 60;

    /**
     * One command.
     *
     * @param name     the name, without the slash, lower case
     * @param usage    e.g. {@code /join <room>}
     * @param operator whether only operators may use it
     * @param parse    the arguments (trimmed, maybe empty) to a command, or {@link Command.Misused}
     */
    public record Spec(String name, String usage, String description, boolean operator,
                       Function<String, Command> parse) { }

    /** Every command, in the order {@code /help} lists them. */
    public static final List<Spec> SPECS = List.of(
            spec("join", "/join <room>", "leave this room and enter <room> (created if new)",
                    a -> oneWord(a) ? new Command.Join(a) : null),
            spec("rooms", "/rooms", "list the active rooms and their sizes",
                    a -> a.isEmpty() ? new Command.Rooms() : null),
            spec("who", "/who [room]", "list the members of this room or of <room>",
                    a -> a.isEmpty() || oneWord(a) ? new Command.Who(a) : null),
            spec("nick", "/nick <new>", "change your nickname",
                    a -> oneWord(a) ? new Command.Nick(a) : null),
            spec("msg", "/msg <nick> <text>", "send a private message", CommandTable::message),
            spec("me", "/me <action>", "show an action: * you <action>",
                    a -> a.isEmpty() ? null : new Command.Me(a)),
            spec("topic", "/topic [text]", "show the room's topic, or set it", Command.Topic::new),
            spec("history", "/history [before <id>] [n]",
                    "show the room's last n messages (default 20), or those before message <id>", CommandTable::history),
            spec("search", "/search <words>", "find the room's recent messages that contain every word",
                    a -> a.isEmpty() ? null : new Command.Search(a)),
            spec("resume", "/resume <room> <id>", "enter <room> and get every message after message <id>",
                    CommandTable::resume),
            spec("away", "/away [message]", "say you are away (shown in /who, /whois and to who /msg you); alone: back",
                    Command.Away::new),
            spec("whois", "/whois <nick>", "show someone's room, time connected, idle time and away message",
                    a -> oneWord(a) ? new Command.Whois(a) : null),
            spec("help", "/help [command]", "list the commands, or explain one", Command.Help::new),
            spec("quit", "/quit [reason]", "leave the chat", Command.Quit::new),
            spec("oper", "/oper <password>", "become an operator",
                    a -> oneWord(a) ? new Command.Oper(a) : null),
            operator("kick", "/kick <nick> [reason]", "operators: disconnect someone", CommandTable::kick),
            operator("mute", "/mute <nick> [minutes]", "operators: silence someone (default 10 minutes)",
                    a -> targetAndMinutes(a, DEFAULT_MUTE_MINUTES, Command.Mute::new)),
            operator("ban", "/ban <nick|ip> [minutes]", "operators: ban an address (default 60 minutes)",
                    a -> targetAndMinutes(a, DEFAULT_BAN_MINUTES, Command.Ban::new)),
            operator("unban", "/unban <nick|ip>", "operators: lift a ban",
                    a -> oneWord(a) ? new Command.Unban(a) : null));

    private CommandTable() {
    }

    /** The command called {@code name} (case-insensitive, a leading slash allowed), if there is one. */
    public static Optional<Spec> find(String name) {
        String bare = (name.startsWith("/") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
        for (Spec spec : SPECS) {
            if (spec.name().equals(bare)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    /** The commands a client may use: without /oper and operator commands on a server that has no operators. */
    public static List<Spec> available(boolean operatorsEnabled) {
        return operatorsEnabled ? SPECS
                : SPECS.stream().filter(s -> !s.operator() && !s.name().equals("oper")).toList();
    }

    /** The names of {@link #available}. */
    public static List<String> names(boolean operatorsEnabled) {
        return available(operatorsEnabled).stream().map(Spec::name).toList();
    }

    private static Spec spec(String name, String usage, String description, Function<String, Command> parse) {
        return new Spec(name, usage, description, false, misusedIfNull(name, parse));
    }

    private static Spec operator(String name, String usage, String description, Function<String, Command> parse) {
        return new Spec(name, usage, description, true, misusedIfNull(name, parse));
    }

    private static Function<String, Command> misusedIfNull(String name, Function<String, Command> parse) {
        return args -> {
            Command command = parse.apply(args);
            return command == null ? new Command.Misused(name) : command;
        };
    }

    private static boolean oneWord(String args) {
        return !args.isEmpty() && args.indexOf(' ') < 0;
    }

    private static Command message(String args) {
        int space = args.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String text = args.substring(space + 1).strip();
        return text.isEmpty() ? null : new Command.Msg(args.substring(0, space), text);
    }

    private static Command history(String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" +");
        try {
            if (words.length == 0) {
                return new Command.History(-1, -1);
            }
            if (words.length == 1) {
                int count = Integer.parseInt(words[0]);
                return count > 0 ? new Command.History(count, -1) : null;
            }
            if (!words[0].equalsIgnoreCase("before") || words.length > 3) {
                return null;
            }
            long before = Long.parseLong(words[1]);
            int count = words.length == 3 ? Integer.parseInt(words[2]) : -1;
            return before > 0 && (count > 0 || count == -1) ? new Command.History(count, before) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Command resume(String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" +");
        if (words.length != 2) {
            return null;
        }
        try {
            long after = Long.parseLong(words[1]);
            return after >= 0 ? new Command.Resume(words[0], after) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Command kick(String args) {
        if (args.isEmpty()) {
            return null;
        }
        int space = args.indexOf(' ');
        return space < 0 ? new Command.Kick(args, "")
                : new Command.Kick(args.substring(0, space), args.substring(space + 1).strip());
    }

    private interface TargetAndMinutes {
        Command make(String target, int minutes);
    }

    private static Command targetAndMinutes(String args, int defaultMinutes, TargetAndMinutes make) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" +");
        if (words.length < 1 || words.length > 2) {
            return null;
        }
        int minutes = defaultMinutes;
        if (words.length == 2) {
            try {
                minutes = Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (minutes < 1) {
                return null;
            }
        }
        return make.make(words[0], minutes);
    }
}
