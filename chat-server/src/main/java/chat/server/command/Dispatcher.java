package chat.server.command;

import chat.server.protocol.Command;
import chat.server.protocol.CommandTable;
import chat.server.protocol.Notices;

/**
 * Hands each parsed command to its handler. The switch is exhaustive over the sealed {@link Command}, so
 * a new command does not compile until it has a handler here.
 *
 * <p>Thread-safe: stateless; runs on the sender's reader thread.
 */
public final class Dispatcher {
    private Dispatcher() {
    }

    public static void dispatch(Context ctx, Command command) {
        if (command instanceof Command.OperatorOnly op && !ctx.isOperator()) {
            ctx.reply(Notices.notOperator(op.name()));
            return;
        }
        long muted = ctx.mutedSeconds();
        if (muted > 0 && (command instanceof Command.Speech
                || command instanceof Command.Topic topic && !topic.text().isEmpty())) {
            ctx.reply(Notices.stillMuted(muted));
            return;
        }
        switch (command) {
            case Command.Say say -> SayHandler.handle(ctx, say);
            case Command.Me me -> MeHandler.handle(ctx, me);
            case Command.Quit quit -> ctx.quit(quit.reason());
            case Command.Join join -> JoinHandler.handle(ctx, join);
            case Command.Rooms rooms -> RoomsHandler.handle(ctx, rooms);
            case Command.Who who -> WhoHandler.handle(ctx, who);
            case Command.Nick nick -> NickHandler.handle(ctx, nick);
            case Command.Msg msg -> MsgHandler.handle(ctx, msg);
            case Command.Topic topic -> TopicHandler.handle(ctx, topic);
            case Command.History history -> HistoryHandler.handle(ctx, history);
            case Command.Search search -> SearchHandler.handle(ctx, search);
            case Command.Resume resume -> ResumeHandler.handle(ctx, resume);
            case Command.Away away -> AwayHandler.handle(ctx, away);
            case Command.Whois whois -> WhoisHandler.handle(ctx, whois);
            case Command.Help help -> HelpHandler.handle(ctx, help);
            case Command.Oper oper -> OperHandler.handle(ctx, oper);
            case Command.Kick kick -> KickHandler.handle(ctx, kick);
            case Command.Mute mute -> MuteHandler.handle(ctx, mute);
            case Command.Ban ban -> BanHandler.handle(ctx, ban);
            case Command.Unban unban -> UnbanHandler.handle(ctx, unban);
            case Command.Misused misused -> ctx.reply(Notices.usage(CommandTable.find(misused.command()).orElseThrow()));
            case Command.Unknown unknown -> ctx.reply(Notices.unknownCommand(unknown.command()));
        }
    }
}
