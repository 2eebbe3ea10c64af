/**
 * The web listener (docs/PROTOCOL.md, "Web"): Jetty 12 on virtual threads serving the page (static files in
 * the jar), the WebSocket {@code /ws} that speaks JSON mode, {@code GET /api/rooms}, {@code GET /api/servers}
 * (the {@code --web-peers} the page may fail over to), image uploads
 * ({@code POST /api/images}) and the images themselves ({@code /i/<hash>.<ext>}; one missing here is pulled
 * through from the peers by {@link chat.server.web.PeerImages}).
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>Jetty runs requests and WebSocket callbacks on its pool, whose tasks run on virtual threads.</li>
 *   <li>A WebSocket session is a {@code chat.server.session.Session} like a TCP one: its reader thread
 *       {@code reader-cN} takes lines from the {@link chat.server.web.WebSocketConnection}'s bounded inbox,
 *       which Jetty's callback fills (blocking when it is full: backpressure on the socket), and runs only
 *       while there are lines (the callback starts it when it finds it ended); its send queue is
 *       written by the server's {@code poller} thread, as a plain TCP connection's: a batch of text frames,
 *       already made by {@code chat.server.protocol.WebSocketEncoder} (one per JSON line), goes to Jetty as one
 *       {@link chat.server.web.Framed} write without waiting; a write Jetty cannot finish at once (the socket is
 *       full) is waited for by the connection's own writer thread (at most 60 s, or the write timeout).</li>
 *   <li>{@link chat.server.web.Uploaders} and {@link chat.server.web.ImageStore} are thread-safe and take no
 *       lock of the core; image writes happen outside any lock.</li>
 *   <li>{@link chat.server.web.PeerImages} fetches on the request's own thread (the JDK HTTP client's threads do
 *       the I/O); other requests for the same image wait for that fetch, bounded by its timeouts; no lock.</li>
 * </ul>
 */
package chat.server.web;
