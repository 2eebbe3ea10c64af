package chat.client;

import java.util.List;
import org.jline.utils.AttributedString;

/**
 * Where the user types and reads: a line-editing terminal or plain standard streams.
 *
 * <p>Thread-safe: {@link #show} and {@link #info} may be called from the server listener while another
 * thread is in {@link #readLine}; {@link #readLine} and {@link #askNick} are called by one thread only.
 */
interface Console extends AutoCloseable {

    /** Whether a person is typing (a terminal), as opposed to a pipe or file. */
    boolean interactive();

    /** The next line the user typed, or null when input ended (end of file, Ctrl-D, Ctrl-C). */
    String readLine();

    /** Asks for a nickname after the server refused one; null if there is nobody to ask. */
    String askNick();

    /** Shows a rendered line without disturbing what the user is typing. */
    void show(AttributedString line);

    /** What Tab offers; null for a console without completion (piped input). */
    default Completions completions() {
        return null;
    }

    /** Remembers a nickname for completion. */
    default void sawNick(String nick) {
        if (completions() != null) {
            completions().saw(nick);
        }
    }

    /** Forgets a nickname for completion: it left. */
    default void lostNick(String nick) {
        if (completions() != null) {
            completions().lost(nick);
        }
    }

    /** Shows where the user is in the prompt: {@code [#dev] alice> }; either may be null (not yet known). */
    default void where(String room, String nick) {
    }

    /** Rings the terminal bell. */
    default void bell() {
    }

    /** The prompt for {@link #where}. */
    static String prompt(String room, String nick) {
        return (room == null ? "" : "[" + room + "] ") + (nick == null ? "" : nick) + "> ";
    }

    /** Remembers a room name for completion after {@code /join}. */
    default void sawRoom(String room) {
        if (completions() != null) {
            completions().sawRoom(room);
        }
    }

    /** The commands to complete: their names without slash, as the server lists them. */
    default void commands(List<String> names) {
        if (completions() != null) {
            completions().commands(names);
        }
    }

    @Override
    void close();
}
