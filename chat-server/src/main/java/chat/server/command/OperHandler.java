package chat.server.command;

import chat.server.protocol.Command;
import chat.server.protocol.Notices;

/** {@code /oper}: become an operator with the password from {@code --oper-password-file}. Runs on the sender's reader thread. */
final class OperHandler {
    private OperHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(Context ctx, Command.Oper oper) {
        if (!ctx.moderation().operatorsEnabled()) {
            ctx.reply(Notices.operDisabled());
            return;
        }
        long wait = ctx.tryOper(oper.password());
        if (wait > 0) {
            ctx.reply(Notices.operWait(wait));
        } else if (ctx.isOperator()) {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} ({2}) is now an operator", ctx.id(), ctx.nick(),
                    ctx.address().getHostAddress());
            ctx.reply(Notices.operGranted());
        } else {
            LOG.log(System.Logger.Level.WARNING, "[{0}] {1} ({2}) gave a wrong operator password", ctx.id(),
                    ctx.nick(), ctx.address().getHostAddress());
            ctx.reply(Notices.operRefused());
        }
    }
}
