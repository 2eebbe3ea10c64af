package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code host:port} as written in {@code --servers}. */
@Timeout(10)
class ServerAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "chat.lan:55555   | chat.lan  | 55555 | chat.lan:55555",
        " 10.0.0.2:1      | 10.0.0.2  | 1     | 10.0.0.2:1",
        "[::1]:55555      | ::1       | 55555 | [::1]:55555",
        "[fe80::1]:65535  | fe80::1   | 65535 | [fe80::1]:65535",
    })
    void parsesHostAndPort(String text, String host, int port, String shown) {
        ServerAddress address = ServerAddress.parse(text);
        assertThat(address).isEqualTo(new ServerAddress(host, port));
        assertThat(address).hasToString(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "chat.lan        | is not host:port",
        "chat.lan:       | is not host:port",
        ":55555          | is not host:port",
        "chat.lan:http   | the port is not a number",
        "chat.lan:0      | port 0 is not in 1-65535",
        "chat.lan:65536  | port 65536 is not in 1-65535",
        "::1:55555       | in brackets",
    })
    void refusesWhatIsNotHostAndPort(String text, String why) {
        assertThatThrownBy(() -> ServerAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why);
    }
}
