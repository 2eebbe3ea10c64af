package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /unban}: lift a ban, named by address or by the nick that was banned. Thread-safe: runs on the operator's reader thread; the target is reached through its own methods. */
final class UnbanHandler {
    private UnbanHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(ClientSession session, Command.Unban unban) {
        session.hub().moderation().unban(unban.target()).ifPresentOrElse(ban -> {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} unbanned {2} ({3})", session.id(), session.nick(),
                    ban.nick(), ban.address().getHostAddress());
            session.reply(Replies.moderationDone("Unbanned " + ban.nick() + " (" + ban.address().getHostAddress() + ")."));
        }, () -> session.reply(Replies.moderationDone("No ban for " + unban.target() + ".")));
    }
}
