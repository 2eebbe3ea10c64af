package chat.server.protocol;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The line protocol: every event as the lines a person on {@code nc} or {@code telnet} reads (UTF-8, each
 * line ending in CRLF). docs/PROTOCOL.md quotes these formats; change both together.
 *
 * <p>Thread-safe: immutable.
 */
public final class TextEncoder implements Encoder {
    /** The prefix of every line that is not a user's message. */
    public static final String NOTICE = "*** ";
    /** The handshake prompt. */
    public static final String NICK_PROMPT = "NICK";
    /** Names listed per line by /who, so no reply line grows without bound. */
    static final int NAMES_PER_LINE = 30;
    /** Names listed when entering a room; /who lists them all. */
    public static final int NAMES_IN_WELCOME = 20;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ZoneId zone;

    /** @param zone the time zone history times are shown in: the server's */
    public TextEncoder(ZoneId zone) {
        this.zone = zone;
    }

    @Override
    public int slot() {
        return 0;
    }

    @Override
    public byte[] encode(Event event) {
        return switch (event) {
            case Event.Arrival a -> lines(arrival(a));
            case Event.History h -> lines(history(h));
            case Event.Search s -> lines(search(s));
            case Event.RoomList r -> lines(rooms(r));
            case Event.Who w -> lines(who(w));
            case Event.Whois w -> lines(whois(w));
            case Event.Help h -> lines(help(h));
            default -> line(line(event));
        };
    }

    /** The single line of an event that is one line. */
    public static String line(Event event) {
        return switch (event) {
            case Event.NickPrompt p -> NICK_PROMPT;
            case Event.Message m -> m.nick() + ": " + m.text();
            case Event.Action a -> "* " + a.nick() + " " + a.text();
            case Event.Direct d -> d.echo() ? "[DM to " + d.to() + "] " + d.text() : "[DM from " + d.from() + "] " + d.text();
            case Event.Joined j -> NOTICE + j.nick() + " joined " + j.room();
            case Event.Left l -> NOTICE + l.nick() + " left " + l.room() + (l.reason().isEmpty() ? "" : " (" + l.reason() + ")");
            case Event.Renamed r -> NOTICE + r.oldNick() + " is now known as " + r.newNick();
            case Event.TopicChanged t -> NOTICE + t.nick() + " set the topic of " + t.room() + " to: " + t.topic();
            case Event.Topic t -> t.topic().isEmpty() ? NOTICE + "No topic is set for " + t.room() + "."
                    : NOTICE + "Topic of " + t.room() + ": " + t.topic();
            case Event.Notice n -> NOTICE + n.text();
            case Event.Image i -> NOTICE + i.nick() + " shared an image: " + i.url();
            case Event.Arrival a -> throw new IllegalArgumentException("several lines");
            case Event.History h -> throw new IllegalArgumentException("several lines");
            case Event.Search s -> throw new IllegalArgumentException("several lines");
            case Event.RoomList r -> throw new IllegalArgumentException("several lines");
            case Event.Who w -> throw new IllegalArgumentException("several lines");
            case Event.Whois w -> throw new IllegalArgumentException("several lines");
            case Event.Help h -> throw new IllegalArgumentException("several lines");
        };
    }

