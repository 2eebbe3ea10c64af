package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code image} event, live and replayed, and the welcome's {@code upload_token} in both encodings
 * (docs/PROTOCOL.md, "Web" and "History").
 */
@Timeout(10)
class ImageEventEncodingTest {
    private static final Instant T = Instant.parse("2026-11-23T12:01:30.250Z");
    private static final Event.Image IMAGE = new Event.Image(12, "#lobby", "alice", "http://chat.lan:8080/i/ab.png",
            "cat \"1\".png", 48213, T);

    private static String json(Event e) {
        return new String(new JsonEncoder().encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void anImageIsOneJsonLineWithItsFields() {
        String line = json(IMAGE);
        assertThat(line).endsWith("\n").doesNotContain("\r");
        assertThat(Json.object(line.strip())).containsEntry("type", "image").containsEntry("id", 12L)
                .containsEntry("room", "#lobby")
                .containsEntry("nick", "alice").containsEntry("url", "http://chat.lan:8080/i/ab.png")
                .containsEntry("name", "cat \"1\".png").containsEntry("size", 48213L)
                .containsEntry("ts", "2026-11-23T12:01:30.250Z");
    }

    @Test
    void aReplayedImageIsTheSameEventMarkedAsReplayBetweenMessages() {
        Event.Message hi = new Event.Message(11, "#lobby", "bob", "look", T);
        String[] lines = json(new Event.History("#lobby", List.of(hi, IMAGE))).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(Json.object(lines[0])).containsEntry("type", "history").containsEntry("count", 2L);
        assertThat(Json.object(lines[2])).containsEntry("type", "image").containsEntry("id", 12L)
                .containsEntry("url", "http://chat.lan:8080/i/ab.png").containsEntry("name", "cat \"1\".png")
                .containsEntry("size", 48213L).containsEntry("replay", true).doesNotContainKey("text");
        assertThat(new String(new TextEncoder(ZoneOffset.UTC).encode(new Event.History("#lobby", List.of(hi, IMAGE))),
                StandardCharsets.UTF_8)).isEqualTo("""
                *** History of #lobby, last 2 messages:\r
                [12:01] bob: look\r
                [12:01] *** alice shared an image: http://chat.lan:8080/i/ab.png\r
                *** End of history.\r
                """);
    }

    @Test
    void textClientsReadTheUrl() {
        assertThat(new String(new TextEncoder(ZoneOffset.UTC).encode(IMAGE), StandardCharsets.UTF_8))
                .isEqualTo("*** alice shared an image: http://chat.lan:8080/i/ab.png\r\n");
    }

    @Test
    void theWelcomeCarriesTheUploadTokenOnlyInJsonAndOnlyWhenThereIsOne() {
        Event.Arrival with = new Event.Arrival("alice", "#lobby", true, List.of(), 0, List.of(), "c1.sig");
        Event.Arrival without = new Event.Arrival("alice", "#lobby", true, List.of(), 0, List.of());
        assertThat(Json.object(json(with).strip())).containsEntry("upload_token", "c1.sig");
        assertThat(Json.object(json(without).strip())).doesNotContainKey("upload_token");
        assertThat(new String(new TextEncoder(ZoneOffset.UTC).encode(with), StandardCharsets.UTF_8))
                .doesNotContain("c1.sig");
    }
}
