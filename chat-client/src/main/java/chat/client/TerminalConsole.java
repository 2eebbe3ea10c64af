package chat.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;

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

    private final Terminal terminal;
    private final LineReader reader;
    private final Completions completions = new Completions();

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
                .completer(new StringsCompleter(this::completions))
                .history(new PrivateHistory())
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
        if (keepFile) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        reader = builder.build();
    }

    private static Terminal systemTerminal() {
        try {
            return TerminalBuilder.builder().system(true).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Collection<String> completions() {
        return completions.candidates();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public String readLine() {
        try {
            return reader.readLine(PROMPT);
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
    public void sawNick(String nick) {
        completions.saw(nick);
    }

    @Override
    public void lostNick(String nick) {
        completions.lost(nick);
    }

    @Override
    public void commands(List<String> names) {
        completions.commands(names);
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
