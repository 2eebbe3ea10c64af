/**
 * The session: {@link chat.server.session.Session} is the per-client state machine (handshake, chat,
 * teardown), fed one line at a time and answering with events in the client's encoding, over any
 * {@link chat.server.net.Connection}. Also flood control ({@link chat.server.session.FloodGate}), the
 * closed set of end reasons ({@link chat.server.session.EndReason}) and what all sessions share
 * ({@link chat.server.session.Services}).
 *
 * <p>Threads: a session's state is written by its reader thread only; other threads reach it through
 * methods that only queue output or set a flag.
 */
package chat.server.session;
