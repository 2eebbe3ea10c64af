/**
 * Rooms and the directory: {@link chat.server.core.Room} (members, topic, ids, history, ordered fan-out),
 * {@link chat.server.core.Directory} (nicknames, rooms, who is where) with its one-process implementation
 * {@link chat.server.core.LocalDirectory}, {@link chat.server.core.Publisher} (the one place a room event is
 * published), {@link chat.server.core.Member} and {@link chat.server.core.User} (what rooms and commands
 * know of a client), {@link chat.server.core.Names} (nickname and room rules) and
 * {@link chat.server.core.Moderation} (operator password, bans).
 *
 * <p>Threads: everything here is thread-safe; a room's lock is the only lock, and no I/O happens under it.
 */
package chat.server.core;
