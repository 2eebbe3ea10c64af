package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server as a process: what an operator or a service manager sees when it stops it. */
@Timeout(60)
class ChatServerMainTest {

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"}) // INT is what Ctrl-C sends
    void stopSignalSaysGoodbyeToClientsAndExitsWithZero(String signal) throws Exception {
        try (ServerProcess server = ServerProcess.start("--port", "0", "--in-memory")) {
            try (TestClient alice = TestClient.join(server.port(), "alice")) {
                server.signal(signal);
                alice.expectLine("*** Server shutting down, goodbye.");
                alice.expectClosed();
            }
            assertThat(server.exitValue()).as("exit status after SIG" + signal).isZero();
        }
    }
}
