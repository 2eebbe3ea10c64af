package chat.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * How the load generator speaks to a server under test: our line protocol (as text or JSON, over TCP or the
 * WebSocket) or IRC (to compare with ngircd). Messages carry their send time as {@code ~~<nanoTime>~~} (IRC
 * prefixes may hold a single {@code ~}) so any receiver can measure latency whatever prefix the server puts in
 * front; tildes, digits and letters need no JSON escaping, so a JSON event's {@code text} holds the stamp as sent.
 *
 * <p>Thread-safe: immutable.
 */
sealed interface Protocol permits Protocol.Chat, Protocol.Json, Protocol.Irc, Protocol.WebSocket, Protocol.Mixed {

    /** Bytes to send right after connecting (may be empty). */
    default byte[] greeting(String nick) {
        return new byte[0];
    }

    /**
     * One handshake line from the server.
     *
     * @return what to send back (may be null) and whether the client is now ready to chat
     */
    Step step(String line, String nick);

    /** The wire bytes that post {@code text} to the room. */
    byte[] message(String text);

    /** Whether the sender receives its own message back (our server echoes it). */
    default boolean echoesToSender() {
        return true;
    }

    /** The reply to a keep-alive probe in {@code line}, or null if it is none (our server sends none). */
    default byte[] keepAlive(String line) {
        return null;
    }

    /** A handshake step's outcome. */
    record Step(byte[] reply, boolean ready) { }

    /** The protocol client {@code i} of {@code n} speaks (one protocol for all, unless mixed). */
    default Protocol forClient(int i, int n) {
        return this;
    }

    /** Where a client of this protocol connects, given the server's chat address. */
    default InetSocketAddress address(InetSocketAddress chat) {
        return chat;
    }

    /** Whether the server's bytes come in WebSocket frames (each frame one line). */
    default boolean framed() {
        return false;
    }

    /** Whether the server's lines are JSON events (about 165 bytes a message, against about 70 as text). */
    default boolean json() {
        return false;
    }

    /**
     * Our WebSocket ({@code /ws} on the web port, docs/PROTOCOL.md "Web"): JSON events one per frame; the client
     * sends masked text frames, one line each.
     */
    record WebSocket(int webPort) implements Protocol {
        @Override
        public byte[] greeting(String nick) {
            String key = java.util.Base64.getEncoder().encodeToString(
                    (nick + "................").substring(0, 16).getBytes(StandardCharsets.US_ASCII));
            return bytes("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + webPort + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Origin: http://127.0.0.1:" + webPort + "\r\n\r\n");
        }

        @Override
        public Step step(String line, String nick) {
            return jsonStep(line, message(nick));
        }

        /** One masked text frame (a client must mask; the key is fixed: this is a load generator). */
        @Override
        public byte[] message(String text) {
            byte[] payload = bytes(text);
            int header = payload.length < 126 ? 2 : 4;
            byte[] frame = new byte[header + 4 + payload.length];
            frame[0] = (byte) 0x81;
            if (payload.length < 126) {
                frame[1] = (byte) (0x80 | payload.length);
            } else {
                frame[1] = (byte) (0x80 | 126);
                frame[2] = (byte) (payload.length >> 8);
                frame[3] = (byte) payload.length;
            }
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            System.arraycopy(mask, 0, frame, header, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            return frame;
        }

        @Override
        public InetSocketAddress address(InetSocketAddress chat) {
            return new InetSocketAddress(chat.getAddress(), webPort);
        }

        @Override
        public boolean framed() {
            return true;
        }

        @Override
        public boolean json() {
            return true;
        }
    }

    /**
     * Our protocol with the last {@code percent} % of the clients speaking {@code others} instead (the WebSocket, or
     * JSON mode over TCP; the first client, which the idle scenario broadcasts from, and the senders, always on
     * text TCP); every other call is TCP's.
     */
    record Mixed(Chat tcp, Protocol others, int percent) implements Protocol {
        @Override
        public Protocol forClient(int i, int n) {
            return i >= 1 && i >= (long) n * (100 - percent) / 100 ? others : tcp;
        }

        @Override
        public byte[] greeting(String nick) {
            return tcp.greeting(nick);
        }

        @Override
        public Step step(String line, String nick) {
            return tcp.step(line, nick);
        }

        @Override
        public byte[] message(String text) {
            return tcp.message(text);
        }

        @Override
        public boolean echoesToSender() {
            return tcp.echoesToSender();
        }

        @Override
        public byte[] keepAlive(String line) {
            return tcp.keepAlive(line);
        }
    }

    /** Our protocol (docs/PROTOCOL.md): answer NICK, wait for the welcome; every line goes to the room. */
    record Chat() implements Protocol {
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
    }

    /**
     * Our protocol in JSON mode over TCP (docs/PROTOCOL.md "JSON mode"): answer the text {@code NICK} prompt with
     * {@code /json}, the {@code nick_prompt} event with the nickname, and wait for the {@code welcome} event; lines
     * go to the room as in text mode. The same events as the WebSocket's without its frames, so the two tell
     * apart what JSON costs and what the WebSocket does.
     */
    record Json() implements Protocol {
        @Override
        public Step step(String line, String nick) {
            if (line.equals("NICK")) {
                return new Step(bytes("/json\n"), false);
            }
            return jsonStep(line, message(nick));
        }

        @Override
        public byte[] message(String text) {
            return bytes(text + "\n");
        }

        @Override
        public boolean json() {
            return true;
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

    /** JSON mode's handshake: {@code nickLine} answers a {@code nick_prompt} event; ready at the {@code welcome}. */
    private static Step jsonStep(String line, byte[] nickLine) {
        if (line.startsWith("{\"type\":\"nick_prompt\"")) {
            return new Step(nickLine, false);
        }
        return new Step(null, line.startsWith("{\"type\":\"welcome\""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
