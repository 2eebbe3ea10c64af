package chat.server.command;

import chat.server.core.User;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;
import java.util.Optional;

/** {@code /kick}: disconnect someone, telling them who did it and why. Runs on the operator's reader thread. */
final class KickHandler {
    private KickHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(Context ctx, Command.Kick kick) {
        Optional<User> target = ctx.directory().find(kick.nick());
        if (target.isEmpty()) {
            ctx.reply(Notices.noSuchNick(kick.nick()));
            return;
        }
        String by = ctx.nick();
        String nick = target.get().nick();
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} kicked {2}: {3}", ctx.id(), by, nick, kick.reason());
        target.get().kick(User.Kick.KICKED, "kicked by " + by + (kick.reason().isEmpty() ? "" : ": " + kick.reason()),
                Notices.kicked(by, kick.reason()));
        ctx.reply(Notices.moderationDone("Kicked " + nick + "."));
    }
}
