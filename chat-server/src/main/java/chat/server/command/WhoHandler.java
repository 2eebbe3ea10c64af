package chat.server.command;

import chat.server.ClientSession;
import chat.server.Names;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.util.Optional;

/** {@code /who}: the members of the current or a named room. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class WhoHandler {
    private WhoHandler() {
    }

    static void handle(ClientSession session, Command.Who who) {
        Optional<Room> room = who.room().isEmpty()
                ? Optional.ofNullable(session.room())
                : Names.roomName(who.room()).flatMap(name -> session.hub().room(name));
        if (room.isEmpty()) {
            session.reply(Replies.noSuchRoom(who.room()));
            return;
        }
        session.reply(Replies.who(room.get().name(), room.get().nicks()));
    }
}
