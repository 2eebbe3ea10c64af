package chat.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The commands the client answers itself, never sent to the server: {@code /bell [off|mentions|all]}
 * (what rings the terminal bell; saved in {@link ClientPrefs}) and {@code /ignore [nick]} /
 * {@code /unignore <nick>} (hide someone's messages, actions and private messages for this run).
 *
 * <p>Thread-safe: the input thread changes the ignore list while the listener reads it (a concurrent set).
 */
final class LocalCommands {
    /** Offered by Tab with the server's commands. */
    static final List<String> NAMES = List.of("bell", "ignore", "unignore");

    private final Set<String> ignored = ConcurrentHashMap.newKeySet(); // lower case

    /** The server's command names plus ours. */
    static List<String> withLocal(List<String> serverCommands) {
        List<String> all = new ArrayList<>(serverCommands);
        NAMES.stream().filter(n -> !all.contains(n)).forEach(all::add);
        return all;
    }

    /** The answer to {@code line} if it is one of ours; empty if it goes to the server. */
    Optional<String> handle(String line, ClientPrefs prefs) {
        String[] words = line.strip().split(" +");
        String name = words[0].toLowerCase(Locale.ROOT);
        return switch (name) {
            case "/bell" -> Optional.of(bell(words, prefs));
            case "/ignore" -> Optional.of(ignore(words));
            case "/unignore" -> Optional.of(unignore(words));
            default -> Optional.empty();
        };
    }

    /** Whether {@code event} comes from someone ignored, and so is not shown. */
    boolean hides(ServerEvent event, String me) {
        return switch (event) {
            case ServerEvent.RoomEvent e -> isIgnored(e.nick());
            case ServerEvent.Direct d -> !d.from().equals(me) && isIgnored(d.from());
            default -> false;
        };
    }

    private boolean isIgnored(String nick) {
        return !ignored.isEmpty() && ignored.contains(nick.toLowerCase(Locale.ROOT));
    }

    private static String bell(String[] words, ClientPrefs prefs) {
        if (words.length == 1) {
            return "Bell: " + prefs.bell().word() + " (/bell off, /bell mentions or /bell all).";
        }
        Mentions.Bell bell = words.length == 2 ? Mentions.Bell.of(words[1]) : null;
        if (bell == null) {
            return "Usage: /bell off|mentions|all - what rings the terminal bell (default mentions)";
        }
        try {
            prefs.bell(bell);
            return "Bell: " + bell.word() + ".";
        } catch (IOException e) {
            return "Bell: " + bell.word() + " for now; could not save it: " + e.getMessage();
        }
    }

    private String ignore(String[] words) {
        if (words.length == 1) {
            return ignored.isEmpty() ? "You are ignoring nobody."
                    : "You are ignoring " + String.join(", ", new TreeSet<>(ignored)) + ".";
        }
        if (words.length > 2) {
            return "Usage: /ignore [nick] - hide someone's messages until /unignore (this run only)";
        }
        ignored.add(words[1].toLowerCase(Locale.ROOT));
        return "Ignoring " + words[1] + ": their messages are hidden. /unignore " + words[1] + " to see them again.";
    }

    private String unignore(String[] words) {
        if (words.length != 2) {
            return "Usage: /unignore <nick> - see someone's messages again";
        }
        return ignored.remove(words[1].toLowerCase(Locale.ROOT))
                ? "No longer ignoring " + words[1] + "." : "You are not ignoring " + words[1] + ".";
    }
}
