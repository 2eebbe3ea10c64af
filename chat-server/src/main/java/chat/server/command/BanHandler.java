package chat.server.command;

import chat.server.core.User;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /ban}: ban an address (given, or the one a nick connects from; an IPv6 one by its /64) for some
 * minutes; the server then disconnects every session from it. Runs on the operator's reader thread.
 */
final class BanHandler {
    private BanHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(Context ctx, Command.Ban ban) {
        Optional<User> target = ctx.directory().find(ban.target());
        InetAddress address;
        if (target.isPresent()) {
            address = target.get().address();
        } else if (isAddress(ban.target())) {
            try {
                address = InetAddress.getByName(ban.target()); // a literal: no name lookup happens
            } catch (UnknownHostException e) {
                ctx.reply(Notices.noSuchNick(ban.target()));
                return;
            }
        } else {
            ctx.reply(Notices.noSuchNick(ban.target()));
            return;
        }
        String nick = target.map(User::nick).orElse(ban.target());
        ctx.moderation().ban(address, nick, Duration.ofMinutes(ban.minutes()), ctx.nick());
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} banned {2} ({3}) for {4} minutes", ctx.id(),
                ctx.nick(), nick, address.getHostAddress(), ban.minutes());
        ctx.reply(Notices.moderationDone("Banned " + nick + " (" + address.getHostAddress() + ") for "
                + ban.minutes() + " minutes."));
    }

    private static boolean isAddress(String text) {
        return text.matches("[0-9.]+") || text.contains(":");
    }
}
