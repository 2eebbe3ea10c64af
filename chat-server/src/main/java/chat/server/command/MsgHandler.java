package chat.server.command;

import chat.server.core.User;
import chat.server.protocol.Command;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import java.time.Instant;
import java.util.Optional;

/** {@code /msg}: a private message, delivered wherever the recipient is. Runs on the sender's reader thread. */
final class MsgHandler {
    private MsgHandler() {
    }

    static void handle(Context ctx, Command.Msg msg) {
        Optional<User> target = ctx.directory().find(msg.nick());
        String to = target.map(User::nick).orElse(null);
        if (to == null) {
            ctx.reply(Notices.noSuchNick(msg.nick()));
            return;
        }
        Instant now = ctx.now();
        Event.Direct dm = new Event.Direct(ctx.nick(), to, msg.text(), now, false);
        target.get().send(dm);
        ctx.reply(new Event.Direct(ctx.nick(), to, msg.text(), now, true));
        String away = target.get().presence().away();
        if (!away.isEmpty()) {
            ctx.reply(Notices.isAway(to, away));
        }
        ctx.store().direct(dm);
    }
}
