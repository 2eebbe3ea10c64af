package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/** {@code /ban}: ban an address (given, or the one a nick connects from) for some minutes, kicking that nick. Thread-safe: runs on the operator's reader thread; the target is reached through its own methods. */
final class BanHandler {
    private BanHandler() {
    }

    private static final System.Logger LOG = System.getLogger("chat.server.moderation");

    static void handle(ClientSession session, Command.Ban ban) {
        Optional<ClientSession> target = session.hub().find(ban.target());
        InetAddress address;
        if (target.isPresent()) {
            address = target.get().address();
        } else if (isAddress(ban.target())) {
            try {
                address = InetAddress.getByName(ban.target()); // a literal: no name lookup happens
            } catch (UnknownHostException e) {
                session.reply(Replies.noSuchNick(ban.target()));
                return;
            }
        } else {
            session.reply(Replies.noSuchNick(ban.target()));
            return;
        }
        String nick = target.map(ClientSession::nick).orElse(ban.target());
        session.hub().moderation().ban(address, nick, Duration.ofMinutes(ban.minutes()), session.nick());
        LOG.log(System.Logger.Level.WARNING, "[{0}] {1} banned {2} ({3}) for {4} minutes", session.id(),
                session.nick(), nick, address.getHostAddress(), ban.minutes());
        target.ifPresent(t -> t.kick("banned by " + session.nick(), Replies.banned()));
        session.reply(Replies.moderationDone("Banned " + nick + " (" + address.getHostAddress() + ") for "
                + ban.minutes() + " minutes."));
    }

    private static boolean isAddress(String text) {
        return text.matches("[0-9.]+") || text.contains(":");
    }
}
