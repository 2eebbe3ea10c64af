package chat.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The image kinds by magic number, and storing by content hash. */
@Timeout(10)
class ImageStoreTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0), Optional.of(ImageStore.Kind.PNG)),
                Arguments.of(bytes(0xFF, 0xD8, 0xFF, 0xE0), Optional.of(ImageStore.Kind.JPEG)),
                Arguments.of("GIF89a...".getBytes(StandardCharsets.US_ASCII), Optional.of(ImageStore.Kind.GIF)),
                Arguments.of("GIF87a...".getBytes(StandardCharsets.US_ASCII), Optional.of(ImageStore.Kind.GIF)),
                Arguments.of("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII), Optional.of(ImageStore.Kind.WEBP)),
                Arguments.of("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII), Optional.empty()),
                Arguments.of("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8), Optional.empty()),
                Arguments.of("<!doctype html><script>".getBytes(StandardCharsets.UTF_8), Optional.empty()),
                Arguments.of(bytes(0x89, 'P', 'N'), Optional.empty()),
                Arguments.of(new byte[0], Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theKindIsTakenFromTheMagicNumberOnly(byte[] content, Optional<ImageStore.Kind> expected) {
        assertThat(ImageStore.sniff(content)).isEqualTo(expected);
    }

    @Test
    void theSameBytesAreStoredOnceUnderTheirHash() throws Exception {
        ImageStore store = new ImageStore(dir);
        byte[] png = bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 1, 2, 3);
        ImageStore.Stored first = store.store(png, ImageStore.Kind.PNG);
        ImageStore.Stored second = store.store(png, ImageStore.Kind.PNG);
        assertThat(first).isEqualTo(second);
        assertThat(first.file()).matches("[0-9a-f]{64}\\.png");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
        assertThat(store.find(first.file())).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(png));
        assertThat(store.find("../" + first.file())).isEmpty();
        assertThat(store.find(first.file().replace(".png", ".html"))).isEmpty();
    }

    @Test
    void bytesFromElsewhereAreStoredUnderANameOnlyIfTheyAreThatImage() throws Exception {
        ImageStore store = new ImageStore(dir);
        byte[] png = bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 4, 5, 6);
        byte[] other = bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 7, 8, 9);
        String file = new ImageStore(dir.resolve("elsewhere")).store(png, ImageStore.Kind.PNG).file();
        byte[] html = "<!doctype html><script>".getBytes(StandardCharsets.UTF_8);
        String htmlNamedPng = new ImageStore(dir.resolve("elsewhere")).store(html, ImageStore.Kind.PNG).file();

        assertThat(store.storeAs(file, other)).isEmpty();
        assertThat(store.storeAs(file.replace(".png", ".gif"), png)).isEmpty();
        assertThat(store.storeAs(htmlNamedPng, html)).isEmpty();
        assertThat(store.storeAs("../" + file, png)).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("elsewhere"));
        }
        assertThat(store.storeAs(file, png)).hasValue(dir.resolve(file));
        assertThat(store.find(file)).hasValueSatisfying(p -> assertThat(p).hasBinaryContent(png));
    }
}
