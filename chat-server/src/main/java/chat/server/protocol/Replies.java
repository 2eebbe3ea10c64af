package chat.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Every line the server sends, in one place, and their encoding on the wire (UTF-8, CRLF).
 * docs/PROTOCOL.md quotes these formats; change both together.
 *
 * <p>Thread-safe: stateless.
 */
public final class Replies {
    /** The prefix of every line that is not a user's message. */
    public static final String NOTICE = "*** ";
    /** The handshake prompt. */
    public static final String NICK_PROMPT = "NICK";
    /** Names listed per line by /who and the welcome line, so no reply line grows without bound. */
    static final int NAMES_PER_LINE = 30;
    /** Names listed when entering a room; /who lists them all. */
    public static final int NAMES_IN_WELCOME = 20;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private Replies() {
    }

    /** The bytes of {@code line} as sent: UTF-8 followed by CRLF. */
    public static byte[] encode(String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[text.length + CRLF.length];
        System.arraycopy(text, 0, wire, 0, text.length);
        wire[text.length] = CRLF[0];
        wire[text.length + 1] = CRLF[1];
        return wire;
    }

    public static String chat(String nick, String text) {
        return nick + ": " + text;
    }

    public static String action(String nick, String action) {
        return "* " + nick + " " + action;
    }

    public static String dmFrom(String nick, String text) {
        return "[DM from " + nick + "] " + text;
    }

    public static String dmTo(String nick, String text) {
        return "[DM to " + nick + "] " + text;
    }

    public static String notice(String text) {
        return NOTICE + text;
    }

    /**
     * What a client sees on entering a room: a greeting on first entry, who else is there.
     *
     * @param names up to {@link #NAMES_IN_WELCOME} of the members already there
     * @param count how many members are already there
     */
    public static List<String> arrival(String nick, String room, boolean first, List<String> names, int count) {
        List<String> lines = new ArrayList<>(2);
        String where = count == 0
                ? "You are in " + room + ", nobody else is here yet."
                : "You are in " + room + " with " + count + (count == 1 ? " other." : " others.");
        lines.add(notice(first ? "Welcome, " + nick + "! " + where + " Type /help for commands." : where));
        if (count > 0) {
            lines.add(notice("Here: " + String.join(", ", names)
                    + (names.size() < count ? " and " + (count - names.size()) + " more" : "")));
        }
        return lines;
    }

    public static String joined(String nick, String room) {
        return notice(nick + " joined " + room);
    }

