package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/** Plain text: to everyone in the room, the sender included, attributed by the server. Runs on the sender's reader thread. */
final class SayHandler {
    private SayHandler() {
    }

    static void handle(Context ctx, Command.Say say) {
        Room room = ctx.room();
        if (room != null) {
            ctx.publish(room, new Event.Message(0, room.name(), ctx.nick(), say.text(), ctx.now()));
        }
    }
}
