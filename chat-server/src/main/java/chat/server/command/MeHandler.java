package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/** {@code /me}: an action, kept in history like a message. Runs on the sender's reader thread. */
final class MeHandler {
    private MeHandler() {
    }

    static void handle(Context ctx, Command.Me me) {
        Room room = ctx.room();
        if (room != null) {
            ctx.publish(room, new Event.Action(0, room.name(), ctx.nick(), me.action(), ctx.now()));
        }
    }
}
