package chat.client;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.utils.AttributedString;

/**
 * A console driven by a test: it types queued lines, answers nickname questions from a queue, and
 * records what is shown. Every wait has a timeout.
 *
 * <p>Thread-safe: blocking queues between the test thread and the client's threads.
 */
final class ScriptedConsole implements Console {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String END = new String("<end of input>");

    private final boolean interactive;
    private final BlockingQueue<String> typed = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> nickAnswers = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> shown = new LinkedBlockingQueue<>();
    private final List<AttributedString> styled = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Completions completions = new Completions();
    private volatile Hold hold;
    private final java.util.concurrent.atomic.AtomicInteger bells = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String prompt = Console.prompt(null, null);

    /** The next line matching {@code line} keeps the thread that shows it waiting until {@code release}. */
    private record Hold(Predicate<String> line, CountDownLatch release) { }

    ScriptedConsole(boolean interactive) {
        this.interactive = interactive;
    }

    void type(String line) {
        typed.add(line);
    }

    void endInput() {
        typed.add(END);
    }

    void answerNick(String nick) {
        nickAnswers.add(nick);
    }

    /**
     * The thread that shows the next line matching {@code line} waits there (at most the timeout) until the
     * returned latch is counted down: a client's listener held this way does nothing else meanwhile.
     */
    CountDownLatch holdAt(Predicate<String> line) {
        Hold h = new Hold(line, new CountDownLatch(1));
        hold = h;
        return h.release();
    }

    /** Skips shown lines until one matches; fails after the timeout. */
    String expectShown(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            String line;
            try {
                line = shown.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                line = null;
            }
            if (line == null) {
                return fail("nothing matching shown within %s; saw %s", TIMEOUT, seen);
            }
            seen.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    String expectShown(String exact) {
        return expectShown(exact::equals);
    }

    List<AttributedString> styled() {
        return styled;
    }

    /** The shown lines {@link #expectShown} has looked at so far, in order. */
    List<String> seen() {
        return List.copyOf(seen);
    }

    /** What Tab would offer, kept as {@link TerminalConsole} keeps it. */
    @Override
    public Completions completions() {
        return completions;
    }

    @Override
    public void where(String room, String nick) {
        prompt = Console.prompt(room, nick);
    }

    /** The prompt a terminal would show now. */
    String prompt() {
        return prompt;
    }

    @Override
    public void bell() {
        bells.incrementAndGet();
    }

    /** How many times the bell rang; it rings before the line that rang it is shown. */
    int bells() {
        return bells.get();
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public String readLine() {
        try {
            String line = typed.take();
            return line == END ? null : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public String askNick() {
        try {
            return nickAnswers.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void show(AttributedString line) {
        styled.add(line);
        shown.add(line.toString());
        Hold h = hold;
        if (h != null && h.line().test(line.toString())) {
            hold = null;
            try {
                h.release().await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
    }
}
