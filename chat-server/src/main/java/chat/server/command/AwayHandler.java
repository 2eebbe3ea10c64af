package chat.server.command;

import chat.server.protocol.Command;
import chat.server.protocol.Notices;

/** {@code /away [message]}: marks the sender away, or back without a message. Runs on the sender's reader thread. */
final class AwayHandler {
    private AwayHandler() {
    }

    static void handle(Context ctx, Command.Away away) {
        ctx.away(away.message());
        ctx.reply(away.message().isEmpty() ? Notices.awayCleared() : Notices.awaySet(away.message()));
    }
}
