package chat.server.cluster;

/**
 * This node cannot join its cluster as configured (not a broker problem that retrying would solve): for
 * example its log was declared by other nodes with another retention. The server reports it and does not
 * start.
 */
public final class ClusterException extends RuntimeException {
    ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
