package chat.client;

import chat.common.Sanitizer;
import chat.common.TimeWords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns a {@link ServerEvent} into the lines a person reads, in the same words as the text protocol
 * (docs/PROTOCOL.md, "Server lines"): each nickname in a colour of its own that stays the same across
 * lines and sessions, your own messages in bold, notices dimmed, private messages marked. Times come from
 * the event's {@code ts}, shown in the zone of the clock: {@code [HH:MM]} in front of replayed messages,
 * {@code [yyyy-MM-dd HH:MM]} in front of search results, and with timestamps on {@code HH:MM} in front of
 * every other line (the time it arrived when the event has no {@code ts}). Every string from the server is
 * sanitized again first, so nothing a server or another user sends can put an escape sequence on your
 * terminal; the only styling is ours.
 *
 * <p>Thread-safe: immutable.
 */
final class Renderer {
    private static final int[] NICK_COLOURS = {
        AttributedStyle.RED, AttributedStyle.GREEN, AttributedStyle.YELLOW, AttributedStyle.BLUE,
        AttributedStyle.MAGENTA, AttributedStyle.CYAN,
        AttributedStyle.RED + AttributedStyle.BRIGHT, AttributedStyle.GREEN + AttributedStyle.BRIGHT,
        AttributedStyle.YELLOW + AttributedStyle.BRIGHT, AttributedStyle.BLUE + AttributedStyle.BRIGHT,
        AttributedStyle.MAGENTA + AttributedStyle.BRIGHT, AttributedStyle.CYAN + AttributedStyle.BRIGHT,
    };
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    /** Search results may be from any day. */
    private static final DateTimeFormatter DAY_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final String NOTICE = "*** ";
    /** Names per {@code /who} line, as the text protocol lists them. */
    private static final int NAMES_PER_LINE = 30;
    private static final AttributedStyle DM_MARK = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    /** A line that names you. */
    static final AttributedStyle MENTION = AttributedStyle.BOLD.foreground(AttributedStyle.BLACK)
            .background(AttributedStyle.YELLOW);

    private final boolean colour;
    private final boolean timestamps;
    private final Clock clock;

