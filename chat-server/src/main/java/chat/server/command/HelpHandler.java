package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.HelpText;
import chat.server.protocol.Replies;

/** {@code /help}: every command, or the usage of one. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class HelpHandler {
    private HelpHandler() {
    }

    static void handle(ClientSession session, Command.Help help) {
        if (help.command().isEmpty()) {
            session.reply(Replies.help());
            return;
        }
        HelpText.find(help.command()).ifPresentOrElse(
                entry -> session.reply(Replies.usage(entry)),
                () -> session.reply(Replies.unknownCommand(help.command().replaceFirst("^/", ""))));
    }
}
