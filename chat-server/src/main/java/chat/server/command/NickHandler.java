package chat.server.command;

import chat.server.ClientSession;
import chat.server.Hub;
import chat.server.Names;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /nick}: rename under the handshake rules; the room sees the change. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class NickHandler {
    private NickHandler() {
    }

    static void handle(ClientSession session, Command.Nick nick) {
        String wanted = Names.displayNick(nick.nick());
        String old = session.nick();
        if (wanted.equals(old)) {
            session.reply(Replies.nickUnchanged(old));
            return;
        }
        switch (session.hub().claim(wanted, old, session)) {
            case Hub.Claim.Granted granted -> session.renamed(wanted);
            case Hub.Claim.Invalid invalid -> session.reply(Replies.nickInvalid(invalid.why()));
            case Hub.Claim.Taken taken -> session.reply(Replies.nickTaken(wanted));
            case Hub.Claim.LookAlike lookAlike -> session.reply(Replies.nickLookAlike(wanted, lookAlike.holder()));
        }
    }
}
