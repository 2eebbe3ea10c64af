package chat.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Two normal users chatting: {@code from} ({@code nick}) sends numbered lines at a steady pace and times how long each
 * takes to come back to it; {@code to} must see them too.
 *
 * <p>Not thread-safe: used from the test thread.
 */
final class EchoProbe {
    private EchoProbe() {
    }

    /**
     * Sends {@code count} lines, one every {@code pace}; returns the echo latency's p50, p99 and max in
     * milliseconds.
     */
    static long[] measure(TestClient from, String nick, TestClient to, int count, Duration pace) throws IOException,
            InterruptedException {
        long[] millis = new long[count];
        String tag = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < count; i++) {
            String text = "echo " + tag + " " + i;
            long sent = System.nanoTime();
            from.send(text);
            from.expectLine(nick + ": " + text);
            millis[i] = (System.nanoTime() - sent) / 1_000_000;
            to.expectLine(nick + ": " + text);
            Thread.sleep(pace);
        }
        Arrays.sort(millis);
        return new long[] {millis[count / 2], millis[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)],
            millis[count - 1]};
    }
}
