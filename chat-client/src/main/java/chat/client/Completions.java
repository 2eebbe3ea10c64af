package chat.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Tab offers: the commands the server listed in its {@code welcome} (docs/PROTOCOL.md, "JSON
 * mode"), with their slash, and the nicknames seen in events, minus those who left.
 *
 * <p>Thread-safe: the listener thread updates it while the line editor reads it.
 */
final class Completions {
    private volatile List<String> commands = List.of();
    private final Set<String> nicks = ConcurrentHashMap.newKeySet();

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

    List<String> commands() {
        return commands;
    }

    /** The commands, then the nicknames. */
    List<String> candidates() {
        List<String> all = new ArrayList<>(commands);
        all.addAll(nicks);
        return all;
    }
}
