package chat.client;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * Input history that only its owner can read and that never keeps an operator password: {@code /oper}
 * lines are not added, the file is created with mode 0600, and an existing file (perhaps written by an
 * older client) is set to 0600 and cleared of {@code /oper} lines before JLine reads it. JLine appends to
 * the file in place and rewrites it through a temporary file of its own (also 0600), so the mode holds.
 *
 * <p>Thread-safe as {@link DefaultHistory}: used by the input thread only.
 */
final class PrivateHistory extends DefaultHistory {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** JLine's file format: {@code <epoch millis>:<line>}, or just the line without timestamps. */
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d+:");

    /** Makes {@code file} private and password-free; call before JLine loads it. */
    static void prepare(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException ignored) {
                // Another client created it just now: fall through and tighten it like any existing file.
            } catch (UnsupportedOperationException ignored) {
                return; // not a POSIX file system: its own access rules apply
            }
        }
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: its own access rules apply.
        }
        List<String> lines = Files.readAllLines(file);
        List<String> kept = lines.stream().filter(l -> !isSecret(TIMESTAMP.matcher(l).replaceFirst(""))).toList();
        if (kept.size() < lines.size()) {
            Files.write(file, kept);
        }
    }

    /** Whether a typed line carries a password: {@code /oper} in any case, spaces before it allowed. */
    static boolean isSecret(String line) {
        String command = line.stripLeading().toLowerCase(Locale.ROOT);
        return command.equals("/oper") || command.startsWith("/oper ");
    }

    @Override
    public void add(Instant time, String line) {
        if (!isSecret(line)) {
            super.add(time, line);
        }
    }
}
