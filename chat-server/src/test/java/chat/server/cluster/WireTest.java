package chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.server.core.Moderation;
import chat.server.core.User;
import chat.server.protocol.Event;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    private static final Instant TS = Instant.parse("2026-11-23T19:02:11.532Z");

    @Test
    void everyLogEntryComesBackAsItWasSent() throws Exception {
        List<Wire.Entry> entries = List.of(
                new Wire.Entry.RoomEvent("n1", 7, true, new Event.Message(0, "#dev", "alice", "hi \"all\" ✓ \u0000", TS)),
                new Wire.Entry.RoomEvent("n1", 8, true, new Event.Action(0, "#dev", "alice", "waves", TS)),
                new Wire.Entry.RoomEvent("n2", 9, false, new Event.Joined("#dev", "bob", TS)),
                new Wire.Entry.RoomEvent("n2", 10, false, new Event.Left("#dev", "bob", "quit: bye", TS)),
                new Wire.Entry.RoomEvent("n2", 11, true, new Event.Renamed("#dev", "bob", "bobby", TS)),
                new Wire.Entry.RoomEvent("n2", 12, true, new Event.TopicChanged("#dev", "bob", "friday", TS)),
                new Wire.Entry.RoomEvent("n3", 13, true, new Event.Image(0, "#dev", "carol", "http://h:8080/i/ab.png",
                        "cat.png", 1234, TS)),
                new Wire.Entry.ModerationChange("n1", new Moderation.Change.Banned(new Moderation.Ban(
                        InetAddress.getByName("2001:db8::"), "mallory", TS, "op"))),
                new Wire.Entry.ModerationChange("n1", new Moderation.Change.Unbanned(InetAddress.getByName("10.0.0.1"))),
                new Wire.Entry.ModerationChange("n1", new Moderation.Change.Muted(new Moderation.Mute("nick:eve", "eve",
                        TS, "op"))),
                new Wire.Entry.Marker("n1", -42));
        assertThat(Wire.readBatch(Wire.batch(entries))).isEqualTo(entries);
    }

    @Test
    void everySignalComesBackAsItWasSent() {
        Wire.UserInfo bob = new Wire.UserInfo("bob", "#dev", TS.toEpochMilli(), "lunch", "127.0.0.1");
        List<Wire.Signal> signals = List.of(new Wire.Signal.Hello("n1"), new Wire.Signal.Beat("n1"),
                new Wire.Signal.State("n1", List.of(bob, new Wire.UserInfo("eve", "", 0, "", "::1"))),
                new Wire.Signal.Where("n1", bob), new Wire.Signal.Gone("n1", "bob"),
                new Wire.Signal.ToUser("n2", "bob", new Event.Direct("alice", "bob", "psst", TS, false)),
                new Wire.Signal.ToUser("n2", "bob", new Event.Notice(Event.Code.YOU_WERE_MUTED, "Muted.")),
                new Wire.Signal.Kick("n2", "bob", User.Kick.BANNED, "banned by op", new Event.Notice(Event.Code.BANNED, "x")),
                new Wire.Signal.Bye("n3"));
        for (Wire.Signal s : signals) {
            assertThat(Wire.readSignal(Wire.signal(s))).isEqualTo(s);
        }
    }

    @Test
    void idsFollowTheLogAndLeadBackToTheirBatch() {
        assertThat(Wire.id(0, 0)).isEqualTo(1);
        assertThat(Wire.id(0, 999)).isEqualTo(1000);
        assertThat(Wire.id(1, 0)).isEqualTo(1001);
        assertThat(Wire.offset(Wire.id(41, 17))).isEqualTo(41);
        assertThat(Wire.offset(Wire.id(41, 999))).isEqualTo(41);
    }

    @Test
    void aMalformedMessageIsRefusedNotMisread() {
        byte[] batch = Wire.batch(List.of(new Wire.Entry.Marker("n1", 1)));
        assertThatThrownBy(() -> Wire.readBatch(Arrays.copyOf(batch, batch.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.readBatch(new byte[] {0, 0, 0, 1, 99}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.readSignal(new byte[] {7, 0, 0, 0x7f, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
