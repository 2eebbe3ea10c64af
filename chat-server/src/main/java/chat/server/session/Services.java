package chat.server.session;

import chat.server.ServerConfig;
import chat.server.core.Directory;
import chat.server.core.Moderation;
import chat.server.core.Publisher;
import chat.server.ops.Metrics;
import chat.server.protocol.JsonEncoder;
import chat.server.protocol.TextEncoder;
import chat.server.protocol.WebSocketEncoder;
import chat.server.store.HistoryStore;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every session of one server shares.
 *
 * <p>Thread-safe: each component is.
 *
 * @param timers one platform thread that runs deadlines (handshake, idle); its tasks never block
 */
public record Services(ServerConfig config, Directory directory, Publisher publisher, Moderation moderation,
                       HistoryStore store, Metrics metrics, ScheduledExecutorService timers, Clock clock,
                       TextEncoder text, JsonEncoder json, WebSocketEncoder webSocket) {
}
