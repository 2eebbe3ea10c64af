package chat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Tab offers, by context: the commands the server listed in its {@code welcome} (docs/PROTOCOL.md,
 * "JSON mode") for a first word starting with {@code /}; the rooms seen (entered, or listed by
 * {@code /rooms}) after {@code /join}, with or without their {@code #} as typed; otherwise the nicknames seen in events, minus those who left, as
 * {@code nick:} when the nickname starts the line (addressing someone).
 *
 * <p>Thread-safe: the listener thread updates it while the line editor reads it.
 */
final class Completions {
    private volatile List<String> commands = List.of();
    private final Set<String> nicks = ConcurrentHashMap.newKeySet();
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    /** Replaces the commands with {@code names} (without slash), as listed by the server. */
    void commands(List<String> names) {
        commands = names.stream().map(n -> "/" + n).toList();
    }

    void saw(String nick) {
        if (!nick.isEmpty()) {
            nicks.add(nick);
        }
    }

    void lost(String nick) {
        nicks.remove(nick);
    }

    void sawRoom(String room) {
        if (!room.isEmpty()) {
            rooms.add(room);
        }
    }

    List<String> commands() {
        return commands;
    }

    /** The commands, then the nicknames. */
    List<String> candidates() {
        List<String> all = new ArrayList<>(commands);
        all.addAll(nicks);
        return all;
    }

    /**
     * What may complete the word being typed.
     *
     * @param before the line before that word (empty when it is the first word)
     * @param word   the word so far
     */
    List<String> complete(String before, String word) {
        String previous = before.strip().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        if (previous.isEmpty() && word.startsWith("/")) {
            out.addAll(commands);
        } else if (previous.equals("/join")) {
            // The # is optional for /join: offer the names the way the user started typing them.
            rooms.forEach(r -> out.add(word.startsWith("#") || !r.startsWith("#") ? r : r.substring(1)));
        } else if (previous.isEmpty()) {
            nicks.forEach(n -> out.add(n + ":"));
        } else {
            out.addAll(nicks);
        }
        out.removeIf(c -> !c.regionMatches(true, 0, word, 0, word.length()));
        out.sort(String.CASE_INSENSITIVE_ORDER);
        return out;
    }
}
