package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RendererTest {
    private static final Clock NOON = Clock.fixed(Instant.parse("2026-01-01T12:05:00Z"), ZoneOffset.UTC);
    /** A zone two hours ahead of UTC, so a time shown in UTC would be visibly wrong. */
    private static final Clock NOON_PLUS_TWO = Clock.fixed(NOON.instant(), ZoneId.of("+02:00"));
    private static final Instant EARLIER = Instant.parse("2026-01-01T09:30:00Z");
    private final Renderer colour = new Renderer(true, false, NOON);
    private final Renderer plain = new Renderer(false, false, NOON);

    private static ServerEvent.Chat message(String nick, String text) {
        return new ServerEvent.Chat(false, 1, "#lobby", nick, text, EARLIER, false);
    }

    private static AttributedString only(List<AttributedString> lines) {
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    @Test
    void escapeSequencesFromTheServerNeverReachTheTerminal() {
        AttributedString line = only(colour.render(message("mal\u001blory", "\u001b[2J\u001b]0;title\u0007hi\u009b"), "alice"));
        assertThat(line.toString()).isEqualTo("mallory: [2J]0;titlehi");
        assertThat(line.toAnsi()).doesNotContain("\u0007", "\u009b", "[2J\u001b");
    }

    @Test
    void nickColourIsStableAndIgnoresCase() {
        assertThat(Renderer.colourOf("Alice")).isEqualTo(Renderer.colourOf("alice"));
        AttributedString first = only(colour.render(message("bob", "one"), "alice"));
        AttributedString second = only(colour.render(message("bob", "two"), "alice"));
        assertThat(first.styleAt(0)).isEqualTo(second.styleAt(0));
        assertThat(first.styleAt(0).getStyle() & 0xFF00).isNotZero(); // a foreground colour is set
    }

    @Test
    void ownMessagesAreBoldDecidedByTheEventsNick() {
        AttributedString mine = only(colour.render(message("alice", "my words"), "alice"));
        assertThat(mine.styleAt(mine.length() - 1)).isEqualTo(AttributedStyle.BOLD);
        AttributedString theirs = only(colour.render(message("bob", "other words"), "alice"));
        assertThat(theirs.styleAt(theirs.length() - 1)).isEqualTo(AttributedStyle.DEFAULT);
        AttributedString naming = only(colour.render(message("bob", "alice: words"), "alice"));
        assertThat(naming.styleAt(naming.length() - 1)).isEqualTo(Renderer.MENTION); // a mention stands out
    }

    @Test
    void privateMessagesAreMarkedAndTheirDirectionComesFromTheSender() {
        ServerEvent.Direct dm = new ServerEvent.Direct("bob", "alice", "psst", EARLIER);
        AttributedString received = only(colour.render(dm, "alice"));
        assertThat(received.toString()).isEqualTo("[DM from bob] psst");
        assertThat(received.styleAt(0)).isEqualTo(AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA));
        assertThat(only(colour.render(dm, "bob")).toString()).isEqualTo("[DM to alice] psst");
    }

    @Test
    void noColourMeansNoStyleAtAll() {
        List<ServerEvent> events = List.of(new ServerEvent.Notice(false, "goodbye", "Goodbye."), message("bob", "hi"),
                new ServerEvent.Chat(true, 2, "#lobby", "bob", "waves", EARLIER, false),
                new ServerEvent.Direct("bob", "alice", "psst", EARLIER),
                new ServerEvent.Replay(new ServerEvent.HistoryStart("#lobby", 1, -1, 1), List.of(message("bob", "old"))));
        for (ServerEvent event : events) {
            for (AttributedString line : plain.render(event, "alice")) {
                for (int i = 0; i < line.length(); i++) {
                    assertThat(line.styleAt(i)).as(line.toString()).isEqualTo(AttributedStyle.DEFAULT);
                }
            }
        }
    }

    @Test
    void timestampsAreTheEventsTimeInTheLocalZone() {
        Renderer stamped = new Renderer(false, true, NOON_PLUS_TWO);
        assertThat(only(stamped.render(message("bob", "hi"), null)).toString()).isEqualTo("11:30 bob: hi");
    }

    @Test
    void anEventWithoutATimeIsStampedWhenItArrives() {
        Renderer stamped = new Renderer(false, true, NOON_PLUS_TWO);
        assertThat(only(stamped.render(new ServerEvent.Notice(false, "goodbye", "Goodbye."), null)).toString())
                .isEqualTo("14:05 *** Goodbye.");
    }

    @Test
    void aReplayedMessageIsStampedOnceWithItsOwnTime() {
        Renderer stamped = new Renderer(false, true, NOON_PLUS_TWO);
        List<String> lines = stamped.render(new ServerEvent.Replay(new ServerEvent.HistoryStart("#lobby", 1, -1, 1), List.of(message("bob", "old"))), "alice")
                .stream().map(AttributedString::toString).toList();
        assertThat(lines).containsExactly("14:05 *** History of #lobby, last 1 message:", "[11:30] bob: old",
                "14:05 *** End of history.");
    }

    @Test
    void eventsThatShowNothing() {
        assertThat(plain.render(new ServerEvent.NickPrompt(), "alice")).isEmpty();
        assertThat(plain.render(new ServerEvent.Unknown("sparkles"), "alice")).isEmpty();
    }

    @Test
    void aLineThatIsNotJsonIsShownAsPlainText() {
        AttributedString line = only(colour.render(new ServerEvent.Plain("*** Server full\u001b[2J"), "alice"));
        assertThat(line.toString()).isEqualTo("*** Server full[2J");
        assertThat(line.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
    }
}
