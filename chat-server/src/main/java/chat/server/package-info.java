/**
 * The chat server: accept loop, sessions, rooms and the send path.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Each connection has two virtual threads: {@code reader-cN} runs {@link chat.server.ClientSession}
 *       (read, parse, dispatch, teardown) for the connection's whole life, and {@code writer-cN} drains its
 *       {@link chat.server.Outbound} — started by the offer that finds the queue idle, ending when the queue
 *       is empty, at most one at a time. Only the writer writes to the socket. Any thread may offer lines to
 *       any client's Outbound; offering never blocks and never does I/O.</li>
 *   <li>A flooding client waits (see {@code FloodGate}) on its own reader thread, holding no lock.</li>
 *   <li>Log records are written by one platform thread, {@code log-writer} ({@code AsyncLogHandler}).</li>
 *   <li>{@link chat.server.Hub} owns the nickname and room maps: concurrent maps, read without a lock and
 *       changed under {@code Hub.namesLock}, because a name is filed under up to two look-alike keys that
 *       change together. {@code namesLock} is a leaf: nothing else is locked and no I/O is done under it.</li>
 *   <li>{@link chat.server.Room} serializes its fan-out, membership, topic and history under its lock; a
 *       sender that finds the lock held leaves its line to the holder instead of waiting.</li>
 *   <li>Lock order: {@code Room.lock} → {@code Outbound.lock}. Nothing else nests. No I/O under any
 *       lock, and no {@code synchronized} (it would pin virtual threads on JDK 21).</li>
 *   <li>{@code ClientSession.nick} and {@code room} are written only by the session's reader thread.</li>
 * </ul>
 */
package chat.server;
