package chat.server.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import chat.common.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON lines as WebSocket text frames (RFC 6455, 5.2), read back by a parser written from the RFC. */
@Timeout(10)
class WebSocketEncoderTest {
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");
    private final WebSocketEncoder encoder = new WebSocketEncoder(new JsonEncoder());

    /** The payloads of the frames in {@code wire}, checking that each is a final, unmasked text frame. */
    private static List<String> frames(byte[] wire) {
        List<String> payloads = new ArrayList<>();
        int at = 0;
        while (at < wire.length) {
            assertThat(wire[at] & 0xFF).as("FIN, text").isEqualTo(0x81);
            assertThat(wire[at + 1] & 0x80).as("a server does not mask").isZero();
            int length = wire[at + 1] & 0x7F;
            int header = 2;
            if (length == 126) {
                length = (wire[at + 2] & 0xFF) << 8 | wire[at + 3] & 0xFF;
                header = 4;
            } else if (length == 127) {
                long big = 0;
                for (int i = 0; i < 8; i++) {
                    big = big << 8 | wire[at + 2 + i] & 0xFF;
                }
                length = Math.toIntExact(big);
                header = 10;
            }
            assertThat(WebSocketEncoder.payloadLength(wire, at)).isEqualTo(length);
            assertThat(WebSocketEncoder.headerSize(length)).isEqualTo(header);
            payloads.add(new String(wire, at + header, length, StandardCharsets.UTF_8));
            at += header + length;
        }
        assertThat(at).isEqualTo(wire.length);
        return payloads;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 31, 32, 200, 65_400, 65_500, 70_000})
    void everyLengthGetsTheShortestHeaderAndTheExactPayload(int textLength) {
        Event.Message m = new Event.Message(1, "#dev", "bob", "é".repeat(textLength / 2) + "x".repeat(textLength % 2), T);
        String json = new String(new JsonEncoder().encode(m), StandardCharsets.UTF_8).strip();
        assertThat(frames(encoder.encode(m))).containsExactly(json);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void aReplayIsOneFramePerLine(int messages) {
        List<Event.Chat> said = new ArrayList<>();
        for (int i = 1; i <= messages; i++) {
            said.add(new Event.Message(i, "#dev", "bob", "line " + "x".repeat(i * 100), T));
        }
        List<String> payloads = frames(encoder.encode(new Event.History("#dev", said)));
        assertThat(payloads).hasSize(messages + 2);
        assertThat(payloads).allSatisfy(p -> assertThat(p).doesNotContain("\n"));
        assertThat(Json.object(payloads.getFirst())).containsEntry("type", "history");
        assertThat(Json.object(payloads.getLast())).containsEntry("type", "history_end");
    }
}
