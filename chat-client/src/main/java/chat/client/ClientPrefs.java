package chat.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the client remembers between runs, in a small file ({@code ~/.chat_client.conf}, readable by its
 * owner only): for now the bell mode, as {@code bell=mentions}. A missing or unreadable file means the
 * defaults; an unknown line is ignored. Without a file (tests, {@link #inMemory()}) nothing is written.
 *
 * <p>Thread-safe: the bell mode is volatile; saving happens on the input thread only.
 */
final class ClientPrefs {
    static final String FILE_NAME = ".chat_client.conf";
    private static final String BELL = "bell=";

    private final Path file;
    private volatile Mentions.Bell bell = Mentions.Bell.MENTIONS;

    private ClientPrefs(Path file) {
        this.file = file;
    }

    /** Defaults, never saved. */
    static ClientPrefs inMemory() {
        return new ClientPrefs(null);
    }

    /** The preferences kept in {@code file}; the defaults if it does not exist or cannot be read. */
    static ClientPrefs load(Path file) {
        ClientPrefs prefs = new ClientPrefs(file);
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(BELL)) {
                    Mentions.Bell b = Mentions.Bell.of(line.substring(BELL.length()));
                    if (b != null) {
                        prefs.bell = b;
                    }
                }
            }
        } catch (IOException e) {
            // No file yet (or unreadable): the defaults, and the next change writes a fresh one.
        }
        return prefs;
    }

    Mentions.Bell bell() {
        return bell;
    }

    /**
     * Sets the bell mode and saves it.
     *
     * @throws IOException if it could not be saved (it still holds for this run)
     */
    void bell(Mentions.Bell value) throws IOException {
        bell = value;
        save();
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        Path temp = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp); // not a POSIX file system: its own rules apply
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not replace " + temp, e);
        }
        Files.writeString(temp, BELL + bell.word() + "\n", StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
