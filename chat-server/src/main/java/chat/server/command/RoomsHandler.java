package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/** {@code /rooms}: the active rooms with their sizes. Runs on the sender's reader thread. */
final class RoomsHandler {
    private RoomsHandler() {
    }

    static void handle(Context ctx, Command.Rooms rooms) {
        Room current = ctx.room();
        ctx.reply(new Event.RoomList(ctx.directory().roomSizes(), current == null ? "" : current.name()));
    }
}
