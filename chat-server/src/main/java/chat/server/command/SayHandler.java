package chat.server.command;

import chat.server.ClientSession;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** Plain text: to everyone in the room, the sender included, attributed by the server. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class SayHandler {
    private SayHandler() {
    }

    static void handle(ClientSession session, Command.Say say) {
        Room room = session.room();
        if (room != null) {
            room.say(Replies.chat(session.nick(), say.text()));
        }
    }
}
