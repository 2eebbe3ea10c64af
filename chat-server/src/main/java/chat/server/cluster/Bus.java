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
    /** Longest wait for the broker to confirm a log batch. */
    private static final long CONFIRM_MILLIS = 5000;
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

        /** A consumer is gone while the connection is up: the node subscribes again. */
        void consumerLost(String why);
    }

    private final String cluster;
    private final String node;
    private final Connection connection;
    private final Channel publishing;       // the log's batches, with publisher confirms
    private final Channel signalling;       // signals: fire and forget
    private final Object publishingLock = new Object();
    private final Object signallingLock = new Object();
    private final java.util.concurrent.ArrayBlockingQueue<Channel> lockingChannels =
            new java.util.concurrent.ArrayBlockingQueue<>(8);
    private volatile List<Channel> consuming = List.of(); // the log's channel and the signals' channel

    private Bus(String cluster, String node, Connection connection, Channel publishing, Channel signalling) {
        this.cluster = cluster;
        this.node = node;
        this.connection = connection;
        this.publishing = publishing;
        this.signalling = signalling;
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
        // A consumer that throws must not take its channel down with it (the strict default would): ours catch
        // what they can, and a lost consumer is noticed and replaced (Watched).
        factory.setExceptionHandler(new com.rabbitmq.client.impl.ForgivingExceptionHandler());
        Connection connection;
        Channel publishing;
        Channel signalling;
        try {
            connection = factory.newConnection("chat-node-" + node);
            publishing = connection.createChannel();
            publishing.confirmSelect(); // a batch counts as appended only once the broker says it is
            signalling = connection.createChannel();
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + redacted(uri) + " did not answer in time", e);
        }
        Bus bus = new Bus(cluster, node, connection, publishing, signalling);
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
        Channel channel = declare(retentionDays);
        channel.exchangeDeclare(signalsName(), "fanout", false, false, null);
        consume(channel, fromOffset, receiver);
    }

    /** Declares the log (every node the same way) on a new channel, which it returns. */
    private Channel declare(int retentionDays) throws IOException {
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
        return channel;
    }

    /**
     * Where the log ends now: appends {@code marker} (a batch) and returns the offset it got, read back by a
     * consumer from the log's end; -1 if it did not come back within 10 s.
     */
    long end(int retentionDays, byte[] marker) throws IOException {
        Channel channel = declare(retentionDays);
        java.util.concurrent.BlockingQueue<Long> seen = new java.util.concurrent.LinkedBlockingQueue<>();
        try {
            channel.basicQos(16);
            channel.basicConsume(logName(), false, "", false, false, Map.of("x-stream-offset", "next"),
                    new DefaultConsumer(channel) {
                        @Override
                        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                                   byte[] body) throws IOException {
                            Object offset = properties.getHeaders() == null ? null
                                    : properties.getHeaders().get("x-stream-offset");
                            if (offset instanceof Number n && java.util.Arrays.equals(body, marker)) {
                                seen.add(n.longValue());
                            }
                            getChannel().basicAck(envelope.getDeliveryTag(), false);
                        }
                    });
            publishLog(marker);
            Long offset = seen.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            return offset == null ? -1 : offset;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            closeQuietly(channel);
        }
    }

    private void consume(Channel channel, long fromOffset, Receiver receiver) throws IOException {
        // Signals on a channel of their own: each channel's deliveries run in order on one thread, so a log
        // batch waiting for a full store must not hold up the heartbeats behind it.
        Channel signalChannel = connection.createChannel();
        String own = signalChannel.queueDeclare().getQueue(); // server-named, exclusive, deleted with the connection
        signalChannel.queueBind(own, signalsName(), "");
        channel.basicQos(LOG_PREFETCH);
        channel.basicConsume(logName(), false, "", false, false,
                Map.of("x-stream-offset", fromOffset < 0 ? "first" : (Object) fromOffset),
                new Watched(channel, receiver) {
                    @Override
                    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                               byte[] body) throws IOException {
                        Object offset = properties.getHeaders() == null ? null
                                : properties.getHeaders().get("x-stream-offset");
                        try {
                            if (offset instanceof Number n) {
                                receiver.log(n.longValue(), body);
                            } else {
                                LOG.log(System.Logger.Level.WARNING, "a log delivery without an offset: skipped");
                            }
                        } catch (RuntimeException e) {
                            LOG.log(System.Logger.Level.ERROR, "applying log batch " + offset + " failed", e);
                        }
                        getChannel().basicAck(envelope.getDeliveryTag(), false);
                    }
                });
        signalChannel.basicConsume(own, true, new Watched(signalChannel, receiver) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                try {
                    receiver.signal(body);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "applying a signal failed", e);
                }
            }
        });
        List<Channel> previous = consuming;
        consuming = List.of(channel, signalChannel);
        for (Channel old : previous) {
            if (old.isOpen()) {
                closeQuietly(old);
            }
        }
    }

    /**
     * A consumer that tells the node when the broker cancels it (a stream member restarting, the queue
     * deleted) or its channel closes while the connection stays open: then nothing else would ever
     * subscribe again. A lost connection is told through {@link Receiver#lost} instead.
     */
    private abstract class Watched extends DefaultConsumer {
        private final Receiver receiver;

        Watched(Channel channel, Receiver receiver) {
            super(channel);
            this.receiver = receiver;
        }

        @Override
        public void handleCancel(String tag) {
            receiver.consumerLost("the broker cancelled a consumer");
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
            if (!sig.isInitiatedByApplication() && !sig.isHardError() && connection.isOpen()
                    && consuming.contains(getChannel())) {
                receiver.consumerLost(sig.getMessage());
            }
        }
    }

    /**
     * Appends one batch to the log and waits for the broker to confirm it (at most {@link #CONFIRM_MILLIS});
     * throws if the connection is down or the broker did not confirm, and the caller delivers the batch's
     * events here only (unkept) rather than losing them. Called by one thread, the publisher.
     */
    void publishLog(byte[] batch) throws IOException {
        synchronized (publishingLock) {
            publishing.basicPublish("", logName(), null, batch);
            try {
                if (!publishing.waitForConfirms(CONFIRM_MILLIS)) {
                    throw new IOException("the broker refused a log batch (nack)");
                }
            } catch (TimeoutException e) {
                throw new IOException("the broker did not confirm a log batch within " + CONFIRM_MILLIS + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the broker's confirm", e);
            }
        }
    }

    /** Sends a signal to every node (this one too); throws if the connection is down. */
    void publishSignal(byte[] signal) throws IOException {
        synchronized (signallingLock) {
            signalling.basicPublish(signalsName(), "", null, signal);
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
            channel = lockingChannel();
            channel.queueDeclare(nickQueue(key), false, true, false, null);
            return Lock.HELD;
        } catch (IOException | ShutdownSignalException e) {
            ShutdownSignalException signal = e instanceof ShutdownSignalException s ? s
                    : e.getCause() instanceof ShutdownSignalException s ? s : null;
            if (signal != null && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == RESOURCE_LOCKED) {
                return Lock.TAKEN; // the broker closed that channel: it is not given back
            }
            LOG.log(System.Logger.Level.WARNING, "locking a nickname: {0}", e.toString());
            return Lock.UNREACHABLE;
        } finally {
            giveBack(channel);
        }
    }

    /** Lets go of the locks on {@code keys}; a lost connection has let go of them already. */
    void unlock(List<String> keys) {
        if (keys.isEmpty() || !connection.isOpen()) {
            return;
        }
        Channel channel = null;
        try {
            channel = lockingChannel();
            for (String key : keys) {
                channel.queueDelete(nickQueue(key));
            }
        } catch (IOException | ShutdownSignalException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing a nickname: {0}", e.toString());
        } finally {
            giveBack(channel);
        }
    }

    /**
     * A channel to take or free nickname locks on: an idle one if there is one (a channel per lock would cost
     * two more round trips a claim), else a new one. Claims of different names run in parallel, each on a
     * channel of its own.
     */
    private Channel lockingChannel() throws IOException {
        Channel idle;
        while ((idle = lockingChannels.poll()) != null) {
            if (idle.isOpen()) {
                return idle;
            }
        }
        return connection.createChannel();
    }

    /** Keeps an open channel for the next lock (up to a few); a closed one is dropped. */
    private void giveBack(Channel channel) {
        if (channel != null && channel.isOpen() && !lockingChannels.offer(channel)) {
            closeQuietly(channel);
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
