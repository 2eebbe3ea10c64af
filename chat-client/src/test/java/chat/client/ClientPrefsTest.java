package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ClientPrefsTest {
    @TempDir
    Path dir;

    @Test
    void theBellModeIsSavedForItsOwnerOnlyAndReadBack() throws Exception {
        Path file = dir.resolve(ClientPrefs.FILE_NAME);
        ClientPrefs prefs = ClientPrefs.load(file);
        assertThat(prefs.bell()).isEqualTo(Mentions.Bell.MENTIONS); // no file yet: the default
        prefs.bell(Mentions.Bell.ALL);
        assertThat(Files.readString(file)).isEqualTo("bell=all\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ClientPrefs.load(file).bell()).isEqualTo(Mentions.Bell.ALL);
    }

    @Test
    void aFileWithNonsenseGivesTheDefaults() throws Exception {
        Path file = dir.resolve(ClientPrefs.FILE_NAME);
        Files.writeString(file, "colour=pink\nbell=loud\n");
        assertThat(ClientPrefs.load(file).bell()).isEqualTo(Mentions.Bell.MENTIONS);
    }

    @Test
    void inMemoryPreferencesWriteNothing() throws Exception {
        ClientPrefs.inMemory().bell(Mentions.Bell.OFF);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