    /** The bytes of {@code line} as sent: UTF-8 followed by CRLF. */
    public static byte[] line(String line) {
        byte[] text = line.getBytes(StandardCharsets.UTF_8);
        byte[] wire = new byte[text.length + CRLF.length];
        System.arraycopy(text, 0, wire, 0, text.length);
        wire[text.length] = CRLF[0];
        wire[text.length + 1] = CRLF[1];
        return wire;
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            all.append(line).append("\r\n");
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> arrival(Event.Arrival a) {
        List<String> lines = new ArrayList<>(2);
        int count = a.others();
        String where = count == 0
                ? "You are in " + a.room() + ", nobody else is here yet."
                : "You are in " + a.room() + " with " + count + (count == 1 ? " other." : " others.");
        lines.add(NOTICE + (a.first() ? "Welcome, " + a.nick() + "! " + where + " Type /help for commands." : where));
        if (count > 0) {
            List<String> names = a.names();
            lines.add(NOTICE + "Here: " + String.join(", ", names)
                    + (names.size() < count ? " and " + (count - names.size()) + " more" : ""));
        }
        return lines;
    }

    private List<String> history(Event.History h) {
        int shown = h.messages().size();
        if (h.resume() && h.missed() == 0) {
            return List.of(NOTICE + "You missed nothing in " + h.room() + ".");
        }
        if (shown == 0) {
            return List.of(NOTICE + "No messages in " + h.room() + " yet.");
        }
        List<String> lines = new ArrayList<>(shown + 2);
        if (h.resume()) {
            lines.add(NOTICE + h.missed() + (h.missed() == 1 ? " message" : " messages") + " while you were away in "
                    + h.room() + (shown < h.missed() ? "; the last " + shown + ":" : ":"));
        } else {
            lines.add(NOTICE + "History of " + h.room() + ", last " + shown + (shown == 1 ? " message:" : " messages:"));
        }
        for (Event.Chat c : h.messages()) {
            lines.add("[" + CLOCK.format(c.ts().atZone(zone)) + "] " + line(c));
        }
        lines.add(NOTICE + "End of history.");
        return lines;
    }

    private List<String> search(Event.Search s) {
        if (s.matches().isEmpty()) {
            return List.of(NOTICE + "No messages in " + s.room() + " match \"" + s.words() + "\".");
        }
        List<String> lines = new ArrayList<>(s.matches().size() + 2);
        lines.add(NOTICE + s.matches().size() + (s.matches().size() == 1 ? " message" : " messages") + " in "
                + s.room() + " match \"" + s.words() + "\":");
        for (Event.Chat c : s.matches()) {
            lines.add("[" + DAY_CLOCK.format(c.ts().atZone(zone)) + "] " + line(c));
        }
        lines.add(NOTICE + "End of search.");
        return lines;
    }

    private static List<String> rooms(Event.RoomList r) {
        List<String> lines = new ArrayList<>();
        lines.add(NOTICE + r.rooms().size() + (r.rooms().size() == 1 ? " room:" : " rooms:"));
        for (Event.RoomSize s : r.rooms()) {
            lines.add(NOTICE + "  " + s.name() + " (" + s.members() + ")"
                    + (s.name().equals(r.current()) ? " <- you are here" : ""));
        }
        return lines;
    }

    private List<String> whois(Event.Whois w) {
        List<String> lines = new ArrayList<>(2);
        String where = w.room().isEmpty() ? "is between rooms" : "is in " + w.room();
        lines.add(NOTICE + w.nick() + " " + where + ", connected since "
                + DAY_CLOCK.format(w.since().atZone(zone)) + ", idle " + chat.common.TimeWords.idle(w.idle()) + ".");
        if (!w.away().isEmpty()) {
            lines.add(NOTICE + w.nick() + " is away: " + w.away());
        }
        return lines;
    }

    private static List<String> who(Event.Who w) {
        List<String> nicks = w.nicks().stream()
                .map(n -> w.away().containsKey(n) ? n + " (away)" : n).toList();
        List<String> lines = new ArrayList<>();
        lines.add(NOTICE + w.room() + " has " + nicks.size() + (nicks.size() == 1 ? " member:" : " members:"));
        for (int i = 0; i < nicks.size(); i += NAMES_PER_LINE) {
            lines.add(NOTICE + "  " + String.join(", ", nicks.subList(i, Math.min(nicks.size(), i + NAMES_PER_LINE))));
        }
        return lines;
    }

    private static List<String> help(Event.Help h) {
        List<String> lines = new ArrayList<>();
        lines.add(NOTICE + "Commands (a line not starting with / is sent to the room; //text sends /text):");
        int width = h.commands().stream().mapToInt(s -> s.usage().length()).max().orElse(0);
        for (CommandTable.Spec s : h.commands()) {
            lines.add(NOTICE + "  " + s.usage() + " ".repeat(width - s.usage().length() + 2) + s.description());
        }
        return lines;
    }
}
