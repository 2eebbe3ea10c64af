package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/**
 * {@code /history}: the room's last messages (at most what it keeps in memory), or a page of older ones
 * before an id, read from the store. Runs on the sender's reader thread, holding no lock while it reads.
 */
final class HistoryHandler {
    private HistoryHandler() {
    }

    /** Messages shown by {@code /history} without a count. */
    static final int DEFAULT_COUNT = 20;

    static void handle(Context ctx, Command.History history) {
        Room room = ctx.room();
        if (room == null) {
            return;
        }
        int count = Math.min(history.count() < 0 ? DEFAULT_COUNT : history.count(), ctx.historyLimit());
        ctx.reply(new Event.History(room.name(), history.before() < 0 ? room.lastMessages(count)
                : room.messagesBefore(history.before(), count)));
    }
}
