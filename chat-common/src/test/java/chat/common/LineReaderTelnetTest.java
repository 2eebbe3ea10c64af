package chat.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the reader answers a telnet peer, and what it makes of the commands Debian's telnet sends. */
@Timeout(10)
class LineReaderTelnetTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The lines read (then {@code <interrupted>} if the peer sent IP) and the replies, as hex. */
    private record Outcome(List<String> lines, String replies) { }

    private static Outcome read(String inputHex) throws IOException {
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        byte[] input = HEX.parseHex(inputHex.replace(" ", ""));
        // A 3-byte buffer, so commands and characters are split across reads.
        LineReader reader = new LineReader(new ByteArrayInputStream(input), 64, 3, LineReader.Meter.NONE, replies::writeBytes);
        List<String> lines = new ArrayList<>();
        while (true) {
            try {
                String line = reader.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
            } catch (LineTooLongException e) {
                lines.add("<too long>");
            } catch (PeerInterruptedException e) {
                lines.add("<interrupted>");
                break;
            }
        }
        return new Outcome(lines, spaced(HEX.formatHex(replies.toByteArray())));
    }

    private static String spaced(String hex) {
        return hex.replaceAll("(..)(?!$)", "$1 ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain text gets no reply                      | 61 0a                   | a              |
            Ctrl-C: IP then DO TM, marked, asked binary   | 61 ff f4 ff fd 06 62 0a | <interrupted>  | ff fd 00 ff fb 06
            ✓ typed: its 0x9C came as BRK + DO TM          | e2 ff f3 ff fd 06 93 0a | ✓              | ff fd 00 ff fb 06
            М typed: 0x9C as BRK inside a 2-byte char     | d0 ff f3 ff fd 06 0a    | М              | ff fd 00 ff fb 06
            ă typed: 0x83 as IP inside a char, no quit    | c4 ff f4 ff fd 06 0a    | ă              | ff fd 00 ff fb 06
            “ typed: 0x9C after two bytes of three        | e2 80 ff f3 ff fd 06 0a | “              | ff fd 00 ff fb 06
            😜 typed: 0x9C as the 4th byte                 | f0 9f 98 ff f3 ff fd 06 0a | 😜          | ff fd 00 ff fb 06
            0x8F came as AO inside a char                 | e2 ff f5 ff fd 06 81 0a | ⏁              | ff fd 00 ff fb 06
            ABORT inside a char is 0x9C                   | e2 ff ee ff fd 06 93 0a | ✓              | ff fd 00 ff fb 06
            AO outside a char is ignored                  | 61 ff f5 ff fd 06 62 0a | ab             | ff fd 00 ff fb 06
            BRK outside a char is ignored                 | 61 ff f3 62 0a          | ab             | ff fd 00
            every timing mark is answered                 | ff fd 06 ff fd 06 61 0a | a              | ff fd 00 ff fb 06 ff fb 06
            DO x is refused once                          | ff fd 03 ff fd 03 61 0a | a              | ff fd 00 ff fc 03
            WILL x is refused once                        | ff fb 1f ff fb 1f 61 0a | a              | ff fd 00 ff fe 1f
            DONT and WONT are never answered              | ff fe 01 ff fc 01 61 0a | a              | ff fd 00
            WILL BINARY is what we asked: no reply        | ff fb 00 61 0a          | a              | ff fd 00
            binary mode passes 8-bit text untouched       | ff fb 00 e2 9c 93 0a    | ✓              | ff fd 00
            IAC IAC is a literal 0xFF, no command         | 61 ff ff 62 0a          | a\uFFFDb       |
            subnegotiation is skipped                     | ff fa 18 00 41 ff f0 61 0a | a           | ff fd 00
            EC erases a character                         | 61 62 ff f7 63 0a       | ac             | ff fd 00
            EL erases the line                            | 61 62 ff f8 63 0a       | c              | ff fd 00
            text after Ctrl-C is dropped                  | ff f4 ff fd 06 61 62 0a | <interrupted>  | ff fd 00 ff fb 06
            """)
    void answersTelnet(String name, String input, String lines, String replies) throws IOException {
        Outcome outcome = read(input);
        assertThat(outcome.lines()).as(name).containsExactly(lines.translateEscapes().split(","));
        assertThat(outcome.replies()).as(name).isEqualTo(replies == null ? "" : replies);
    }
}
