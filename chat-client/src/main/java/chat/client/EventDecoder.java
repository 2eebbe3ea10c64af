package chat.client;

import chat.common.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One server line in JSON mode (docs/PROTOCOL.md, "JSON mode") to a {@link ServerEvent}. Lenient, as the
 * protocol asks of clients: unknown fields are ignored, an unknown {@code type} becomes
 * {@link ServerEvent.Unknown}, a field of the wrong kind reads as missing, and a line that is not a JSON
 * object becomes {@link ServerEvent.Plain}. Never throws for any input.
 *
 * <p>Thread-safe: stateless.
 */
final class EventDecoder {

    private EventDecoder() {
    }

    static ServerEvent decode(String line) {
        Map<String, Object> o;
        try {
            o = Json.object(line);
        } catch (IllegalArgumentException notJson) {
            return new ServerEvent.Plain(line);
        }
        String type = string(o, "type");
        return switch (type) {
            case "nick_prompt" -> new ServerEvent.NickPrompt();
            case "welcome", "entered" -> new ServerEvent.Arrival(type.equals("welcome"), string(o, "nick"),
                    string(o, "room"), (int) number(o, "others"), strings(o, "names"), strings(o, "commands"));
            case "message", "action" -> new ServerEvent.Chat(type.equals("action"), number(o, "id"), string(o, "room"),
                    string(o, "nick"), string(o, "text"), ts(o), Boolean.TRUE.equals(o.get("replay")));
            case "image" -> new ServerEvent.Image(number(o, "id"), string(o, "room"), string(o, "nick"), string(o, "url"),
                    string(o, "name"), number(o, "size"), ts(o), Boolean.TRUE.equals(o.get("replay")));
            case "dm" -> new ServerEvent.Direct(string(o, "from"), string(o, "to"), string(o, "text"), ts(o));
            case "join" -> new ServerEvent.Joined(string(o, "room"), string(o, "nick"), ts(o));
            case "leave" -> new ServerEvent.Left(string(o, "room"), string(o, "nick"), string(o, "reason"), ts(o));
            case "rename" -> new ServerEvent.Renamed(string(o, "room"), string(o, "old"), string(o, "new"), ts(o));
            case "topic" -> new ServerEvent.Topic(string(o, "room"), string(o, "topic"),
                    o.get("nick") instanceof String n ? n : null, ts(o));
            case "history" -> new ServerEvent.HistoryStart(string(o, "room"), (int) number(o, "count"),
                    o.get("since") instanceof Number n ? n.longValue() : -1, number(o, "missed"));
            case "history_end" -> new ServerEvent.HistoryEnd(string(o, "room"));
            case "search" -> new ServerEvent.SearchStart(string(o, "room"), string(o, "words"), (int) number(o, "count"));
            case "search_end" -> new ServerEvent.SearchEnd(string(o, "room"));
            case "rooms" -> new ServerEvent.Rooms(objects(o, "rooms").stream()
                    .map(r -> new ServerEvent.RoomSize(string(r, "room"), number(r, "members"))).toList(),
                    string(o, "current"));
            case "who" -> new ServerEvent.Who(string(o, "room"), strings(o, "nicks"), away(o));
            case "whois" -> new ServerEvent.Whois(string(o, "nick"), string(o, "room"), instant(o, "since"),
                    number(o, "idle"), string(o, "away"));
            case "help" -> new ServerEvent.Help(objects(o, "commands").stream()
                    .map(c -> new ServerEvent.CommandHelp(string(c, "name"), string(c, "usage"), string(c, "description")))
                    .toList());
            case "notice", "error" -> new ServerEvent.Notice(type.equals("error"), string(o, "code"), string(o, "text"));
            default -> new ServerEvent.Unknown(type);
        };
    }

    private static Map<String, String> away(Map<String, Object> o) {
        Map<String, String> away = new java.util.LinkedHashMap<>();
        if (o.get("away") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String nick && v instanceof String message) {
                    away.put(nick, message);
                }
            });
        }
        return away;
    }

    private static Instant instant(Map<String, Object> o, String key) {
        try {
            return Instant.parse(string(o, key));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String string(Map<String, Object> o, String key) {
        return o.get(key) instanceof String s ? s : "";
    }

    private static long number(Map<String, Object> o, String key) {
        return o.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static Instant ts(Map<String, Object> o) {
        if (!(o.get("ts") instanceof String ts)) {
            return null;
        }
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return null; // shown with the time it arrived instead
        }
    }

    private static List<String> strings(Map<String, Object> o, String key) {
        List<String> out = new ArrayList<>();
        if (o.get(key) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked") // Json yields String-keyed maps
    private static List<Map<String, Object>> objects(Map<String, Object> o, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (o.get(key) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> map) {
                    out.add((Map<String, Object>) map);
                }
            }
        }
        return out;
    }
}
