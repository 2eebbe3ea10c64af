package chat.server.command;

import chat.server.ClientSession;
import chat.server.protocol.Command;

/** {@code /quit}: ends the session; the reason shows in the leave notice. Thread-safe: runs on the sender's reader thread, shares state only through Hub and Room. */
final class QuitHandler {
    private QuitHandler() {
    }

    static void handle(ClientSession session, Command.Quit quit) {
        session.end(quit.reason().isEmpty() ? "quit" : "quit: " + quit.reason());
    }
}
