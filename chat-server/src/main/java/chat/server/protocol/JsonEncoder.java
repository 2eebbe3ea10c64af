package chat.server.protocol;

import chat.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * JSON lines: every event as one JSON object per line (UTF-8, ending in LF) with a {@code "type"} field;
 * the history replay is a {@code history} line, the replayed messages (with {@code "replay":true}) and a
 * {@code history_end} line. docs/PROTOCOL.md ("JSON mode") shows every type; change both together.
 *
 * <p>Thread-safe: immutable.
 */
public final class JsonEncoder implements Encoder {
    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The server's {@code --max-line}, told in {@code welcome} so a client can refuse a longer line; 0: not told. */
    private final int maxLineBytes;

    /** An encoder whose {@code welcome} does not tell the line limit. */
    public JsonEncoder() {
        this(0);
    }

    /** @param maxLineBytes the server's {@code --max-line}, given in every {@code welcome} as {@code max_line} */
    public JsonEncoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public int slot() {
        return 1;
    }

    @Override
    public byte[] encode(Event event) {
        StringBuilder out = new StringBuilder(128);
        switch (event) {
            case Event.NickPrompt p -> open(out, "nick_prompt").append('}');
            case Event.Chat c -> chat(out, c, false);
            case Event.Direct d -> {
                open(out, "dm");
                field(out, "from", d.from());
                field(out, "to", d.to());
                field(out, "text", d.text());
                ts(out, d.ts()).append('}');
            }
            case Event.Joined j -> {
                open(out, "join");
                field(out, "room", j.room());
                field(out, "nick", j.nick());
                ts(out, j.ts()).append('}');
            }
            case Event.Left l -> {
                open(out, "leave");
                field(out, "room", l.room());
                field(out, "nick", l.nick());
                field(out, "reason", l.reason());
                ts(out, l.ts()).append('}');
            }
            case Event.Renamed r -> {
                open(out, "rename");
                field(out, "room", r.room());
                field(out, "old", r.oldNick());
                field(out, "new", r.newNick());
                ts(out, r.ts()).append('}');
            }
            case Event.TopicChanged t -> {
                open(out, "topic");
                field(out, "room", t.room());
                field(out, "topic", t.topic());
                field(out, "nick", t.nick());
                ts(out, t.ts()).append('}');
            }
            case Event.Topic t -> {
                open(out, "topic");
                field(out, "room", t.room());
                field(out, "topic", t.topic());
                out.append('}');
            }
            case Event.Arrival a -> {
                open(out, a.first() ? "welcome" : "entered");
                field(out, "nick", a.nick());
                field(out, "room", a.room());
                out.append(",\"others\":").append(a.others());
                strings(out, "names", a.names());
                strings(out, "commands", a.commands());
                if (!a.uploadToken().isEmpty()) {
                    field(out, "upload_token", a.uploadToken());
                }
                if (a.first() && maxLineBytes > 0) {
                    out.append(",\"max_line\":").append(maxLineBytes);
                }
                out.append('}');
            }
            case Event.History h -> history(out, h);
            case Event.Search s -> {
                open(out, "search");
                field(out, "room", s.room());
                field(out, "words", s.words());
                out.append(",\"count\":").append(s.matches().size()).append("}\n");
                for (Event.Chat c : s.matches()) {
                    chat(out, c, true);
                    out.append('\n');
                }
                open(out, "search_end");
                field(out, "room", s.room());
                out.append('}');
            }
            case Event.RoomList r -> {
                open(out, "rooms");
                out.append(",\"rooms\":[");
                for (Event.RoomSize s : r.rooms()) {
                    out.append("{\"room\":");
                    Json.quote(out, s.name()).append(",\"members\":").append(s.members()).append("},");
                }
                closeArray(out);
                field(out, "current", r.current());
                out.append('}');
            }
            case Event.Who w -> {
                open(out, "who");
                field(out, "room", w.room());
                strings(out, "nicks", w.nicks());
                if (!w.away().isEmpty()) {
                    out.append(",\"away\":{");
                    w.away().forEach((nick, message) -> {
                        Json.quote(out, nick).append(':');
                        Json.quote(out, message).append(',');
                    });
                    out.setLength(out.length() - 1);
                    out.append('}');
                }
                out.append('}');
            }
            case Event.Whois w -> {
                open(out, "whois");
                field(out, "nick", w.nick());
                field(out, "room", w.room());
                field(out, "since", TS.format(w.since()));
                out.append(",\"idle\":").append(w.idle().toSeconds());
                field(out, "away", w.away());
                out.append('}');
            }
            case Event.Help h -> {
                open(out, "help");
                out.append(",\"commands\":[");
                for (CommandTable.Spec s : h.commands()) {
                    out.append("{\"name\":");
                    Json.quote(out, s.name()).append(",\"usage\":");
                    Json.quote(out, s.usage()).append(",\"description\":");
                    Json.quote(out, s.description()).append(",\"operator\":").append(s.operator()).append("},");
                }
                closeArray(out).append('}');
            }
            case Event.Notice n -> {
                open(out, n.code().error() ? "error" : "notice");
                field(out, "code", n.code().name().toLowerCase(Locale.ROOT));
                field(out, "text", n.text());
                out.append('}');
            }
        }
        return out.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void history(StringBuilder out, Event.History h) {
        open(out, "history");
        field(out, "room", h.room());
        out.append(",\"count\":").append(h.messages().size());
        if (h.resume()) {
            out.append(",\"since\":").append(h.since()).append(",\"missed\":").append(h.missed());
        }
        out.append("}\n");
        for (Event.Chat c : h.messages()) {
            chat(out, c, true);
            out.append('\n');
        }
        open(out, "history_end");
        field(out, "room", h.room());
        out.append('}');
    }

    /** A message, action or image; with {@code replay}, as part of a history replay or search results. */
    private static void chat(StringBuilder out, Event.Chat c, boolean replay) {
        switch (c) {
            case Event.Message m -> said(out, m, "message");
            case Event.Action a -> said(out, a, "action");
            case Event.Image i -> {
                head(out, i, "image");
                field(out, "url", i.url());
                field(out, "name", i.name());
                out.append(",\"size\":").append(i.size());
            }
        }
        ts(out, c.ts());
        if (replay) {
            out.append(",\"replay\":true");
        }
        out.append('}');
    }

    private static void said(StringBuilder out, Event.Chat c, String type) {
        head(out, c, type);
        field(out, "text", c.text());
    }

    private static void head(StringBuilder out, Event.Chat c, String type) {
        open(out, type);
        out.append(",\"id\":").append(c.id());
        field(out, "room", c.room());
        field(out, "nick", c.nick());
    }

    private static StringBuilder open(StringBuilder out, String type) {
        return out.append("{\"type\":\"").append(type).append('"');
    }

    /** Appends {@code ,"name":"value"}. */
    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        Json.quote(out, value);
    }

    private static StringBuilder ts(StringBuilder out, Instant ts) {
        return out.append(",\"ts\":\"").append(TS.format(ts)).append('"');
    }

    private static StringBuilder strings(StringBuilder out, String name, List<String> values) {
        out.append(",\"").append(name).append("\":[");
        for (String v : values) {
            Json.quote(out, v).append(',');
        }
        return closeArray(out);
    }

    private static StringBuilder closeArray(StringBuilder out) {
        if (out.charAt(out.length() - 1) == ',') {
            out.setLength(out.length() - 1);
        }
        return out.append(']');
    }
}
