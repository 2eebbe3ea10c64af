package chat.server.cluster;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The RabbitMQ side of a cluster node: one connection with the client library's automatic recovery, and
 * what this node declares on it.
 *
 * <ul>
 *   <li>{@code <cluster>.log}: a stream (durable, replicated by the broker, kept for the retention period)
 *       that every node publishes room events to and reads in full: one order, and offsets that number the
 *       messages ({@link Wire#id}).
 *   <li>{@code <cluster>.signals}: a fanout exchange; each node reads it through an exclusive queue of its
 *       own, which the broker deletes when the node's connection dies.
 *   <li>{@code <cluster>.nick.<hash>}: one exclusive queue per nickname key held on this node, a lock the
 *       broker releases the moment the holder's connection dies, so exactly one node can hold a nickname.
 * </ul>
 *
 * <p>Topology recovery is off: after the connection comes back, {@link #subscribe} declares and consumes
 * again (the log from the offset after the last one applied, not from where it first started), and the
 * node claims its nicknames again.
 *
 * <p>Thread-safe: the publishing channels are used under their own monitors; everything else is per call.
 */
final class Bus implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Bus.class.getName());
    /** Log batches in flight to this node (a batch is at most 1,000 events). */
    private static final int LOG_PREFETCH = 64;
    /** AMQP's channel error for "locked by another connection": a nickname another node holds. */
    private static final int RESOURCE_LOCKED = 405;
    /** AMQP's channel error for "declared before with other arguments". */
    private static final int PRECONDITION_FAILED = 406;

    /** What the node does with what the bus brings; called on the client library's consumer threads. */
    interface Receiver {
        /** A batch of the log at {@code offset}, in log order. */
        void log(long offset, byte[] batch);

        /** A signal from some node (this one included). */
        void signal(byte[] signal);

        /** The connection is back after a loss; the node subscribes again. */
        void recovered();

        /** The connection is lost; the library keeps trying to recover it. */
        void lost(String why);
    }

    private final String cluster;
    private final String node;
    private final Connection connection;
    private final Channel publishing;
    private final Object publishingLock = new Object();
    private volatile Channel consuming;

    private Bus(String cluster, String node, Connection connection, Channel publishing) {
        this.cluster = cluster;
        this.node = node;
        this.connection = connection;
        this.publishing = publishing;
    }

    /**
     * Connects to the broker at {@code uri} (amqp://user:pass@host:port/vhost).
     *
     * @throws IOException if the broker cannot be reached or refuses
     */
    static Bus connect(URI uri, String cluster, String node, Receiver receiver) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            if ("/".equals(uri.getPath())) {
                factory.setVirtualHost("/"); // amqp://host:5672/ means the default vhost, as people write it
            }
        } catch (Exception e) {
            throw new IOException("--cluster " + redacted(uri) + " is not an amqp:// address: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(false);
        factory.setNetworkRecoveryInterval(1000);
        factory.setRequestedHeartbeat(5);
        factory.setConnectionTimeout(5000);
        Connection connection;
        Channel publishing;
        try {
            connection = factory.newConnection("chat-node-" + node);
            publishing = connection.createChannel();
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + redacted(uri) + " did not answer in time", e);
        }
        Bus bus = new Bus(cluster, node, connection, publishing);
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication()) {
                receiver.lost(cause.getMessage());
            }
        });
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                receiver.recovered();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                // lost() was called when the connection went down.
            }
        });
        return bus;
    }

    /** The address without its password, for messages. */
    static String redacted(URI uri) {
        String info = uri.getRawUserInfo();
        return info == null ? uri.toString() : uri.toString().replace(info + "@", info.split(":")[0] + ":***@");
    }

    /**
     * Declares the log and the signals and starts consuming both: the log from {@code fromOffset} (-1: from
     * its first retained message).
     *
     * @param retentionDays how long the log keeps messages (0: forever); every node must give the same
     */
    void subscribe(long fromOffset, int retentionDays, Receiver receiver) throws IOException {
        Channel channel = connection.createChannel();
        Map<String, Object> stream = retentionDays > 0
                ? Map.of("x-queue-type", "stream", "x-max-age", retentionDays + "D")
                : Map.of("x-queue-type", "stream");
        try {
            channel.queueDeclare(logName(), true, false, false, stream);
        } catch (IOException e) {
            if (e.getCause() instanceof ShutdownSignalException s
                    && s.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == PRECONDITION_FAILED) {
                throw new ClusterException("the cluster's log " + logName() + " exists with other settings than this"
                        + " node's (--retention-days must be the same on every node; a queue of that name that is"
                        + " not a stream?): " + close.getReplyText(), e);
            }
            throw e;
        }
        channel.exchangeDeclare(signalsName(), "fanout", false, false, null);
        String own = channel.queueDeclare().getQueue(); // server-named, exclusive, deleted with the connection
        channel.queueBind(own, signalsName(), "");
        channel.basicQos(LOG_PREFETCH);
        channel.basicConsume(logName(), false, "", false, false,
                Map.of("x-stream-offset", fromOffset < 0 ? "first" : (Object) fromOffset), new DefaultConsumer(channel) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                               byte[] body) throws IOException {
                        Object offset = properties.getHeaders() == null ? null
                                : properties.getHeaders().get("x-stream-offset");
                        if (offset instanceof Number n) {
                            receiver.log(n.longValue(), body);
                        } else {
                            LOG.log(System.Logger.Level.WARNING, "a log delivery without an offset: skipped");
                        }
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    }
                });
        channel.basicConsume(own, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                receiver.signal(body);
            }
        });
        Channel previous = consuming;
        consuming = channel;
        if (previous != null && previous.isOpen()) {
            closeQuietly(previous);
        }
    }

    /** Appends one batch to the log; throws if the connection is down. */
    void publishLog(byte[] batch) throws IOException {
        synchronized (publishingLock) {
            publishing.basicPublish("", logName(), null, batch);
        }
    }

    /** Sends a signal to every node (this one too); throws if the connection is down. */
    void publishSignal(byte[] signal) throws IOException {
        synchronized (publishingLock) {
            publishing.basicPublish(signalsName(), "", null, signal);
        }
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    /** Outcome of locking a nickname's keys. */
    enum Lock { HELD, TAKEN, UNREACHABLE }

    /**
     * Takes the cluster-wide lock on each of {@code keys} (a nickname's {@code Names.nickKeys}): all or
     * none. Blocks for a few broker round trips: call it from a client's reader thread, holding no lock.
     */
    Lock lock(List<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            Lock outcome = lockOne(keys.get(i));
            if (outcome != Lock.HELD) {
                unlock(keys.subList(0, i));
                return outcome;
            }
        }
        return Lock.HELD;
    }

    private Lock lockOne(String key) {
        if (!connection.isOpen()) {
            return Lock.UNREACHABLE;
        }
        Channel channel = null;
        try {
            channel = connection.createChannel();
            channel.queueDeclare(nickQueue(key), false, true, false, null);
            return Lock.HELD;
        } catch (IOException | ShutdownSignalException e) {
            ShutdownSignalException signal = e instanceof ShutdownSignalException s ? s
                    : e.getCause() instanceof ShutdownSignalException s ? s : null;
            if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == RESOURCE_LOCKED) {
                return Lock.TAKEN;
            }
            LOG.log(System.Logger.Level.WARNING, "locking a nickname: {0}", e.toString());
            return Lock.UNREACHABLE;
        } finally {
            if (channel != null && channel.isOpen()) {
                closeQuietly(channel);
            }
        }
    }

    /** Lets go of the locks on {@code keys}; a lost connection has let go of them already. */
    void unlock(List<String> keys) {
        if (keys.isEmpty() || !connection.isOpen()) {
            return;
        }
        Channel channel = null;
        try {
            channel = connection.createChannel();
            for (String key : keys) {
                channel.queueDelete(nickQueue(key));
            }
        } catch (IOException | ShutdownSignalException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing a nickname: {0}", e.toString());
        } finally {
            if (channel != null && channel.isOpen()) {
                closeQuietly(channel);
            }
        }
    }

    String logName() {
        return cluster + ".log";
    }

    String signalsName() {
        return cluster + ".signals";
    }

    /** A nickname key can be any text: the queue is named by its hash, which fits AMQP's 255 bytes. */
    private String nickQueue(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return cluster + ".nick." + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // Closing a channel that is going away anyway: nothing to do.
        }
    }

    /** Closes the connection, which frees this node's nicknames and its signal queue. */
    @Override
    public void close() {
        try {
            connection.close(2000);
        } catch (IOException | ShutdownSignalException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the broker connection: {0}", e.toString());
        }
    }

    String node() {
        return node;
    }
}
