package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.protocol.CommandTable;
import chat.server.protocol.Event;
import chat.server.protocol.JsonEncoder;
import chat.server.protocol.Notices;
import chat.server.protocol.TextEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The screen stays as it was: each server event, sent as JSON and rendered by the client, reads exactly as
 * the server's text encoding of the same event (both in UTC, so history times agree).
 */
@Timeout(10)
class SameScreenAsTextTest {
    private static final Instant TS = Instant.parse("2026-11-23T19:02:11.532Z");
    private final Renderer renderer = new Renderer(false, false, Clock.fixed(TS, ZoneOffset.UTC));

    static Stream<Event> events() {
        Event.Message hi = new Event.Message(7, "#dev", "bob", "hi \"all\" \\o/ 👩‍💻", TS);
        Event.Action waves = new Event.Action(8, "#dev", "carol", "waves", TS.plusSeconds(60));
        Event.Image cat = new Event.Image(9, "#dev", "carol", "http://chat.lan:8080/i/ab.png", "cat.png", 48213,
                TS.plusSeconds(120));
        List<String> many = IntStream.range(0, 31).mapToObj(i -> "n" + i).toList();
        return Stream.of(hi, waves, cat,
                new Event.History("#dev", List.of(hi, cat, waves)),
                new Event.History("#dev", List.of(cat), 8, 1),
                new Event.Search("#dev", "cat", List.of(cat)),
                new Event.Direct("bob", "alice", "psst", TS, false),
                new Event.Direct("alice", "bob", "psst", TS, true),
                new Event.Joined("#dev", "carol", TS),
                new Event.Left("#dev", "carol", "quit: bye", TS),
                new Event.Left("#dev", "carol", "", TS),
                new Event.Renamed("#dev", "carol", "caro", TS),
                new Event.TopicChanged("#dev", "bob", "release day", TS),
                new Event.Topic("#dev", "release day"),
                new Event.Topic("#dev", ""),
                new Event.Arrival("alice", "#lobby", true, List.of(), 0, CommandTable.names(false)),
                new Event.Arrival("alice", "#lobby", true, List.of("bob", "carol"), 3, CommandTable.names(false)),
                new Event.Arrival("alice", "#dev", false, List.of("bob"), 1, CommandTable.names(true)),
                new Event.History("#dev", List.of(hi, waves)),
                new Event.History("#dev", List.of(hi)),
                new Event.History("#dev", List.of()),
                new Event.History("#dev", List.of(hi, waves), 6, 2),
                new Event.History("#dev", List.of(waves), 7, 1),
                new Event.History("#dev", List.of(hi, waves), 6, 612),
                new Event.History("#dev", List.of(), 8, 0),
                new Event.Search("#dev", "all waves", List.of(hi, waves)),
                new Event.Search("#dev", "waves", List.of(waves)),
                new Event.Search("#dev", "nothing", List.of()),
                new Event.RoomList(List.of(new Event.RoomSize("#lobby", 3), new Event.RoomSize("#dev", 1)), "#dev"),
                new Event.Who("#dev", List.of("bob")),
                new Event.Who("#big", many),
                new Event.Who("#dev", List.of("bob", "carol"), java.util.Map.of("carol", "lunch, back at 1")),
                new Event.Whois("bob", "#dev", TS, java.time.Duration.ofSeconds(75), ""),
                new Event.Whois("carol", "", TS, java.time.Duration.ofHours(26), "lunch"),
                Notices.isAway("carol", "lunch"),
                Notices.awaySet("lunch"),
                Notices.nickHint(),
                new Event.Help(CommandTable.SPECS),
                Notices.nickTaken("alice"),
                Notices.goodbye());
    }

    @ParameterizedTest
    @MethodSource("events")
    void rendersTheSameWordsAsTheTextProtocol(Event event) {
        String me = event instanceof Event.Direct d && !d.echo() ? d.to() : "alice";
        List<String> text = Arrays.asList(wire(new TextEncoder(ZoneOffset.UTC).encode(event)).split("\r\n"));
        assertThat(screen(wire(new JsonEncoder().encode(event)), me)).isEqualTo(text);
    }

    private static String wire(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** What the client shows for these JSON lines, a replay or search results put together as the client does. */
    private List<String> screen(String jsonLines, String me) {
        List<ServerEvent> events = new ArrayList<>();
        ServerEvent start = null;
        List<ServerEvent.RoomEvent> listed = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            switch (EventDecoder.decode(line)) {
                case ServerEvent.HistoryStart h -> start = h;
                case ServerEvent.SearchStart s -> start = s;
                case ServerEvent.RoomEvent c when c.replay() -> listed.add(c);
                case ServerEvent.HistoryEnd h -> events.add(new ServerEvent.Replay((ServerEvent.HistoryStart) start, listed));
                case ServerEvent.SearchEnd s -> events.add(new ServerEvent.Found((ServerEvent.SearchStart) start, listed));
                case ServerEvent e -> events.add(e);
            }
        }
        return events.stream().flatMap(e -> renderer.render(e, me).stream()).map(AttributedString::toString).toList();
    }
}
