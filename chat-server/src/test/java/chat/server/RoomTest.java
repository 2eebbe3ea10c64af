package chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The room's fan-out without sockets: a member's writer writes into memory. */
@Timeout(30)
class RoomTest {

    @Test
    void aLineSaidWhileAnotherThreadHoldsTheRoomIsStillDelivered() throws Exception {
        Hub hub = new Hub(ServerConfig.loopback(), Clock.systemUTC(), new Moderation(null, Clock.systemUTC()));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ClientSession listener = new ClientSession("c1", new Socket(), received, hub, null);
        Room room = hub.enter("#lobby", listener, r -> List.of());
        int talkers = 4;
        int rounds = 5000;
        CountDownLatch done = new CountDownLatch(1);
        // One thread keeps taking the room's lock, as joins, leaves and /history do, while others talk.
        Thread busy = Thread.ofPlatform().start(() -> {
            while (done.getCount() > 0) {
                room.lastMessages(1);
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < talkers; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    room.say("x: " + i);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        done.countDown();
        busy.join();
        assertThat(listener.outbound().awaitWriter(10_000)).isTrue();
        String text = received.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\r\n", -1)).hasSize(talkers * rounds + 1); // every line, none stuck
    }
}