    public static String left(String nick, String room, String reason) {
        return notice(nick + " left " + room + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    public static String renamed(String oldNick, String newNick) {
        return notice(oldNick + " is now known as " + newNick);
    }

    public static String nickInvalid(String why) {
        return notice("Invalid nickname: " + why + ". Use 1-24 letters, digits, _ - or .");
    }

    public static String nickTaken(String nick) {
        return notice("Nickname " + nick + " is taken, choose another.");
    }

    public static String nickLookAlike(String nick, String existing) {
        return notice("Nickname " + nick + " looks too much like " + existing + ", choose another.");
    }

    public static String nickUnchanged(String nick) {
        return notice("You are already " + nick + ".");
    }

    public static String lineTooLong(int limit) {
        return notice("Line too long (more than " + limit + " bytes), not sent.");
    }

    public static String unknownCommand(String name) {
        return notice("Unknown command /" + name + ". Type /help for the list.");
    }

    public static String usage(HelpText.Entry entry) {
        return notice("Usage: " + entry.usage() + " - " + entry.description());
    }

    public static List<String> help() {
        List<String> lines = new ArrayList<>();
        lines.add(notice("Commands (a line not starting with / is sent to the room; //text sends /text):"));
        for (HelpText.Entry e : HelpText.ENTRIES) {
            lines.add(notice(String.format("  %-20s %s", e.usage(), e.description())));
        }
        return lines;
    }

    public static String serverFull(int limit) {
        return notice("Server full (" + limit + " clients), try again later.");
    }

    public static String handshakeTimeout(Duration timeout) {
        return notice("No valid nickname within " + timeout.toSeconds() + " seconds, goodbye.");
    }

    public static String tooManyFromAddress(int limit) {
        return notice("Too many connections from your address (at most " + limit + "), goodbye.");
    }

    public static String tooFastFromAddress(int perMinute) {
        return notice("Too many new connections from your address (at most " + perMinute
                + " a minute), try again later.");
    }

    public static String floodDropped() {
        return notice("You are sending too fast: lines are being dropped. Slow down.");
    }

    public static String floodDisconnect() {
        return notice("Disconnected for flooding.");
    }

    public static String idleTimeout(Duration timeout) {
        return notice("Idle for " + timeout.toSeconds() + " seconds, goodbye.");
    }

    public static String operGranted() {
        return notice("You are now an operator.");
    }

    public static String operRefused() {
        return notice("Wrong operator password.");
    }

    public static String operWait(long seconds) {
        return notice("Too many operator password attempts; wait " + seconds + " s.");
    }

    public static String operDisabled() {
        return notice("This server has no operators.");
    }

    public static String notOperator(String command) {
        return notice("Permission denied: /" + command + " is for operators.");
    }

    public static String kicked(String by, String reason) {
        return notice("You were kicked by " + by + (reason.isEmpty() ? "." : ": " + reason));
    }

    public static String muted(String by, int minutes) {
        return notice("You were muted by " + by + " for " + minutes + (minutes == 1 ? " minute." : " minutes."));
    }

    public static String stillMuted(long seconds) {
        return notice("You are muted for " + Math.max(1, (seconds + 59) / 60) + " more minute(s); not sent.");
    }

    public static String banned() {
        return notice("You are banned from this server.");
    }

    public static String moderationDone(String what) {
        return notice(what);
    }

    public static String shuttingDown() {
        return notice("Server shutting down, goodbye.");
    }

    public static String goodbye() {
        return notice("Goodbye.");
    }

    public static String roomInvalid(String name) {
        return notice("Invalid room name " + name + ": use 1-32 letters, digits, _ - or . after an optional #.");
    }

    public static String alreadyInRoom(String room) {
        return notice("You are already in " + room + ".");
    }

    public static String noSuchRoom(String room) {
        return notice("No room " + room + ".");
    }

    public static String noSuchNick(String nick) {
        return notice("No one called " + nick + " is online.");
    }

    /** One {@code /rooms} entry. */
    public record RoomSize(String name, int members) { }

    public static List<String> rooms(List<RoomSize> rooms, String current) {
        List<String> lines = new ArrayList<>();
        lines.add(notice(rooms.size() + (rooms.size() == 1 ? " room:" : " rooms:")));
        for (RoomSize r : rooms) {
            lines.add(notice("  " + r.name() + " (" + r.members() + ")"
                    + (r.name().equals(current) ? " <- you are here" : "")));
        }
        return lines;
    }

    public static List<String> who(String room, List<String> nicks) {
        List<String> lines = new ArrayList<>();
        lines.add(notice(room + " has " + nicks.size() + (nicks.size() == 1 ? " member:" : " members:")));
        for (int i = 0; i < nicks.size(); i += NAMES_PER_LINE) {
            lines.add(notice("  " + String.join(", ", nicks.subList(i, Math.min(nicks.size(), i + NAMES_PER_LINE)))));
        }
        return lines;
    }

    public static String topic(String room, String topic) {
        return topic.isEmpty() ? notice("No topic is set for " + room + ".") : notice("Topic of " + room + ": " + topic);
    }

    public static String topicSet(String nick, String room, String topic) {
        return notice(nick + " set the topic of " + room + " to: " + topic);
    }

    /** One kept message: when it was said and its line as broadcast. */
    public record Said(Instant at, String line) { }

    public static List<String> history(String room, List<Said> said, ZoneId zone) {
        if (said.isEmpty()) {
            return List.of(notice("No messages in " + room + " yet."));
        }
        List<String> lines = new ArrayList<>(said.size() + 2);
        lines.add(notice("History of " + room + ", last " + said.size()
                + (said.size() == 1 ? " message:" : " messages:")));
        for (Said s : said) {
            lines.add("[" + CLOCK.format(s.at().atZone(zone)) + "] " + s.line());
        }
        lines.add(notice("End of history."));
        return lines;
    }
}
