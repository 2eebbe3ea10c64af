package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed keystore for localhost made by {@code scripts/make-tls-keystore}, as an operator would make
 * one: {@code server.p12}, {@code password} and {@code server.pem} in a directory.
 *
 * <p>Thread-safe: stateless.
 */
final class TestKeystore {
    private TestKeystore() {
    }

    /** Makes the keystore in {@code dir}; fails the test if the script fails or takes over a minute. */
    static void make(Path dir) throws IOException, InterruptedException {
        Process keytool = new ProcessBuilder("../scripts/make-tls-keystore", "--out", dir.toString())
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("make-tls-keystore finished").isTrue();
        assertThat(keytool.exitValue()).as("make-tls-keystore exit status").isZero();
    }
}
