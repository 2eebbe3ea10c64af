package chat.server.cluster;

import chat.server.core.Presence;
import chat.server.core.User;
import chat.server.protocol.Event;
import chat.server.protocol.Outgoing;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Someone online on another node of the cluster: what reaches them (a private message, a notice, a kick)
 * goes out as a {@link Wire.Signal} that their node hands to their session.
 *
 * <p>Thread-safe: immutable; {@code signals} publishes without blocking the caller for long.
 */
final class RemoteUser implements User {
    private final String node;
    private final Wire.UserInfo info;
    private final Consumer<Wire.Signal> signals;

    RemoteUser(String node, Wire.UserInfo info, Consumer<Wire.Signal> signals) {
        this.node = node;
        this.info = info;
        this.signals = signals;
    }

    String node() {
        return node;
    }

    Wire.UserInfo info() {
        return info;
    }

    @Override
    public String nick() {
        return info.nick();
    }

    @Override
    public void deliver(Outgoing event) {
        throw new UnsupportedOperationException("a remote user is never a member of a room on this node");
    }

    @Override
    public void send(Event event) {
        signals.accept(new Wire.Signal.ToUser(node, info.nick(), event));
    }

    @Override
    public InetAddress address() {
        try {
            return InetAddress.getByName(info.address()); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalStateException("nodes send literal addresses", e);
        }
    }

    @Override
    public void kick(Kick kind, String reason, Event notice) {
        signals.accept(new Wire.Signal.Kick(node, info.nick(), kind, reason, notice));
    }

    @Override
    public Presence presence() {
        return new Presence(info.room(), Instant.ofEpochMilli(info.sinceMillis()), Duration.ZERO, info.away());
    }
}
