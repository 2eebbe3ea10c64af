/**
 * Cluster mode ({@code --cluster}): this server as one node of several sharing rooms, nicknames, presence,
 * moderation and history through a RabbitMQ broker (README, "A cluster of nodes"; docs/PROTOCOL.md,
 * "Cluster").
 *
 * <p>{@link chat.server.cluster.ClusterNode} plugs in at the two seams the rest of the server already has:
 * {@link chat.server.core.Publisher} ({@code ClusterPublisher}: room events go to the cluster's log, a
 * RabbitMQ stream, in batches, and come back numbered by their place in it) and
 * {@link chat.server.core.Directory} ({@code ClusterDirectory}: this node's users and rooms plus
 * {@code Peers}, everyone elsewhere as their nodes' signals tell; nicknames locked by exclusive queues).
 * {@code Bus} is everything that talks to the broker; {@code Wire} is the one definition of what nodes send
 * each other. Sessions, commands and rooms do not know whether they run in a cluster.
 *
 * <p>Threads: the log is applied by the client library's consumer thread for the log channel, under one
 * lock, calling {@link chat.server.core.Room#fanOutNumbered} (which never blocks on a client) and the store
 * (which may wait for a full write queue: the log is the backlog); batches are published by the platform
 * thread {@code cluster-publisher}, signals by {@code cluster-signals}; nickname locks are taken on the
 * claiming client's reader thread (broker round trips, no lock held); heartbeats and loss checks run on the
 * server's {@code timers} thread and only queue signals.
 */
package chat.server.cluster;
