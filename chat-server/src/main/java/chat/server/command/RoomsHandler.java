package chat.server.command;

import chat.server.ClientSession;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /rooms}: the active rooms with their sizes. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class RoomsHandler {
    private RoomsHandler() {
    }

    static void handle(ClientSession session, Command.Rooms rooms) {
        Room current = session.room();
        session.reply(Replies.rooms(session.hub().roomSizes(), current == null ? "" : current.name()));
    }
}
