/**
 * Operations: {@link chat.server.ops.Metrics} (counters and the Prometheus endpoint) and logging
 * ({@link chat.server.ops.ServerLogManager}, {@link chat.server.ops.AsyncLogHandler}: one line per record,
 * written by one background thread).
 *
 * <p>Threads: counters are {@code LongAdder}s; the log writer is one platform thread.
 */
package chat.server.ops;
