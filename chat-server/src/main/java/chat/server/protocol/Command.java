package chat.server.protocol;

/**
 * One line from a client after the handshake, parsed. A new command is a new record here, an entry in
 * {@link CommandTable} (name, usage, how it parses), and a handler; the compiler points at the dispatch
 * switch until the handler exists.
 *
 * <p>Thread-safe: immutable values.
 */
public sealed interface Command {

    /** A command only operators may use; {@link #name()} is its name for the refusal. */
    sealed interface OperatorOnly extends Command {
        String name();
    }

    /** A command that says something to others: refused while the speaker is muted. */
    sealed interface Speech extends Command { }

    /** Plain text for the room (also {@code //text}, which says {@code /text}). */
    record Say(String text) implements Speech { }

    /** {@code /me <action>}. */
    record Me(String action) implements Speech { }

    /** {@code /quit [reason]}; {@code reason} may be empty. */
    record Quit(String reason) implements Command { }

    /** {@code /join <room>}. */
    record Join(String room) implements Command { }

    /** {@code /rooms}. */
    record Rooms() implements Command { }

    /** {@code /who [room]}; {@code room} empty means the current room. */
    record Who(String room) implements Command { }

    /** {@code /nick <new>}. */
    record Nick(String nick) implements Command { }

    /** {@code /msg <nick> <text>}. */
    record Msg(String nick, String text) implements Speech { }

    /** {@code /topic [text]}; {@code text} empty means show the topic. */
    record Topic(String text) implements Command { }

    /** {@code /history [n]} or {@code /history before <id> [n]}; {@code count} is -1 when not given, {@code before} -1 for the latest. */
    record History(int count, long before) implements Command { }

    /** {@code /search <words>}. */
    record Search(String words) implements Command { }

    /** {@code /resume <room> <id>}: the messages of {@code room} after {@code id}, then its live traffic. */
    record Resume(String room, long after) implements Command { }

    /** {@code /away [message]}; an empty {@code message} means back. */
    record Away(String message) implements Command { }

    /** {@code /whois <nick>}. */
    record Whois(String nick) implements Command { }

    /** {@code /help [command]}; {@code command} may be empty. */
    record Help(String command) implements Command { }

    /** {@code /oper <password>}. */
    record Oper(String password) implements Command { }

    /** {@code /kick <nick> [reason]}. */
    record Kick(String nick, String reason) implements OperatorOnly {
        public String name() {
            return "kick";
        }
    }

    /** {@code /mute <nick> [minutes]}. */
    record Mute(String nick, int minutes) implements OperatorOnly {
        public String name() {
            return "mute";
        }
    }

    /** {@code /ban <nick|ip> [minutes]}. */
    record Ban(String target, int minutes) implements OperatorOnly {
        public String name() {
            return "ban";
        }
    }

    /** {@code /unban <nick|ip>}. */
    record Unban(String target) implements OperatorOnly {
        public String name() {
            return "unban";
        }
    }

    /** A known command used wrongly; {@code command} names it so the reply can show its usage. */
    record Misused(String command) implements Command { }

    /** A {@code /word} that is no command. */
    record Unknown(String command) implements Command { }
}
