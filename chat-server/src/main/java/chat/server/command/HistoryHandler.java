package chat.server.command;

import chat.server.ClientSession;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /history}: the room's last messages, at most what it keeps. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class HistoryHandler {
    private HistoryHandler() {
    }

    /** Messages shown by {@code /history} without a count. */
    static final int DEFAULT_COUNT = 20;

    static void handle(ClientSession session, Command.History history) {
        Room room = session.room();
        if (room == null) {
            return;
        }
        int kept = session.hub().config().historySize();
        int count = Math.min(history.count() < 0 ? DEFAULT_COUNT : history.count(), kept);
        session.reply(Replies.history(room.name(), room.lastMessages(count), session.hub().zone()));
    }
}
