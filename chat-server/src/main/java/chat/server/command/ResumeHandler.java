package chat.server.command;

import chat.server.core.Names;
import chat.server.core.Replay;
import chat.server.core.Room;
import chat.server.protocol.Command;
import chat.server.protocol.Notices;
import chat.server.store.HistoryStore;
import java.util.Optional;

/**
 * {@code /resume <room> <id>}: back into a room with exactly the messages after the last one seen, once,
 * then live traffic (docs/PROTOCOL.md, "Resume"). What the store holds is read first, holding no lock; the
 * room adds what came after it under its lock, so nothing is missed or repeated. Runs on the sender's
 * reader thread.
 */
final class ResumeHandler {
    private ResumeHandler() {
    }

    static void handle(Context ctx, Command.Resume resume) {
        Optional<String> name = Names.roomName(resume.room());
        if (name.isEmpty()) {
            ctx.reply(Notices.roomInvalid(resume.room()));
            return;
        }
        String key = ctx.directory().roomKey(name.get());
        HistoryStore.Missed missed = ctx.store().missed(key, resume.after(), Replay.MAX_RESUME);
        Replay replay = new Replay.Since(resume.after(), missed.last(), missed.count(), ctx.replayOnJoin());
        Room current = ctx.room();
        if (current != null && Names.sameRoom(current.name(), name.get())) {
            current.replay(ctx.self(), replay);
        } else {
            ctx.moveTo(name.get(), replay);
        }
    }
}
