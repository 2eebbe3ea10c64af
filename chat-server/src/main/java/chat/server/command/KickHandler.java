package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.util.Optional;

/** {@code /kick}: disconnect someone, telling them who did it and why. Thread-safe: runs on the operator's reader thread; the target is reached through its own methods. */
final class KickHandler {
    private KickHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(ClientSession session, Command.Kick kick) {
        Optional<ClientSession> target = session.hub().find(kick.nick());
        if (target.isEmpty()) {
            session.reply(Replies.noSuchNick(kick.nick()));
            return;
        }
        String by = session.nick();
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} kicked {2}: {3}", session.id(), by, target.get().nick(),
                kick.reason());
        target.get().kick("kicked by " + by + (kick.reason().isEmpty() ? "" : ": " + kick.reason()),
                Replies.kicked(by, kick.reason()));
        session.reply(Replies.moderationDone("Kicked " + target.get().nick() + "."));
    }
}
