package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;
import java.util.Optional;

/** {@code /msg}: a private message, delivered wherever the recipient is. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class MsgHandler {
    private MsgHandler() {
    }

    static void handle(ClientSession session, Command.Msg msg) {
        Optional<ClientSession> target = session.hub().find(msg.nick());
        if (target.isEmpty() || target.get().nick() == null) {
            session.reply(Replies.noSuchNick(msg.nick()));
            return;
        }
        target.get().reply(Replies.dmFrom(session.nick(), msg.text()));
        session.reply(Replies.dmTo(target.get().nick(), msg.text()));
    }
}
