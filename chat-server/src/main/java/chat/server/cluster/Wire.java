package chat.server.cluster;

import chat.server.core.Moderation;
import chat.server.core.User;
import chat.server.protocol.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What nodes of a cluster send each other, and its bytes: one place for the format, which every node of a
 * cluster must share.
 *
 * <p>Two streams of messages: the <b>log</b> (a RabbitMQ stream; one total order that every node applies)
 * carries {@link Entry}s in batches, and the <b>signals</b> (a fanout exchange; each node's own order) carry
 * {@link Signal}s: presence, private messages, kicks, heartbeats.
 *
 * <p>Thread-safe: stateless.
 */
final class Wire {
    private Wire() {
    }

    /** Most entries in one batch: a message's id is its batch's log offset times this plus its place in it. */
    static final int BATCH = 1000;

    /** A message's id from where it is in the log: increasing, the same on every node. */
    static long id(long offset, int index) {
        return offset * BATCH + index + 1;
    }

    /** The log offset of the batch that holds the message with id {@code id}. */
    static long offset(long id) {
        return (id - 1) / BATCH;
    }

    // ---- the log

    /** One entry of the log. */
    sealed interface Entry {
        /**
         * An event for a room, published by {@code node}; {@code seq} lets that node find the member it came
         * from; the member gets it only if {@code toOrigin}.
         */
        record RoomEvent(String node, long seq, boolean toOrigin, Event event) implements Entry { }

        /** A ban, unban or mute made on {@code node}. */
        record ModerationChange(String node, Moderation.Change change) implements Entry { }

        /** Put in the log by {@code node} to learn when it has read everything before it. */
        record Marker(String node, long nonce) implements Entry { }
    }

    // ---- the signals

    /** Where a user is, as other nodes see it. */
    record UserInfo(String nick, String room, long sinceMillis, String away, String address) { }

    sealed interface Signal {
        String node();

        /** A node (re)joined: every node answers with its {@link State}. */
        record Hello(String node) implements Signal { }

        /** A node is alive; nodes not heard from for a while are lost. */
        record Beat(String node) implements Signal { }

        /** Everyone on {@code node}: replaces what was known of it. */
        record State(String node, List<UserInfo> users) implements Signal { }

        /** One user on {@code node} came or moved. */
        record Where(String node, UserInfo user) implements Signal { }

        /** One user on {@code node} left the chat. */
        record Gone(String node, String nick) implements Signal { }

        /** For the user {@code nick} on {@code node}: a private message or a notice. */
        record ToUser(String node, String nick, Event event) implements Signal { }

        /** Disconnect {@code nick} on {@code node}. */
        record Kick(String node, String nick, User.Kick kind, String reason, Event notice) implements Signal { }

        /** {@code node} is stopping: its users are gone. */
        record Bye(String node) implements Signal { }
    }

    // ---- encoding

    static byte[] batch(List<Entry> entries) {
        return write(out -> {
            out.writeInt(entries.size());
            for (Entry e : entries) {
                entry(out, e);
            }
        });
    }

    static List<Entry> readBatch(byte[] bytes) {
        return read(bytes, in -> {
            int n = in.readInt();
            if (n < 0 || n > BATCH) {
                throw new IOException("a batch of " + n + " entries");
            }
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                entries.add(entry(in));
            }
            return entries;
        });
    }

    static byte[] signal(Signal signal) {
        return write(out -> {
            switch (signal) {
                case Signal.Hello h -> { out.writeByte(1); str(out, h.node()); }
                case Signal.Beat b -> { out.writeByte(2); str(out, b.node()); }
                case Signal.State s -> {
                    out.writeByte(3);
                    str(out, s.node());
                    out.writeInt(s.users().size());
                    for (UserInfo u : s.users()) {
                        user(out, u);
                    }
                }
                case Signal.Where w -> { out.writeByte(4); str(out, w.node()); user(out, w.user()); }
                case Signal.Gone g -> { out.writeByte(5); str(out, g.node()); str(out, g.nick()); }
                case Signal.ToUser t -> { out.writeByte(6); str(out, t.node()); str(out, t.nick()); event(out, t.event()); }
                case Signal.Kick k -> {
                    out.writeByte(7);
                    str(out, k.node());
                    str(out, k.nick());
                    out.writeByte(k.kind().ordinal());
                    str(out, k.reason());
                    event(out, k.notice());
                }
                case Signal.Bye b -> { out.writeByte(8); str(out, b.node()); }
            }
        });
    }

    static Signal readSignal(byte[] bytes) {
        return read(bytes, in -> {
            int type = in.readByte();
            String node = str(in);
            return switch (type) {
                case 1 -> new Signal.Hello(node);
                case 2 -> new Signal.Beat(node);
                case 3 -> {
                    int n = in.readInt();
                    List<UserInfo> users = new ArrayList<>(Math.min(n, 65_536));
                    for (int i = 0; i < n; i++) {
                        users.add(user(in));
                    }
                    yield new Signal.State(node, users);
                }
                case 4 -> new Signal.Where(node, user(in));
                case 5 -> new Signal.Gone(node, str(in));
                case 6 -> new Signal.ToUser(node, str(in), event(in));
                case 7 -> new Signal.Kick(node, str(in), User.Kick.values()[in.readByte()], str(in), event(in));
                case 8 -> new Signal.Bye(node);
                default -> throw new IOException("unknown signal " + type);
            };
        });
    }

    private static void entry(DataOutputStream out, Entry entry) throws IOException {
        switch (entry) {
            case Entry.RoomEvent r -> {
                out.writeByte(1);
                str(out, r.node());
                out.writeLong(r.seq());
                out.writeBoolean(r.toOrigin());
                event(out, r.event());
            }
            case Entry.ModerationChange m -> {
                switch (m.change()) {
                    case Moderation.Change.Banned b -> {
                        out.writeByte(2);
                        str(out, m.node());
                        bytes(out, b.ban().address().getAddress());
                        str(out, b.ban().nick());
                        out.writeLong(b.ban().until().toEpochMilli());
                        str(out, b.ban().by());
                    }
                    case Moderation.Change.Unbanned u -> {
                        out.writeByte(3);
                        str(out, m.node());
                        bytes(out, u.network().getAddress());
                    }
                    case Moderation.Change.Muted mu -> {
                        out.writeByte(4);
                        str(out, m.node());
                        str(out, mu.mute().target());
                        str(out, mu.mute().nick());
                        out.writeLong(mu.mute().until().toEpochMilli());
                        str(out, mu.mute().by());
                    }
                }
            }
            case Entry.Marker k -> { out.writeByte(5); str(out, k.node()); out.writeLong(k.nonce()); }
        }
    }

    private static Entry entry(DataInputStream in) throws IOException {
        int type = in.readByte();
        return switch (type) {
            case 1 -> new Entry.RoomEvent(str(in), in.readLong(), in.readBoolean(), event(in));
            case 2 -> new Entry.ModerationChange(str(in), new Moderation.Change.Banned(new Moderation.Ban(
                    InetAddress.getByAddress(bytes(in)), str(in), Instant.ofEpochMilli(in.readLong()), str(in))));
            case 3 -> new Entry.ModerationChange(str(in),
                    new Moderation.Change.Unbanned(InetAddress.getByAddress(bytes(in))));
            case 4 -> new Entry.ModerationChange(str(in), new Moderation.Change.Muted(new Moderation.Mute(
                    str(in), str(in), Instant.ofEpochMilli(in.readLong()), str(in))));
            case 5 -> new Entry.Marker(str(in), in.readLong());
            default -> throw new IOException("unknown log entry " + type);
        };
    }

    /** The events that travel between nodes: room events, private messages and notices. */
    private static void event(DataOutputStream out, Event event) throws IOException {
        switch (event) {
            case Event.Message m -> chat(out, 1, m);
            case Event.Action a -> chat(out, 2, a);
            case Event.Joined j -> { out.writeByte(3); str(out, j.room()); str(out, j.nick()); ts(out, j.ts()); }
            case Event.Left l -> {
                out.writeByte(4);
                str(out, l.room());
                str(out, l.nick());
                str(out, l.reason());
                ts(out, l.ts());
            }
            case Event.Renamed r -> {
                out.writeByte(5);
                str(out, r.room());
                str(out, r.oldNick());
                str(out, r.newNick());
                ts(out, r.ts());
            }
            case Event.TopicChanged t -> {
                out.writeByte(6);
                str(out, t.room());
                str(out, t.nick());
                str(out, t.topic());
                ts(out, t.ts());
            }
            case Event.Image i -> {
                out.writeByte(7);
                out.writeLong(i.id());
                str(out, i.room());
                str(out, i.nick());
                str(out, i.url());
                str(out, i.name());
                out.writeLong(i.size());
                ts(out, i.ts());
            }
            case Event.Direct d -> {
                out.writeByte(8);
                str(out, d.from());
                str(out, d.to());
                str(out, d.text());
                ts(out, d.ts());
                out.writeBoolean(d.echo());
            }
            case Event.Notice n -> { out.writeByte(9); str(out, n.code().name()); str(out, n.text()); }
            default -> throw new IllegalArgumentException("not sent between nodes: " + event);
        }
    }

    private static Event event(DataInputStream in) throws IOException {
        int type = in.readByte();
        return switch (type) {
            case 1 -> new Event.Message(in.readLong(), str(in), str(in), str(in), ts(in));
            case 2 -> new Event.Action(in.readLong(), str(in), str(in), str(in), ts(in));
            case 3 -> new Event.Joined(str(in), str(in), ts(in));
            case 4 -> new Event.Left(str(in), str(in), str(in), ts(in));
            case 5 -> new Event.Renamed(str(in), str(in), str(in), ts(in));
            case 6 -> new Event.TopicChanged(str(in), str(in), str(in), ts(in));
            case 7 -> new Event.Image(in.readLong(), str(in), str(in), str(in), str(in), in.readLong(), ts(in));
            case 8 -> new Event.Direct(str(in), str(in), str(in), ts(in), in.readBoolean());
            case 9 -> new Event.Notice(Event.Code.valueOf(str(in)), str(in));
            default -> throw new IOException("unknown event " + type);
        };
    }

    private static void chat(DataOutputStream out, int type, Event.Chat chat) throws IOException {
        out.writeByte(type);
        out.writeLong(chat.id());
        str(out, chat.room());
        str(out, chat.nick());
        str(out, chat.text());
        ts(out, chat.ts());
    }

    private static void user(DataOutputStream out, UserInfo u) throws IOException {
        str(out, u.nick());
        str(out, u.room());
        out.writeLong(u.sinceMillis());
        str(out, u.away());
        str(out, u.address());
    }

    private static UserInfo user(DataInputStream in) throws IOException {
        return new UserInfo(str(in), str(in), in.readLong(), str(in), str(in));
    }

    private static void ts(DataOutputStream out, Instant ts) throws IOException {
        out.writeLong(ts.toEpochMilli());
    }

    private static Instant ts(DataInputStream in) throws IOException {
        return Instant.ofEpochMilli(in.readLong());
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        bytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String str(DataInputStream in) throws IOException {
        return new String(bytes(in), StandardCharsets.UTF_8);
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("a field of " + n + " bytes");
        }
        return in.readNBytes(n);
    }

    private interface Writing {
        void to(DataOutputStream out) throws IOException;
    }

    private interface Reading<T> {
        T from(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writing writing) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e);
        }
        return buffer.toByteArray();
    }

    /** Decodes {@code bytes}; a malformed message is an {@link IllegalArgumentException}. */
    private static <T> T read(byte[] bytes, Reading<T> reading) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reading.from(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a malformed cluster message: " + e, e);
        }
    }
}
