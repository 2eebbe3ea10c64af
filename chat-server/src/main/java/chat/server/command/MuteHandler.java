package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.util.Optional;

/** {@code /mute}: silence someone for some minutes. Thread-safe: runs on the operator's reader thread; the target is reached through its own methods. */
final class MuteHandler {
    private MuteHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(ClientSession session, Command.Mute mute) {
        Optional<ClientSession> target = session.hub().find(mute.nick());
        if (target.isEmpty()) {
            session.reply(Replies.noSuchNick(mute.nick()));
            return;
        }
        target.get().mute(mute.minutes());
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} muted {2} for {3} minutes", session.id(), session.nick(),
                target.get().nick(), mute.minutes());
        target.get().reply(Replies.muted(session.nick(), mute.minutes()));
        session.reply(Replies.moderationDone("Muted " + target.get().nick() + " for " + mute.minutes() + " minutes."));
    }
}
