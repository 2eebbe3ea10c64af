package chat.server.command;

import chat.server.protocol.Command;
import chat.server.protocol.Notices;

/** {@code /unban}: lift a ban, named by address or by the nick that was banned. Runs on the operator's reader thread. */
final class UnbanHandler {
    private UnbanHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(Context ctx, Command.Unban unban) {
        ctx.moderation().unban(unban.target()).ifPresentOrElse(ban -> {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} unbanned {2} ({3})", ctx.id(), ctx.nick(),
                    ban.nick(), ban.address().getHostAddress());
            ctx.reply(Notices.moderationDone("Unbanned " + ban.nick() + " (" + ban.address().getHostAddress() + ")."));
        }, () -> ctx.reply(Notices.moderationDone("No ban for " + unban.target() + ".")));
    }
}
