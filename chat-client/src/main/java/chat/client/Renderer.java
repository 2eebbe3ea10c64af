package chat.client;

import chat.common.Sanitizer;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Turns a server line (docs/PROTOCOL.md, "Server lines") into styled text: each nickname in a colour of
 * its own that stays the same across lines and sessions, your own messages in bold, notices dimmed,
 * private messages marked, optional local timestamps. The line is sanitized again first, so nothing a
 * server or another user sends can put an escape sequence on your terminal; the only styling is ours.
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
    private static final Pattern CHAT = Pattern.compile("([^\\s:*\\[][^\\s:]*): (.*)");
    private static final Pattern ACTION = Pattern.compile("\\* (\\S+) (.*)");
    private static final Pattern DM = Pattern.compile("\\[DM (from|to) (\\S+)] (.*)");
    private static final Pattern REPLAY = Pattern.compile("(\\[\\d\\d:\\d\\d]) (.*)");
    private static final Pattern JOINED = Pattern.compile("\\*\\*\\* (\\S+) (?:joined|left) #.*");
    private static final Pattern RENAMED = Pattern.compile("\\*\\*\\* (\\S+) is now known as (\\S+)");
    private static final Pattern NAME_LIST = Pattern.compile("\\*\\*\\* (?:Here: | {2})(.*)");

    private final boolean colour;
    private final boolean timestamps;
    private final Clock clock;

    Renderer(boolean colour, boolean timestamps, Clock clock) {
        this.colour = colour;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /** Renders one line from the server; {@code me} is our nickname (may be null). */
    AttributedString render(String serverLine, String me) {
        String line = Sanitizer.clean(serverLine);
        AttributedStringBuilder out = new AttributedStringBuilder();
        if (timestamps) {
            out.append(LocalTime.now(clock).format(CLOCK) + " ", style(AttributedStyle.DEFAULT.faint()));
        }
        Matcher m = REPLAY.matcher(line);
        if (m.matches() && !line.startsWith("*** ")) {
            out.append(m.group(1) + " ", style(AttributedStyle.DEFAULT.faint()));
            line = m.group(2);
        }
        appendBody(out, line, me);
        return out.toAttributedString();
    }

    /** A notice made by the client itself, styled like the server's. */
    AttributedString info(String text) {
        return render("*** " + text, null);
    }

    private void appendBody(AttributedStringBuilder out, String line, String me) {
        Matcher m;
        if (line.startsWith("*** ")) {
            out.append(line, style(AttributedStyle.DEFAULT.faint().italic()));
        } else if ((m = DM.matcher(line)).matches()) {
            out.append("[DM " + m.group(1) + " ", style(AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA)));
            out.append(m.group(2), nickStyle(m.group(2), me));
            out.append("] ", style(AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA)));
            out.append(m.group(3));
        } else if ((m = ACTION.matcher(line)).matches()) {
            out.append("* ", style(AttributedStyle.DEFAULT.italic()));
            out.append(m.group(1), style(nickStyle(m.group(1), me).italic()));
            out.append(" " + m.group(2), style(AttributedStyle.DEFAULT.italic()));
        } else if ((m = CHAT.matcher(line)).matches()) {
            boolean mine = m.group(1).equals(me);
            out.append(m.group(1), nickStyle(m.group(1), me));
            out.append(": ");
            out.append(m.group(2), mine ? style(AttributedStyle.BOLD) : AttributedStyle.DEFAULT);
        } else {
            out.append(line);
        }
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

    /** The nicknames a server line mentions, for completion. */
    static List<String> nicksIn(String line) {
        List<String> nicks = new ArrayList<>();
        Matcher m;
        if ((m = RENAMED.matcher(line)).matches()) {
            nicks.add(m.group(2));
        } else if ((m = JOINED.matcher(line)).matches()) {
            nicks.add(m.group(1));
        } else if ((m = NAME_LIST.matcher(line)).matches()) {
            for (String name : m.group(1).replaceFirst(" and \\d+ more$", "").split(", ")) {
                if (!name.isBlank() && !name.startsWith("/") && !name.startsWith("#") && !name.contains(" ")) {
                    nicks.add(name);
                }
            }
        } else if ((m = DM.matcher(line)).matches()) {
            nicks.add(m.group(2));
        } else if (!line.startsWith("*") && (m = CHAT.matcher(line)).matches()) {
            nicks.add(m.group(1));
        } else if ((m = ACTION.matcher(line)).matches()) {
            nicks.add(m.group(1));
        }
        return nicks;
    }
}
