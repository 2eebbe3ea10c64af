/**
 * Commands: {@link chat.server.command.Dispatcher} hands each parsed command to its handler (one small
 * class per command); handlers see only a {@link chat.server.command.Context}.
 *
 * <p>Threads: handlers run on the sender's reader thread; they reach other users only through the
 * directory's {@code User} methods, which queue and never touch another client's connection.
 */
package chat.server.command;
