package chat.server.command;

import chat.server.core.Directory;
import chat.server.core.Names;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;

/** {@code /nick}: rename under the handshake rules; the room sees the change. Runs on the sender's reader thread. */
final class NickHandler {
    private NickHandler() {
    }

    static void handle(Context ctx, Command.Nick nick) {
        String wanted = Names.displayNick(nick.nick());
        String old = ctx.nick();
        if (wanted.equals(old)) {
            ctx.reply(Notices.nickUnchanged(old));
            return;
        }
        switch (ctx.directory().claim(wanted, old, ctx.self())) {
            case Directory.Claim.Granted granted -> ctx.renamed(wanted);
            case Directory.Claim.Invalid invalid -> ctx.reply(Notices.nickInvalid(invalid.why()));
            case Directory.Claim.Taken taken -> ctx.reply(Notices.nickTaken(wanted));
            case Directory.Claim.LookAlike lookAlike -> ctx.reply(Notices.nickLookAlike(wanted, lookAlike.holder()));
        }
    }
}
