package chat.client;

import chat.common.UsageErrors;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of the terminal client. Exit codes: 0 after a clean quit (including end of piped
 * input), 1 if the server cannot be reached (or the connection is lost with --no-reconnect), 2 for a usage
 * error, 3 if the nickname is refused and there is nobody to ask for another.
 *
 * <p>Thread-safe: used once, from main.
 */
@Command(name = "chat-client", mixinStandardHelpOptions = true, versionProvider = ChatClientMain.Version.class,
        description = {"Chat from a terminal, or send lines from a script: echo hi | chat-client --nick bot"},
        sortOptions = false, usageHelpAutoWidth = true)
public final class ChatClientMain implements Callable<Integer> {

    private static final String DEFAULT_HOST = "localhost";
    private static final int DEFAULT_PORT = 55555;

    @Option(names = "--host", description = "Server host (default: " + DEFAULT_HOST + ").")
    String host;

    @Option(names = "--port", description = "Server port (default: " + DEFAULT_PORT + ").")
    Integer port;

    @Option(names = "--servers", split = ",", paramLabel = "HOST:PORT", converter = ServerAddressConverter.class,
            description = {"Servers of one cluster, tried in turn: when the one in use is gone the client moves to "
                    + "the next and resumes there (instead of --host and --port)."})
    List<ServerAddress> servers;

    @Option(names = "--nick", description = "Nickname; asked for when not given (required when input is piped).")
    String nick;

    @Option(names = "--timestamps", description = "Show the local time in front of every line.")
    boolean timestamps;

    @Option(names = "--no-color", description = "No colours (also when the NO_COLOR environment variable is set).")
    boolean noColor;

    @Option(names = "--no-reconnect", description = "Exit when the connection drops instead of reconnecting.")
    boolean noReconnect;

    @Option(names = "--tls", description = "Connect with TLS, trusting the system's certificate authorities.")
    boolean tls;

    @Option(names = "--tls-truststore", paramLabel = "PEM",
            description = "Connect with TLS, trusting the certificates in this PEM file (e.g. a self-signed server's).")
    java.nio.file.Path truststore;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, with command-line errors written to {@code err}. */
    static int run(PrintWriter err, String... args) {
        return new CommandLine(new ChatClientMain()).setErr(err)
                .setParameterExceptionHandler(new UsageErrors()).execute(args);
    }

    @Override
    @SuppressWarnings("try") // the fatal path closes the console itself: System.exit skips the finally
    public Integer call() throws InterruptedException {
        boolean interactive = stdinIsTerminal();
        if (!interactive && nick == null) {
            System.err.println("chat-client: --nick is required when input is not a terminal");
            return CommandLine.ExitCode.USAGE;
        }
        if (servers != null && (host != null || port != null)) {
            spec.commandLine().getErr().println("chat-client: give either --servers or --host/--port, not both");
            return CommandLine.ExitCode.USAGE;
        }
        List<ServerAddress> addresses;
        try {
            addresses = servers != null ? servers : List.of(new ServerAddress(
                    host != null ? host : DEFAULT_HOST, port != null ? port : DEFAULT_PORT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("chat-client: " + e.getMessage());
            return CommandLine.ExitCode.USAGE;
        }
        ClientConfig config = new ClientConfig(addresses, nick, !noReconnect, ClientConfig.FIRST_RETRY,
                ClientConfig.MAX_RETRY, ClientConfig.QUIT_TIMEOUT, tls || truststore != null, truststore);
        String noColorEnv = System.getenv("NO_COLOR");
        boolean colour = interactive && !noColor && (noColorEnv == null || noColorEnv.isEmpty());
        Renderer renderer = new Renderer(colour, timestamps, Clock.systemDefaultZone());
        try (chat.client.Console console = interactive ? new TerminalConsole() : new PlainConsole(System.in, System.out)) {
            // Piped input has no bell to ring and nothing to remember.
            ClientPrefs prefs = interactive
                    ? ClientPrefs.load(java.nio.file.Path.of(System.getProperty("user.home"), ClientPrefs.FILE_NAME))
                    : ClientPrefs.inMemory();
            return new ChatClient(config, console, renderer, code -> {
                console.close();
                System.exit(code);
            }, prefs).run();
        }
    }

    /** True when a person is at the keyboard: stdin and stdout are a terminal. */
    private static boolean stdinIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a Console even when redirected and says so through isTerminal().
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console means a terminal
        }
    }

    /** {@code host:port} of {@code --servers}; a malformed one is a usage error that says why. */
    static final class ServerAddressConverter implements CommandLine.ITypeConverter<ServerAddress> {
        @Override
        public ServerAddress convert(String value) {
            try {
                return ServerAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChatClientMain.class.getPackage().getImplementationVersion();
            return new String[] {"chat-client " + (v == null ? "(development build)" : v), "Java " + Runtime.version()};
        }
    }
}
