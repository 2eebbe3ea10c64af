package chat.server.command;

import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Event;

/** {@code /topic}: show the room topic, or set it for everyone. Runs on the sender's reader thread. */
final class TopicHandler {
    private TopicHandler() {
    }

    static void handle(Context ctx, Command.Topic topic) {
        Room room = ctx.room();
        if (room == null) {
            return;
        }
        if (topic.text().isEmpty()) {
            ctx.reply(new Event.Topic(room.name(), room.topic()));
        } else {
            ctx.publish(room, new Event.TopicChanged(room.name(), ctx.nick(), topic.text(), ctx.now()));
        }
    }
}
