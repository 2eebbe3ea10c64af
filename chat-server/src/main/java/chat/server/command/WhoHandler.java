package chat.server.command;

import chat.server.core.Names;
import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;
import chat.server.protocol.Notices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code /who}: the members of the current or a named room. Runs on the sender's reader thread. */
final class WhoHandler {
    private WhoHandler() {
    }

    static void handle(Context ctx, Command.Who who) {
        Optional<Event.Who> members;
        if (who.room().isEmpty()) {
            Room room = ctx.room();
            members = room == null ? Optional.empty() : ctx.directory().who(room.name());
        } else {
            members = Names.roomName(who.room()).flatMap(name -> ctx.directory().who(name));
        }
        members.map(w -> withAway(ctx, w))
                .ifPresentOrElse(ctx::reply, () -> ctx.reply(Notices.noSuchRoom(who.room())));
    }

    /** Marks who is away, in the order of the list. */
    private static Event.Who withAway(Context ctx, Event.Who who) {
        Map<String, String> away = new LinkedHashMap<>();
        for (String nick : who.nicks()) {
            ctx.directory().find(nick).map(u -> u.presence().away())
                    .filter(message -> !message.isEmpty())
                    .ifPresent(message -> away.put(nick, message));
        }
        return away.isEmpty() ? who : new Event.Who(who.room(), who.nicks(), away);
    }
}
