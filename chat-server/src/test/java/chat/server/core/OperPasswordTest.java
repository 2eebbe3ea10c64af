package chat.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OperPasswordTest {

    @Test
    void aHashLineMatchesItsPasswordOnly() {
        String line = OperPassword.hashLine("correct horse".toCharArray());
        assertThat(line).startsWith("pbkdf2-sha256$" + OperPassword.ITERATIONS + "$").doesNotContain("horse");
        OperPassword password = OperPassword.parse(line);
        assertThat(password.legacy()).isFalse();
        assertThat(password.matches("correct horse")).isTrue();
        assertThat(password.matches("correct horsE")).isFalse();
        assertThat(OperPassword.hashLine("correct horse".toCharArray())).isNotEqualTo(line); // salted
    }

    @Test
    void aPlainLineIsALegacyPasswordThatStillWorks() {
        OperPassword password = OperPassword.parse("s3cret");
        assertThat(password.legacy()).isTrue();
        assertThat(password.matches("s3cret")).isTrue();
        assertThat(password.matches("s3cre")).isFalse();
    }

    @Test
    void aBrokenHashLineIsRefused() {
        assertThatThrownBy(() -> OperPassword.parse("pbkdf2-sha256$x$y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scripts/oper-password");
    }
}
