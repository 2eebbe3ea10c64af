package chat.bench;

import java.nio.charset.StandardCharsets;

/**
 * How the load generator speaks to a server under test: our line protocol or IRC (to compare with
 * ngircd). Messages carry their send time as {@code ~~<nanoTime>~~} (IRC prefixes may hold a single {@code ~}) so any receiver can measure latency
 * whatever prefix the server puts in front.
 *
 * <p>Thread-safe: immutable.
 */
sealed interface Protocol {

    /** Bytes to send right after connecting (may be empty). */
    byte[] greeting(String nick);

    /**
     * One handshake line from the server.
     *
     * @return what to send back (may be null) and whether the client is now ready to chat
     */
    Step step(String line, String nick);

    /** The wire bytes that post {@code text} to the room. */
    byte[] message(String text);

    /** Whether the sender receives its own message back. */
    boolean echoesToSender();

    /** The reply to a keep-alive probe in {@code line}, or null if it is none. */
    byte[] keepAlive(String line);

    /** A handshake step's outcome. */
    record Step(byte[] reply, boolean ready) { }

    /** Our protocol (docs/PROTOCOL.md): answer NICK, wait for the welcome; every line goes to the room. */
    record Chat() implements Protocol {
        @Override
        public byte[] greeting(String nick) {
            return new byte[0];
        }

        @Override
        public Step step(String line, String nick) {
            if (line.equals("NICK")) {
                return new Step(bytes(nick + "\n"), false);
            }
            return new Step(null, line.startsWith("*** Welcome, "));
        }

        @Override
        public byte[] message(String text) {
            return bytes(text + "\n");
        }

        @Override
        public boolean echoesToSender() {
            return true;
        }

        @Override
        public byte[] keepAlive(String line) {
            return null;
        }
    }

    /** IRC as ngircd speaks it: NICK/USER, wait for 001, JOIN the channel, wait for the end of NAMES. */
    record Irc(String channel) implements Protocol {
        @Override
        public byte[] greeting(String nick) {
            return bytes("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\n");
        }

        @Override
        public Step step(String line, String nick) {
            String[] words = line.split(" ", 4);
            if (words.length >= 2 && words[1].equals("001")) {
                return new Step(bytes("JOIN " + channel + "\r\n"), false);
            }
            if (words.length >= 2 && words[1].equals("366")) {
                return new Step(null, true);
            }
            return new Step(keepAlive(line), false);
        }

        @Override
        public byte[] message(String text) {
            return bytes("PRIVMSG " + channel + " :" + text + "\r\n");
        }

        @Override
        public boolean echoesToSender() {
            return false;
        }

        @Override
        public byte[] keepAlive(String line) {
            return line.startsWith("PING ") ? bytes("PONG " + line.substring(5) + "\r\n") : null;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
