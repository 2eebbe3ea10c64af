package chat.server.command;

import chat.server.core.Names;
import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;
import java.util.Optional;

/** {@code /join}: leave the current room, enter another (created on first join). Runs on the sender's reader thread. */
final class JoinHandler {
    private JoinHandler() {
    }

    static void handle(Context ctx, Command.Join join) {
        Optional<String> name = Names.roomName(join.room());
        if (name.isEmpty()) {
            ctx.reply(Notices.roomInvalid(join.room()));
            return;
        }
        Room current = ctx.room();
        if (current != null && Names.sameRoom(current.name(), name.get())) {
            ctx.reply(Notices.alreadyInRoom(current.name()));
            return;
        }
        ctx.moveTo(name.get(), new chat.server.core.Replay.Last(ctx.replayOnJoin()));
    }
}
