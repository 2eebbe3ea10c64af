package chat.server.command;

import chat.server.ClientSession;
import chat.server.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Replies;

/** {@code /topic}: show the room topic, or set it for everyone. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class TopicHandler {
    private TopicHandler() {
    }

    static void handle(ClientSession session, Command.Topic topic) {
        Room room = session.room();
        if (room == null) {
            return;
        }
        if (topic.text().isEmpty()) {
            session.reply(Replies.topic(room.name(), room.topic()));
        } else {
            room.setTopic(topic.text(), Replies.topicSet(session.nick(), room.name(), topic.text()));
        }
    }
}
