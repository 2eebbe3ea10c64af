package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/** {@code /search}: the room's recent messages that contain every word. Runs on the sender's reader thread, holding no lock. */
final class SearchHandler {
    private SearchHandler() {
    }

    /** Most matches shown. */
    static final int MAX_MATCHES = 20;

    static void handle(Context ctx, Command.Search search) {
        Room room = ctx.room();
        if (room != null) {
            ctx.reply(new Event.Search(room.name(), search.words(), room.search(search.words(), MAX_MATCHES)));
        }
    }
}
