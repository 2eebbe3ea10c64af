package chat.server.command;

import chat.server.core.User;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;
import java.util.Optional;

/** {@code /mute}: silence someone for some minutes. Runs on the operator's reader thread. */
final class MuteHandler {
    private MuteHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(Context ctx, Command.Mute mute) {
        Optional<User> target = ctx.directory().find(mute.nick());
        if (target.isEmpty()) {
            ctx.reply(Notices.noSuchNick(mute.nick()));
            return;
        }
        String nick = target.get().nick();
        ctx.moderation().mute(nick, target.get().address(), java.time.Duration.ofMinutes(mute.minutes()), ctx.nick());
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} muted {2} for {3} minutes", ctx.id(), ctx.nick(),
                nick, mute.minutes());
        target.get().send(Notices.muted(ctx.nick(), mute.minutes()));
        ctx.reply(Notices.moderationDone("Muted " + nick + " for " + mute.minutes() + " minutes."));
    }
}
