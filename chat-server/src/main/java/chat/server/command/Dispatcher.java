package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;
import chat.server.protocol.HelpText;
import chat.server.protocol.Replies;

/**
 * Hands each parsed command to its handler. The switch is exhaustive over the sealed {@link Command}, so
 * a new command does not compile until it has a handler here.
 *
 * <p>Thread-safe: stateless; runs on the sender's reader thread.
 */
public final class Dispatcher {
    private Dispatcher() {
    }

    public static void dispatch(ClientSession session, Command command) {
        if (command instanceof Command.OperatorOnly op && !session.isOperator()) {
            session.reply(Replies.notOperator(op.name()));
            return;
        }
        long muted = session.mutedSeconds();
        if (muted > 0 && (command instanceof Command.Speech
                || command instanceof Command.Topic topic && !topic.text().isEmpty())) {
            session.reply(Replies.stillMuted(muted));
            return;
        }
        switch (command) {
            case Command.Say say -> SayHandler.handle(session, say);
            case Command.Me me -> MeHandler.handle(session, me);
            case Command.Quit quit -> QuitHandler.handle(session, quit);
            case Command.Join join -> JoinHandler.handle(session, join);
            case Command.Rooms rooms -> RoomsHandler.handle(session, rooms);
            case Command.Who who -> WhoHandler.handle(session, who);
            case Command.Nick nick -> NickHandler.handle(session, nick);
            case Command.Msg msg -> MsgHandler.handle(session, msg);
            case Command.Topic topic -> TopicHandler.handle(session, topic);
            case Command.History history -> HistoryHandler.handle(session, history);
            case Command.Help help -> HelpHandler.handle(session, help);
            case Command.Oper oper -> OperHandler.handle(session, oper);
            case Command.Kick kick -> KickHandler.handle(session, kick);
            case Command.Mute mute -> MuteHandler.handle(session, mute);
            case Command.Ban ban -> BanHandler.handle(session, ban);
            case Command.Unban unban -> UnbanHandler.handle(session, unban);
            case Command.Misused misused -> session.reply(
                    Replies.usage(HelpText.find(misused.command()).orElseThrow()));
            case Command.Unknown unknown -> session.reply(Replies.unknownCommand(unknown.command()));
        }
    }
}
