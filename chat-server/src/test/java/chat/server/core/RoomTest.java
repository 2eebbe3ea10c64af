package chat.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import chat.server.protocol.Event;
import chat.server.protocol.Outgoing;
import chat.server.store.MemoryHistoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The room's fan-out without sockets: members record what they are given. */
@Timeout(30)
class RoomTest {

    /** A member that keeps every event it is given. */
    private record Recorder(String nick, ConcurrentLinkedQueue<Outgoing> got) implements Member {
        Recorder(String nick) {
            this(nick, new ConcurrentLinkedQueue<>());
        }

        @Override
        public void deliver(Outgoing event) {
            got.add(event);
        }

        List<Event> events() {
            return got.stream().map(Outgoing::event).toList();
        }
    }

    private final LocalDirectory directory = new LocalDirectory(new MemoryHistoryStore(200));
    private final Publisher publisher = new LocalPublisher();

    private static Event.Message draft(String room, String text) {
        return new Event.Message(0, room, "x", text, Instant.EPOCH);
    }

    @Test
    void anEventPublishedWhileAnotherThreadHoldsTheRoomIsStillDelivered() throws Exception {
        Recorder listener = new Recorder("listener");
        Room room = directory.enter("#lobby", listener, new Replay.Last(20), r -> List.of());
        int talkers = 4;
        int rounds = 5000;
        CountDownLatch done = new CountDownLatch(1);
        // One thread keeps taking the room's lock, as joins, leaves and /history do, while others talk.
        Thread busy = Thread.ofPlatform().start(() -> {
            while (done.getCount() > 0) {
                room.lastMessages(1);
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < talkers; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    publisher.publish(room, draft("#lobby", "" + i), null, true);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        done.countDown();
        busy.join();
        assertThat(listener.got()).hasSize(talkers * rounds); // every event, none stuck
    }

    @Test
    void aJoinerIsAMemberBeforeItsWelcomeReachesIt() {
        // What the joiner is told can reach it (and it can act on it) at once: by then /rooms and /who show it.
        List<List<String>> seenAtWelcome = new ArrayList<>();
        Member joiner = new Member() {
            @Override
            public String nick() {
                return "bob";
            }

            @Override
            public void deliver(Outgoing event) {
                seenAtWelcome.add(directory.room("#dev").map(Room::nicks).orElse(List.of()));
            }
        };
        directory.enter("#dev", joiner, new Replay.Last(20), r -> List.of(new Event.Topic(r.name(), "")));
        assertThat(seenAtWelcome).containsExactly(List.of("bob"));
    }

    @Test
    void messagesAreNumberedInTheOrderEveryMemberSeesThem() throws Exception {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        Room room = directory.enter("#dev", a, new Replay.Last(20), r -> List.of());
        directory.enter("#dev", b, new Replay.Last(20), r -> List.of());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    publisher.publish(room, draft("#dev", "m"), null, true);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        List<Long> idsA = a.events().stream().map(e -> ((Event.Chat) e).id()).toList();
        List<Long> idsB = b.events().stream().map(e -> ((Event.Chat) e).id()).toList();
        assertThat(idsA).hasSize(3000).isSorted().doesNotHaveDuplicates().startsWith(1L).endsWith(3000L);
        assertThat(idsB).isEqualTo(idsA);
    }

    @Test
    void oneOutgoingIsSharedByEveryMemberSoEachEncodingIsMadeOnce() {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        Room room = directory.enter("#x", a, new Replay.Last(20), r -> List.of());
        directory.enter("#x", b, new Replay.Last(20), r -> List.of());
        publisher.publish(room, draft("#x", "hello"), null, true);
        assertThat(a.got().peek()).isSameAs(b.got().peek());
    }

    @Test
    void aJoinerGetsTheHistoryBeforeItsJoinAndIdsContinueWhenTheRoomComesBack() {
        Recorder a = new Recorder("a");
        Room room = directory.enter("#h", a, new Replay.Last(20), r -> List.of());
        publisher.publish(room, draft("#h", "one"), null, true);
        publisher.publish(room, draft("#h", "two"), null, true);
        Recorder b = new Recorder("b");
        directory.enter("#h", b, new Replay.Last(20), r -> List.of());
        assertThat(b.events()).singleElement().isInstanceOfSatisfying(Event.History.class,
                h -> assertThat(h.messages()).extracting(Event.Chat::text).containsExactly("one", "two"));
        directory.exit(room, a);
        directory.exit(room, b);
        Room again = directory.enter("#h", a, new Replay.Last(20), r -> List.of());
        publisher.publish(again, draft("#h", "three"), null, true);
        assertThat(((Event.Chat) a.events().get(a.events().size() - 1)).id()).isEqualTo(3);
    }

    @Test
    void aTopicChangeIsAppliedInOrderWithTheRoomsOtherEvents() {
        Recorder a = new Recorder("a");
        Room room = directory.enter("#t", a, new Replay.Last(20), r -> List.of());
        publisher.publish(room, new Event.TopicChanged("#t", "a", "release day", Instant.EPOCH), null, true);
        assertThat(room.topic()).isEqualTo("release day");
        assertThat(a.events()).last().isInstanceOf(Event.TopicChanged.class);
    }

    @Test
    void aMessageTheStoreCannotTakeReachesNobodyItsSenderIsToldAndItsIdIsNotUsed() {
        java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();
        MemoryHistoryStore memory = new MemoryHistoryStore(200);
        chat.server.store.HistoryStore refusing = new chat.server.store.HistoryStore() {
            @Override
            public chat.server.store.RoomHistory open(String roomKey, String roomName) {
                chat.server.store.RoomHistory inner = memory.open(roomKey, roomName);
                return new chat.server.store.RoomHistory() {
                    public long lastId() {
                        return inner.lastId();
                    }

                    public String topic() {
                        return inner.topic();
                    }

                    public boolean append(Event.Chat event) {
                        return !full.get() && inner.append(event);
                    }

                    public boolean topicChanged(Event.TopicChanged event) {
                        return !full.get() && inner.topicChanged(event);
                    }

                    public List<Event.Chat> last(int n) {
                        return inner.last(n);
                    }

                    public List<Event.Chat> after(long id) {
                        return inner.after(id);
                    }

                    public void close() {
                        inner.close();
                    }
                };
            }

            public List<Event.Chat> before(String roomKey, long id, int n) {
                return List.of();
            }

            public Missed missed(String roomKey, long id, int n) {
                return new Missed(-1, List.of());
            }

            public List<Event.Chat> search(String roomKey, String words, int n) {
                return List.of();
            }
        };
        LocalDirectory busy = new LocalDirectory(refusing);
        Recorder sender = new Recorder("sender");
        Recorder other = new Recorder("other");
        Room room = busy.enter("#b", sender, new Replay.Last(0), r -> List.of());
        busy.enter("#b", other, new Replay.Last(0), r -> List.of());
        full.set(true);
        publisher.publish(room, draft("#b", "lost?"), sender, true);
        assertThat(other.events()).isEmpty();
        assertThat(sender.events()).singleElement().isInstanceOfSatisfying(Event.Notice.class,
                n -> assertThat(n.code()).isEqualTo(Event.Code.SERVER_BUSY));
        full.set(false);
        publisher.publish(room, draft("#b", "kept"), sender, true);
        assertThat(((Event.Chat) other.events().get(0)).id()).isEqualTo(1);
    }
}
