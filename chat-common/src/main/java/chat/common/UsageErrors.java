package chat.common;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * What both commands print for a wrong option: the error, a did-you-mean for a mistyped option, and a
 * pointer to {@code --help} — not the whole usage text.
 *
 * <p>Thread-safe: stateless.
 */
public final class UsageErrors implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getCommandName() + ": " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            unmatched.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst()
                    .flatMap(typo -> DidYouMean.closest(typo.split("=", 2)[0], cmd.getCommandSpec().optionsMap().keySet()))
                    .ifPresent(option -> err.println("Did you mean " + option + "?"));
        }
        err.println("Try '" + cmd.getCommandName() + " --help' for the options.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
