package chat.server.web;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Images on disk, named by the SHA-256 of their bytes ({@code <hash>.<ext>}), so the same bytes are stored
 * once. The kind is decided by the first bytes (magic numbers), never by the file name or the declared type.
 *
 * <p>Thread-safe: each image is written to a temporary file and moved into place, so a reader sees a whole
 * file or none; two uploads of the same bytes write the same content.
 */
final class ImageStore {
    /** The image kinds accepted: a closed set. */
    enum Kind {
        PNG("png", "image/png"), JPEG("jpg", "image/jpeg"), GIF("gif", "image/gif"), WEBP("webp", "image/webp");

        final String ext;
        final String contentType;

        Kind(String ext, String contentType) {
            this.ext = ext;
            this.contentType = contentType;
        }

        static Optional<Kind> ofExtension(String ext) {
            return Arrays.stream(values()).filter(k -> k.ext.equals(ext)).findFirst();
        }
    }

    /** A stored image. */
    record Stored(String file, Kind kind) { }

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] GIF87 = {'G', 'I', 'F', '8', '7', 'a'};
    private static final byte[] GIF89 = {'G', 'I', 'F', '8', '9', 'a'};
    private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
    private static final byte[] WEBP = {'W', 'E', 'B', 'P'};
    private static final int WEBP_TAG_OFFSET = 8;
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.(png|jpg|gif|webp)");

    private final Path dir;

    ImageStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The kind of image {@code bytes} hold, by their magic number. */
    static Optional<Kind> sniff(byte[] bytes) {
        if (startsWith(bytes, 0, PNG)) {
            return Optional.of(Kind.PNG);
        }
        if (startsWith(bytes, 0, JPEG)) {
            return Optional.of(Kind.JPEG);
        }
        if (startsWith(bytes, 0, GIF87) || startsWith(bytes, 0, GIF89)) {
            return Optional.of(Kind.GIF);
        }
        if (startsWith(bytes, 0, RIFF) && startsWith(bytes, WEBP_TAG_OFFSET, WEBP)) {
            return Optional.of(Kind.WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        return bytes.length >= offset + prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    /** Stores {@code bytes} of {@code kind} (already sniffed) unless the same bytes are stored already. */
    Stored store(byte[] bytes, Kind kind) throws IOException {
        String file = sha256(bytes) + "." + kind.ext;
        Path target = dir.resolve(file);
        if (!Files.exists(target)) {
            Path temp = Files.createTempFile(dir, "upload-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (FileAlreadyExistsException e) {
                    // The same bytes arrived twice at once: the other upload stored them.
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return new Stored(file, kind);
    }

    /**
     * Stores {@code bytes} as {@code file} if they are that image: their SHA-256 is its name and their magic
     * number its extension. So bytes from elsewhere (a peer) can never be served under another image's name.
     *
     * @return the stored file, or empty if the bytes are not that image
     */
    Optional<Path> storeAs(String file, byte[] bytes) throws IOException {
        if (!isName(file) || !file.startsWith(sha256(bytes) + ".")
                || sniff(bytes).filter(k -> k == kindOf(file)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(dir.resolve(store(bytes, kindOf(file)).file()));
    }

    /** Whether {@code file} is the name of an image this store could hold: {@code <sha-256 hex>.<ext>}. */
    static boolean isName(String file) {
        return NAME.matcher(file).matches();
    }

    /** The stored image called {@code file} ({@code <hash>.<ext>}), if there is one. */
    Optional<Path> find(String file) {
        if (!isName(file)) {
            return Optional.empty();
        }
        Path path = dir.resolve(file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    static Kind kindOf(String file) {
        return Kind.ofExtension(file.substring(file.lastIndexOf('.') + 1)).orElseThrow();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
