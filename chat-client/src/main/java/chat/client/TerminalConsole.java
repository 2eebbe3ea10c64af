package chat.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.ParsedLine;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.Widget;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.NonBlockingReader;

/**
 * The interactive console: a JLine line editor. Incoming lines are printed above the prompt
 * ({@link LineReader#printAbove}), so a half-typed line is never garbled. Input history is kept across
 * sessions in {@code ~/.chat_client_history}, readable by its owner only and without {@code /oper} lines
 * ({@link PrivateHistory}); Tab completes the commands the server listed and the nicknames seen so far
 * ({@link Completions}). The typed line is erased when it is sent: what was sent appears once, as the
 * server's event.
 * Lines are sent exactly as typed: no {@code !} history expansion, no backslash escapes, no quote
 * continuation.
 *
 * <p>Thread-safe: {@link #show} may be called from any thread (JLine synchronizes printAbove); the reading
 * methods are called by the input thread only.
 */
final class TerminalConsole implements Console {
    private static final String PROMPT = "> ";

    /** How long to look for more of a paste after a key; a person typing is far slower than this. */
    private static final long TYPEAHEAD_WAIT_MILLIS = 1;
    private static final int DEL = 0x7F;
    private static final char BEL = 0x07;

    private final Terminal terminal;
    private final LineReader reader;
    private final Completions completions = new Completions();
    private volatile String prompt = PROMPT;

    /** The console of this process's terminal, with history in {@code ~/.chat_client_history}. */
    TerminalConsole() {
        this(systemTerminal(), Path.of(System.getProperty("user.home"), ".chat_client_history"));
    }

    /** A console on {@code terminal} keeping its input history in {@code historyFile}. */
    TerminalConsole(Terminal terminal, Path historyFile) {
        this.terminal = terminal;
        boolean keepFile;
        try {
            PrivateHistory.prepare(historyFile);
            keepFile = true;
        } catch (IOException e) {
            keepFile = false; // a file we cannot make private is not written at all: history stays in memory
        }
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]);
        parser.setQuoteChars(new char[0]);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat-client")
                .parser(parser)
                .completer(this::complete)
                .history(new PrivateHistory())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
        if (keepFile) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        reader = builder.build();
        Widget insertOne = reader.getWidgets().get(LineReader.SELF_INSERT);
        reader.getWidgets().put(LineReader.SELF_INSERT, () -> insertWithTypeahead(insertOne));
    }

    /**
     * Inserts the key typed and every printable character already waiting after it. A terminal that does
     * not bracket a paste sends it as keystrokes, and JLine redraws the whole line after each one: a
     * 5,000-character paste cost 3.7 s and 2.7 GB of garbage, which grew the client to 400 MB. Inserted at
     * once it is one redraw. A control character (Enter, Tab, an escape sequence) stops the run and is left
     * for JLine to handle as a key.
     */
    private boolean insertWithTypeahead(Widget insertOne) {
        insertOne.apply();
        NonBlockingReader keys = terminal.reader();
        StringBuilder waiting = new StringBuilder();
        try {
            int next;
            while ((next = keys.peek(TYPEAHEAD_WAIT_MILLIS)) >= ' ' && next != DEL) {
                waiting.append((char) keys.read());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader.getBuffer().write(waiting);
        return true;
    }

    private static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tab: what {@link Completions} offers for the word under the cursor, in its context. */
    private void complete(LineReader lineReader, ParsedLine line, List<Candidate> candidates) {
        int wordStart = line.cursor() - line.wordCursor();
        String before = line.line().substring(0, Math.max(0, Math.min(wordStart, line.line().length())));
        for (String value : completions.complete(before, line.word())) {
            candidates.add(new Candidate(value, value, null, null, null, null, true));
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine() {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException | EndOfFileException e) {
            return null; // Ctrl-C or Ctrl-D: leave cleanly
        }
    }

    @Override
    public String askNick() {
        try {
            String nick = reader.readLine("nickname: ");
            return nick == null ? null : nick.strip();
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void show(AttributedString line) {
        reader.printAbove(line);
    }

    @Override
    public Completions completions() {
        return completions;
    }

    @Override
    public void where(String room, String nick) {
        String next = Console.prompt(room, nick);
        if (next.equals(prompt)) {
            return;
        }
        prompt = next;
        if (reader.isReading() && reader instanceof LineReaderImpl editing) {
            editing.setPrompt(next);
            reader.callWidget(LineReader.REDRAW_LINE);
            reader.callWidget(LineReader.REDISPLAY);
        }
    }

    @Override
    public void bell() {
        terminal.writer().write(BEL);
        terminal.writer().flush();
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
            terminal.close();
        } catch (IOException ignored) {
            // Losing the history file or a terminal reset at exit is not worth failing the exit for.
        }
    }
}
