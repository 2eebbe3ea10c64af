package chat.server.command;

import chat.server.ClientSession;
import chat.server.Names;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.util.Optional;

/** {@code /join}: leave the current room, enter another (created on first join). Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class JoinHandler {
    private JoinHandler() {
    }

    static void handle(ClientSession session, Command.Join join) {
        Optional<String> name = Names.roomName(join.room());
        if (name.isEmpty()) {
            session.reply(Replies.roomInvalid(join.room()));
            return;
        }
        Room current = session.room();
        if (current != null && Names.sameRoom(current.name(), name.get())) {
            session.reply(Replies.alreadyInRoom(current.name()));
            return;
        }
        session.moveTo(name.get(), false);
    }
}
