/**
 * The wire: {@link chat.server.protocol.Event} (everything the server says, as data), the encoders
 * {@link chat.server.protocol.TextEncoder} (the line protocol), {@link chat.server.protocol.JsonEncoder}
 * (JSON lines) and {@link chat.server.protocol.WebSocketEncoder} (JSON lines as WebSocket text frames),
 * {@link chat.server.protocol.Outgoing} (one event encoded at most once per encoding),
 * {@link chat.server.protocol.Notices} (every notice's sentence), and the input side:
 * {@link chat.server.protocol.CommandTable} (the one definition of each command),
 * {@link chat.server.protocol.CommandParser} and {@link chat.server.protocol.Command}. docs/PROTOCOL.md is
 * the contract these implement.
 *
 * <p>Threads: all stateless or immutable, except {@code Outgoing}, confined to the thread that fans out.
 */
package chat.server.protocol;
