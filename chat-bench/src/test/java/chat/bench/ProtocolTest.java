package chat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The load generator's protocols without a server: handshakes, who speaks what, read buffers. */
@Timeout(10)
class ProtocolTest {

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aJsonClientAsksForJsonModeAtThePromptGivesItsNickAtTheEventAndIsReadyAtTheWelcome() {
        Protocol json = new Protocol.Json();
        assertThat(json.greeting("u7")).isEmpty();
        Protocol.Step prompt = json.step("NICK", "u7");
        assertThat(text(prompt.reply())).isEqualTo("/json\n");
        assertThat(prompt.ready()).isFalse();
        Protocol.Step nick = json.step("{\"type\":\"nick_prompt\"}", "u7");
        assertThat(text(nick.reply())).isEqualTo("u7\n");
        assertThat(nick.ready()).isFalse();
        Protocol.Step welcome = json.step("{\"type\":\"welcome\",\"nick\":\"u7\",\"room\":\"#lobby\",\"others\":0,"
                + "\"names\":[],\"commands\":[\"join\"]}", "u7");
        assertThat(welcome.reply()).isNull();
        assertThat(welcome.ready()).isTrue();
    }

    @Test
    void aJsonClientGivesItsNickAgainAfterARefusal() {
        Protocol json = new Protocol.Json();
        Protocol.Step error = json.step("{\"type\":\"error\",\"code\":\"nick_taken\",\"text\":\"Nickname u7 is taken, "
                + "choose another.\"}", "u7");
        assertThat(error.reply()).isNull();
        assertThat(error.ready()).isFalse();
        assertThat(text(json.step("{\"type\":\"nick_prompt\"}", "u7").reply())).isEqualTo("u7\n");
    }

    @Test
    void aJsonClientSendsLinesAsInTextMode() {
        assertThat(new Protocol.Json().message("~~12~~abc")).isEqualTo(new Protocol.Chat().message("~~12~~abc"));
        assertThat(new Protocol.Json().echoesToSender()).isTrue();
    }

    @ParameterizedTest(name = "{0} clients, {1} %: {2} speak JSON, from client {3}")
    @CsvSource({"200, 50, 100, 100", "20, 50, 10, 10", "3, 50, 2, 1", "4, 100, 3, 1", "1, 100, 0, 1", "200, 0, 0, 200"})
    void mixedPutsTheLastPercentOnJsonButNeverClientZero(int n, int percent, int expected, int first) {
        Protocol mixed = new Protocol.Mixed(new Protocol.Chat(), new Protocol.Json(), percent);
        boolean[] json = new boolean[n];
        IntStream.range(0, n).forEach(i -> json[i] = mixed.forClient(i, n) instanceof Protocol.Json);
        assertThat(IntStream.range(0, n).filter(i -> json[i]).count()).isEqualTo(expected);
        assertThat(IntStream.range(0, n).filter(i -> json[i]).min().orElse(n)).isEqualTo(first);
        assertThat(mixed.forClient(0, n)).isInstanceOf(Protocol.Chat.class);
    }

    @Test
    void theSendersOfAMixedBlastSpeakText() {
        Protocol mixed = new Protocol.Mixed(new Protocol.Chat(), new Protocol.Json(), 50);
        assertThat(IntStream.range(0, 20).mapToObj(i -> mixed.forClient(i, 200)))
                .allMatch(p -> p instanceof Protocol.Chat);
        assertThat(text(mixed.message("hi"))).isEqualTo("hi\n");
        assertThat(text(mixed.step("NICK", "u0").reply())).isEqualTo("u0\n");
    }

    @Test
    void onlyClientsThatReceiveJsonGetTheLargerReadBuffer() {
        Conn chat = new Conn("u1", null, new Protocol.Chat());
        Conn json = new Conn("u2", null, new Protocol.Json());
        Conn ws = new Conn("u3", null, new Protocol.WebSocket(8080));
        assertThat(json.input.capacity()).isGreaterThan(chat.input.capacity());
        assertThat(ws.input.capacity()).isEqualTo(json.input.capacity());
    }
}
