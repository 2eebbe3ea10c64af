package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The JLine console over an in-memory terminal: what its history file keeps, and who may read it. */
@Timeout(30)
class TerminalConsoleTest {
    @TempDir
    Path dir;

    /** Types {@code input} (lines ended by CR, as a terminal sends them) and closes the console. */
    private static void typeAndClose(Path history, String input) throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(false).type("dumb")
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream())
                .build();
        try (TerminalConsole console = new TerminalConsole(terminal, history)) {
            while (console.readLine() != null) {
                // every line typed goes through the history
            }
        }
    }

    @Test
    void historyFileIsCreatedReadableByItsOwnerOnly() throws IOException {
        Path history = dir.resolve("history");
        typeAndClose(history, "hello\r");
        assertThat(Files.readString(history)).contains("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
    }

    @Test
    void operPasswordsNeverReachTheHistoryFile() throws IOException {
        Path history = dir.resolve("history");
        typeAndClose(history, "before\r/oper s3cret-one\r/OPER s3cret-two\r  /oper s3cret-three\rafter\r");
        assertThat(Files.readString(history)).contains("before", "after").doesNotContain("s3cret");
    }

    @Test
    void anExistingWorldReadableFileIsMadePrivateAndClearedOfPasswords() throws IOException {
        Path history = dir.resolve("history");
        Files.writeString(history, "1700000000000:hi\n1700000000001:/oper old-s3cret\n1700000000002:bye\n");
        Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-r--r--"));
        typeAndClose(history, "");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        assertThat(Files.readString(history)).contains("hi", "bye").doesNotContain("s3cret");
    }
}
