/**
 * Transports and listeners: {@link chat.server.net.Connection} (what a session reads lines from and its
 * writer writes bytes to), {@link chat.server.net.ChannelConnection} (plain TCP, non-blocking, watched by the
 * {@link chat.server.net.Poller}), {@link chat.server.net.SocketConnection} (TLS),
 * {@link chat.server.net.Listener} (an accept loop), {@link chat.server.net.Admission} (server full, bans,
 * per-address limits: one step for every listener) and {@link chat.server.net.Outbound} (a client's
 * bounded send queue and its writer thread).
 *
 * <p>Threads: each listener accepts on its own virtual thread and never writes to a socket; a connection
 * is read by its session's reader thread (for a {@code ChannelConnection}, one started by the poller each time
 * bytes arrive, one at a time) and written only by its {@code Outbound}'s writer (the poller's thread, as long
 * as the socket takes each batch without waiting, else the client's own writer thread). What
 * the reader must answer on its own (telnet negotiation, see {@code chat.common.LineReader}) it offers to
 * that same {@code Outbound} ({@link chat.server.net.Connection#replyThrough}), in order with every other line.
 */
package chat.server.net;
