/**
 * The chat server: {@link chat.server.ChatServerMain} (command line), {@link chat.server.ServerConfig}
 * (every option, validated) and {@link chat.server.ChatServer} (start, ports, close), composed from the
 * layers below.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@code net}: transports and listeners — {@code Connection} (lines in, bytes out), its TCP/TLS
 *       implementation, the accept loop, the one {@code Admission} step, and {@code Outbound}, the bounded
 *       send queue with its writer.</li>
 *   <li>{@code session}: the session state machine ({@code Session}: handshake, chat, teardown, deadlines),
 *       flood control, end reasons.</li>
 *   <li>{@code core}: rooms and their fan-out ({@code Room}), the directory of nicks and rooms
 *       ({@code Directory}, {@code LocalDirectory}), the publish point ({@code Publisher}), name rules,
 *       moderation state.</li>
 *   <li>{@code store}: the history store interface and its in-memory implementation.</li>
 *   <li>{@code command}: one handler per command and the dispatcher, over a narrow {@code Context}.</li>
 *   <li>{@code protocol}: events ({@code Event}), the wire encoders ({@code TextEncoder},
 *       {@code JsonEncoder}, {@code WebSocketEncoder}), notices, the command table and parser.</li>
 *   <li>{@code ops}: metrics and logging.</li>
 *   <li>{@code web}: the web port (Jetty) — the page, the WebSocket {@code /ws} (a {@code Connection} whose
 *       sessions start in JSON mode, framed by {@code WebSocketEncoder}), {@code /api/rooms}, image uploads and
 *       the images.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Each connection has a virtual reader thread, {@code reader-cN}, that runs its {@code Session}
 *       (read, parse, dispatch, teardown). For a plain TCP connection ({@code ChannelConnection}) it runs
 *       only while there is input: it ends when no complete line is left, and the {@code poller} platform
 *       thread (one per server, it never reads or runs session code) starts a new one when bytes arrive or
 *       the connection is closed, so one reader runs at a time and an idle connection holds no thread; a
 *       WebSocket's reader likewise runs while its inbox has lines. A TLS connection keeps its reader, parked
 *       on its input, for its whole life. Each connection
 *       also has a virtual writer thread,
 *       {@code writer-cN}, that drains its {@code Outbound} — started by the offer that finds the queue
 *       idle, ending when the queue is empty, at most one at a time. For a plain TCP connection and a
 *       WebSocket the {@code poller} thread takes that role (it writes, or hands Jetty, each waiting queue's
 *       next batch without blocking) and starts {@code writer-cN} only to finish a batch the socket did not
 *       take whole, or wait for one Jetty is still sending, which may wait;
 *       the one writer claim makes sure only one of them writes at a time. Only the writer writes to the
 *       connection. Any thread may offer bytes to any client's {@code Outbound}; offering never blocks and
 *       never does I/O.</li>
 *   <li>Deadlines (handshake, idle, and a sweep for writes blocked past {@code --write-timeout}) run on
 *       one platform thread, {@code timers}; a deadline that fires (like a kick or a ban, from an operator's
 *       reader thread) queues its notice and stops the connection's reading, so the session's own reader
 *       tears it down in order. Timer tasks never block.</li>
 *   <li>A flooding client waits (see {@code FloodGate}, and {@code ByteBudget} for the byte-rate cap) on its
 *       own reader thread, holding no lock.</li>
 *   <li>The store (with a data directory) has two platform threads: {@code store-writer} commits what rooms
 *       queued (the queue is the only hand-off; rooms never wait for it) and {@code store-reader} answers
 *       paging, resume and search for reader threads that wait for it holding no lock. JDBC never runs on a
 *       virtual thread.</li>
 *   <li>A WebSocket connection is served like a TCP one ({@code reader-cN}, {@code writer-cN}); Jetty's own
 *       threads (virtual, from its pool) only hand each frame's lines to the reader's bounded inbox, answer HTTP
 *       requests and publish an uploaded image's event, holding no lock of ours.</li>
 *   <li>Log records are written by one platform thread, {@code log-writer} ({@code AsyncLogHandler}).</li>
 *   <li>{@code LocalDirectory} owns the nickname and room maps: concurrent maps, read without a lock and
 *       changed under {@code LocalDirectory.namesLock}, because a name is filed under up to two look-alike
 *       keys that change together. {@code namesLock} is a leaf: nothing else is locked and no I/O is done
 *       under it.</li>
 *   <li>{@code Room} serializes its fan-out, membership, topic, ids and history under its lock; a publisher
 *       that finds the lock held leaves its event to the holder instead of waiting. The history store does
 *       no I/O under that lock.</li>
 *   <li>Lock order: {@code Room.lock} → {@code Outbound.lock}. Nothing else nests. No I/O under any
 *       lock, and no {@code synchronized} (it would pin virtual threads on JDK 21).</li>
 *   <li>A session's {@code nick}, {@code room} and encoding are written only by its reader thread.</li>
 * </ul>
 */
package chat.server;
