package chat.server.command;

import chat.server.protocol.Command;
import chat.server.protocol.CommandTable;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;

/** {@code /help}: every command, or the usage of one. Runs on the sender's reader thread. */
final class HelpHandler {
    private HelpHandler() {
    }

    static void handle(Context ctx, Command.Help help) {
        if (help.command().isEmpty()) {
            ctx.reply(new Event.Help(CommandTable.available(ctx.moderation().operatorsEnabled())));
            return;
        }
        CommandTable.find(help.command()).ifPresentOrElse(
                spec -> ctx.reply(Notices.usage(spec)),
                () -> ctx.reply(Notices.unknownCommand(help.command().replaceFirst("^/", ""))));
    }
}
