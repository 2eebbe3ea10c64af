package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /oper}: become an operator with the password from {@code --oper-password-file}. Thread-safe: runs on the operator's reader thread; the target is reached through its own methods. */
final class OperHandler {
    private OperHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(ClientSession session, Command.Oper oper) {
        if (!session.hub().moderation().operatorsEnabled()) {
            session.reply(Replies.operDisabled());
            return;
        }
        long wait = session.tryOper(oper.password());
        if (wait > 0) {
            session.reply(Replies.operWait(wait));
        } else if (session.isOperator()) {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} ({2}) is now an operator", session.id(), session.nick(),
                    session.address().getHostAddress());
            session.reply(Replies.operGranted());
        } else {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} ({2}) gave a wrong operator password", session.id(),
                    session.nick(), session.address().getHostAddress());
            session.reply(Replies.operRefused());
        }
    }
}
