/**
 * Operations: {@link chat.server.ops.Metrics} (counters) and its HTTP endpoint ({@code MetricsEndpoint}:
 * exact paths, GET/HEAD, a request deadline, a connection cap), and logging
 * ({@link chat.server.ops.ServerLogManager}, {@link chat.server.ops.AsyncLogHandler}: one line per record,
 * written by one background thread).
 *
 * <p>Threads: counters are {@code LongAdder}s; the endpoint accepts on one virtual thread and serves each
 * connection on its own; the log writer is one platform thread.
 */
package chat.server.ops;
