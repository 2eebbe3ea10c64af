package chat.server.command;

import chat.server.ClientSession;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /me}: an action line, kept in history like a message. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class MeHandler {
    private MeHandler() {
    }

    static void handle(ClientSession session, Command.Me me) {
        Room room = session.room();
        if (room != null) {
            room.say(Replies.action(session.nick(), me.action()));
        }
    }
}
