package chat.server.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The usage and one-line description of every command, in the order {@code /help} lists them.
 *
 * <p>Thread-safe: immutable.
 */
public final class HelpText {

    /** One command's help. */
    public record Entry(String name, String usage, String description) { }

    public static final List<Entry> ENTRIES = List.of(
            new Entry("join", "/join <room>", "leave this room and enter <room> (created if new)"),
            new Entry("rooms", "/rooms", "list the active rooms and their sizes"),
            new Entry("who", "/who [room]", "list the members of this room or of <room>"),
            new Entry("nick", "/nick <new>", "change your nickname"),
            new Entry("msg", "/msg <nick> <text>", "send a private message"),
            new Entry("me", "/me <action>", "show an action: * you <action>"),
            new Entry("topic", "/topic [text]", "show the room's topic, or set it"),
            new Entry("history", "/history [n]", "show the room's last n messages (default 20)"),
            new Entry("help", "/help [command]", "list the commands, or explain one"),
            new Entry("quit", "/quit [reason]", "leave the chat"),
            new Entry("oper", "/oper <password>", "become an operator"),
            new Entry("kick", "/kick <nick> [reason]", "operators: disconnect someone"),
            new Entry("mute", "/mute <nick> [minutes]", "operators: silence someone (default 10 minutes)"),
            new Entry("ban", "/ban <nick|ip> [minutes]", "operators: ban an address (default 60 minutes)"),
            new Entry("unban", "/unban <nick|ip>", "operators: lift a ban"));

    private HelpText() {
    }

    /** The entry for {@code name} (without the slash), if it is a command. */
    public static Optional<Entry> find(String name) {
        String bare = name.startsWith("/") ? name.substring(1) : name;
        return ENTRIES.stream().filter(e -> e.name().equalsIgnoreCase(bare)).findFirst();
    }
}
