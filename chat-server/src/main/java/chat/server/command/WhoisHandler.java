package chat.server.command;

import chat.server.core.Presence;
import chat.server.core.User;
import chat.server.protocol.Command;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import java.util.Optional;

/** {@code /whois <nick>}: where someone is, since when, how idle, whether away. Runs on the sender's reader thread. */
final class WhoisHandler {
    private WhoisHandler() {
    }

    static void handle(Context ctx, Command.Whois whois) {
        Optional<User> user = ctx.directory().find(whois.nick());
        if (user.isEmpty()) {
            ctx.reply(Notices.noSuchNick(whois.nick()));
            return;
        }
        Presence p = user.get().presence();
        ctx.reply(new Event.Whois(user.get().nick(), p.room(), p.since(), p.idle(), p.away()));
    }
}