    /** @param clock the zone times are shown in, and the time of events without a {@code ts} */
    Renderer(boolean colour, boolean timestamps, Clock clock) {
        this.colour = colour;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /** The lines to show for {@code event} (none for events that show nothing); {@code me} is our nick. */
    List<AttributedString> render(ServerEvent event, String me) {
        return switch (event) {
            case ServerEvent.Chat c -> List.of(stamped(c.ts()).chat(c, me).done());
            case ServerEvent.Image i -> List.of(stamped(i.ts()).image(i).done());
            case ServerEvent.Direct d -> List.of(stamped(d.ts()).direct(d, me).done());
            case ServerEvent.Joined j -> notice(j.ts(), j.nick() + " joined " + j.room());
            case ServerEvent.Left l -> notice(l.ts(), l.nick() + " left " + l.room()
                    + (l.reason().isEmpty() ? "" : " (" + l.reason() + ")"));
            case ServerEvent.Renamed r -> notice(r.ts(), r.oldNick() + " is now known as " + r.newNick());
            case ServerEvent.Topic t -> notice(t.ts(), t.nick() != null
                    ? t.nick() + " set the topic of " + t.room() + " to: " + t.topic()
                    : t.topic().isEmpty() ? "No topic is set for " + t.room() + "." : "Topic of " + t.room() + ": " + t.topic());
            case ServerEvent.Notice n -> notice(null, n.text());
            case ServerEvent.Arrival a -> arrival(a);
            case ServerEvent.Replay r -> replay(r, me);
            case ServerEvent.Found f -> found(f, me);
            case ServerEvent.Rooms r -> rooms(r);
            case ServerEvent.Who w -> who(w);
            case ServerEvent.Whois w -> whois(w);
            case ServerEvent.Help h -> help(h);
            case ServerEvent.Plain p -> List.of(stamped(null).text(p.text(), AttributedStyle.DEFAULT).done());
            case ServerEvent.NickPrompt p -> List.of();
            case ServerEvent.HistoryStart h -> List.of(); // shown as a whole Replay
            case ServerEvent.HistoryEnd h -> List.of();
            case ServerEvent.SearchStart s -> List.of(); // shown as a whole Found
            case ServerEvent.SearchEnd s -> List.of();
            case ServerEvent.Unknown u -> List.of();
        };
    }

    /** A notice made by the client itself, styled like the server's. */
    AttributedString info(String text) {
        return notice(null, text).getFirst();
    }

    private List<AttributedString> notice(Instant ts, String text) {
        return List.of(stamped(ts).text(NOTICE + text, style(AttributedStyle.DEFAULT.faint().italic())).done());
    }

    private List<AttributedString> notices(List<String> texts) {
        List<AttributedString> lines = new ArrayList<>(texts.size());
        for (String text : texts) {
            lines.addAll(notice(null, text));
        }
        return lines;
    }

    private List<AttributedString> arrival(ServerEvent.Arrival a) {
        List<String> texts = new ArrayList<>(2);
        int count = a.others();
        String where = count == 0
                ? "You are in " + a.room() + ", nobody else is here yet."
                : "You are in " + a.room() + " with " + count + (count == 1 ? " other." : " others.");
        texts.add(a.first() ? "Welcome, " + a.nick() + "! " + where + " Type /help for commands." : where);
        if (count > 0) {
            List<String> names = a.names();
            texts.add("Here: " + String.join(", ", names)
                    + (names.size() < count ? " and " + (count - names.size()) + " more" : ""));
        }
        return notices(texts);
    }

    private List<AttributedString> replay(ServerEvent.Replay r, String me) {
        ServerEvent.HistoryStart h = r.start();
        int n = r.messages().size();
        if (h.resume() && h.missed() == 0) {
            return notice(null, "You missed nothing in " + h.room() + ".");
        }
        if (n == 0) {
            return notice(null, "No messages in " + h.room() + " yet.");
        }
        String heading = h.resume()
                ? h.missed() + (h.missed() == 1 ? " message" : " messages") + " while you were away in " + h.room()
                        + (n < h.missed() ? "; the last " + n + ":" : ":")
                : "History of " + h.room() + ", last " + n + (n == 1 ? " message:" : " messages:");
        return listing(heading, r.messages(), CLOCK, "End of history.", me);
    }

    private List<AttributedString> found(ServerEvent.Found f, String me) {
        ServerEvent.SearchStart s = f.start();
        int n = f.messages().size();
        if (n == 0) {
            return notice(null, "No messages in " + s.room() + " match \"" + s.words() + "\".");
        }
        String heading = n + (n == 1 ? " message" : " messages") + " in " + s.room() + " match \"" + s.words() + "\":";
        return listing(heading, f.messages(), DAY_CLOCK, "End of search.", me);
    }

    /** A heading, the messages each after its time in {@code [format]}, and a closing line. */
    private List<AttributedString> listing(String heading, List<ServerEvent.RoomEvent> messages, DateTimeFormatter format,
                                           String end, String me) {
        List<AttributedString> lines = new ArrayList<>(messages.size() + 2);
        lines.addAll(notice(null, heading));
        for (ServerEvent.RoomEvent e : messages) {
            // The message's own time is the line's only stamp, also with timestamps on.
            Line line = new Line().text("[" + time(e.ts(), format) + "] ", style(AttributedStyle.DEFAULT.faint()));
            lines.add(switch (e) {
                case ServerEvent.Chat c -> line.chat(c, me).done();
                case ServerEvent.Image i -> line.image(i).done();
            });
        }
        lines.addAll(notice(null, end));
        return lines;
    }

    private List<AttributedString> rooms(ServerEvent.Rooms r) {
        List<String> texts = new ArrayList<>();
        texts.add(r.rooms().size() + (r.rooms().size() == 1 ? " room:" : " rooms:"));
        for (ServerEvent.RoomSize s : r.rooms()) {
            texts.add("  " + s.room() + " (" + s.members() + ")" + (s.room().equals(r.current()) ? " <- you are here" : ""));
        }
        return notices(texts);
    }

    private List<AttributedString> whois(ServerEvent.Whois w) {
        List<String> texts = new ArrayList<>(2);
        String since = w.since() == null ? "?" : DAY_CLOCK.format(w.since().atZone(clock.getZone()));
        texts.add(w.nick() + (w.room().isEmpty() ? " is between rooms" : " is in " + w.room())
                + ", connected since " + since + ", idle " + TimeWords.idle(Duration.ofSeconds(w.idleSeconds())) + ".");
        if (!w.away().isEmpty()) {
            texts.add(w.nick() + " is away: " + w.away());
        }
        return notices(texts);
    }

    private List<AttributedString> who(ServerEvent.Who w) {
        List<String> nicks = w.nicks().stream().map(n -> w.away().containsKey(n) ? n + " (away)" : n).toList();
        List<String> texts = new ArrayList<>();
        texts.add(w.room() + " has " + nicks.size() + (nicks.size() == 1 ? " member:" : " members:"));
        for (int i = 0; i < nicks.size(); i += NAMES_PER_LINE) {
            texts.add("  " + String.join(", ", nicks.subList(i, Math.min(nicks.size(), i + NAMES_PER_LINE))));
        }
        return notices(texts);
    }

    private List<AttributedString> help(ServerEvent.Help h) {
        List<String> texts = new ArrayList<>();
        texts.add("Commands (a line not starting with / is sent to the room; //text sends /text):");
        int width = h.commands().stream().mapToInt(c -> c.usage().length()).max().orElse(0);
        for (ServerEvent.CommandHelp c : h.commands()) {
            texts.add("  " + c.usage() + " ".repeat(width - c.usage().length() + 2) + c.description());
        }
        return notices(texts);
    }

    /** A new line, with timestamps on starting with the time of {@code ts} (or now, without one). */
    private Line stamped(Instant ts) {
        Line line = new Line();
        if (timestamps) {
            line.text((ts == null ? LocalTime.now(clock).format(CLOCK) : time(ts, CLOCK)) + " ",
                    style(AttributedStyle.DEFAULT.faint()));
        }
        return line;
    }

    private String time(Instant ts, DateTimeFormatter format) {
        return ts == null ? "--:--" : format.format(ts.atZone(clock.getZone()));
    }

    private AttributedStyle nickStyle(String nick, String me) {
        if (!colour) {
            return AttributedStyle.DEFAULT;
        }
        AttributedStyle base = AttributedStyle.DEFAULT.foreground(colourOf(nick));
        return nick.equals(me) ? base.bold() : base;
    }

    private AttributedStyle style(AttributedStyle style) {
        return colour ? style : AttributedStyle.DEFAULT;
    }

    /** The colour of a nickname: the same for every spelling the server treats as the same nick. */
    static int colourOf(String nick) {
        return NICK_COLOURS[Math.floorMod(nick.toLowerCase(Locale.ROOT).hashCode(), NICK_COLOURS.length)];
    }

    /** One line being built; every piece of text is sanitized as it is appended. */
    private final class Line {
        private final AttributedStringBuilder out = new AttributedStringBuilder();

        Line text(String text, AttributedStyle style) {
            out.append(Sanitizer.clean(text), style);
            return this;
        }

        Line chat(ServerEvent.Chat c, String me) {
            if (c.action()) {
                text("* ", style(AttributedStyle.DEFAULT.italic()));
                text(c.nick(), style(nickStyle(c.nick(), me).italic()));
                return text(" " + c.text(), style(!c.nick().equals(me) && Mentions.names(c.text(), me)
                        ? MENTION.italic() : AttributedStyle.DEFAULT.italic()));
            }
            text(c.nick(), nickStyle(c.nick(), me));
            text(": ", AttributedStyle.DEFAULT);
            AttributedStyle body = c.nick().equals(me) ? style(AttributedStyle.BOLD)
                    : Mentions.names(c.text(), me) ? style(MENTION) : AttributedStyle.DEFAULT;
            return text(c.text(), body);
        }

        /** An image as the text protocol shows it: a notice with its URL (a terminal shows no pictures). */
        Line image(ServerEvent.Image i) {
            return text(NOTICE + i.nick() + " shared an image: " + i.url(), style(AttributedStyle.DEFAULT.faint().italic()));
        }

        Line direct(ServerEvent.Direct d, String me) {
            boolean sent = d.from().equals(me);
            String other = sent ? d.to() : d.from();
            text(sent ? "[DM to " : "[DM from ", style(DM_MARK));
            text(other, nickStyle(other, me));
            text("] ", style(DM_MARK));
            return text(d.text(), sent ? AttributedStyle.DEFAULT : style(MENTION));
        }

        AttributedString done() {
            return out.toAttributedString();
        }
    }
}
