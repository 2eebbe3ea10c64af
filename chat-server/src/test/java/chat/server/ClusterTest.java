package chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against a real RabbitMQ (the one at {@code CHAT_TEST_AMQP}, default
 * {@code amqp://guest:guest@127.0.0.1:5672}; {@code scripts/test} starts one) and real node processes, each
 * with its own SQLite file. Each test runs a cluster of its own name and deletes its queues afterwards.
 * Without a broker the tests are skipped, except under {@code CI=true}, where they fail.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final String AMQP = System.getenv().getOrDefault("CHAT_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672");
    private static final Pattern MESSAGE = Pattern.compile("\\{\"type\":\"message\",\"id\":(\\d+),\"room\":\"([^\"]*)\",\"nick\":\"([^\"]*)\",\"text\":\"([^\"]*)\"");

    @TempDir
    Path dir;
    private String cluster;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void brokerIsThere() {
        boolean reachable;
        try (Connection c = factory().newConnection()) {
            reachable = c.isOpen();
        } catch (Exception e) {
            reachable = false;
        }
        if (!reachable && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("no RabbitMQ at " + AMQP + " (scripts/test starts one; CI=true never skips)");
        }
        assumeTrue(reachable, "no RabbitMQ at " + AMQP);
        cluster = "test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (TestClient c : clients) {
            c.close();
        }
        for (ServerProcess n : nodes) {
            n.close();
        }
        try (Connection c = factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(cluster + ".log");
            ch.exchangeDelete(cluster + ".signals");
        }
    }

    private static ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        try {
            f.setUri(URI.create(AMQP));
        } catch (Exception e) {
            throw new IllegalArgumentException("CHAT_TEST_AMQP " + AMQP, e);
        }
        f.setConnectionTimeout(3000);
        return f;
    }

    /** Starts node {@code name} (data in its own directory) and waits until it serves: its chat port. */
    private int node(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--rate", "0", "--max-per-ip", "0",
                "--connects-per-minute", "0", "--data-dir", dir.resolve(name).toString(),
                "--cluster", AMQP, "--cluster-name", cluster, "--node", name));
        args.addAll(List.of(more));
        ServerProcess node = ServerProcess.start(args.toArray(String[]::new));
        nodes.add(node);
        return node.port();
    }

    /** The /metrics text of a node started with {@code --metrics-port 0}. */
    private static String metrics(ServerProcess node) throws Exception {
        Matcher m = Pattern.compile("metrics on http://\\S*:(\\d+)/metrics").matcher(String.join("\n", node.log()));
        assertThat(m.find()).as("the node logged its metrics address").isTrue();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private TestClient json(int port, String nick) throws IOException {
        TestClient c = TestClient.joinJson(port, nick);
        clients.add(c);
        return c;
    }

    private TestClient text(int port, String nick) throws IOException {
        TestClient c = TestClient.join(port, nick);
        clients.add(c);
        return c;
    }

    /** Reads the next {@code n} messages (skipping other events): "id nick text" each. */
    private static List<String> messages(TestClient c, int n) {
        List<String> seen = new ArrayList<>();
        while (seen.size() < n) {
            Matcher m = MESSAGE.matcher(c.expectLine(l -> l.startsWith("{\"type\":\"message\"")));
            assertThat(m.find()).isTrue();
            seen.add(m.group(1) + " " + m.group(3) + " " + m.group(4));
        }
        return seen;
    }

    @Test
    void threeNodesShareARoomInOneOrderWithTheSameIds() throws Exception {
        int[] ports = {node("a"), node("b"), node("c")};
        TestClient[] people = new TestClient[3];
        for (int i = 0; i < 3; i++) {
            people[i] = json(ports[i], "p" + i);
        }
        // Everyone sees everyone (presence travels apart from the log): wait until the third is in the room.
        people[0].send("/who");
        awaitWho(people[0], "p0", "p1", "p2");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> sending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestClient c = people[i];
            String nick = "p" + i;
            sending.add(pool.submit((Callable<Void>) () -> {
                for (int k = 0; k < 40; k++) {
                    c.send(nick + "-" + k);
                }
                return null;
            }));
        }
        for (Future<?> f : sending) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<String> first = messages(people[0], 120);
        assertThat(messages(people[1], 120)).isEqualTo(first);
        assertThat(messages(people[2], 120)).isEqualTo(first);
        List<Long> ids = first.stream().map(s -> Long.parseLong(s.split(" ")[0])).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < 3; i++) { // each sender's own messages in the order sent
            String nick = "p" + i;
            List<String> own = first.stream().filter(s -> s.split(" ")[1].equals(nick)).map(s -> s.split(" ")[2]).toList();
            assertThat(own).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(k -> nick + "-" + k).toList());
        }
    }

    /** Sends {@code command} until a line of its answer matches (bounded: 10 s); other lines are skipped. */
    private static void ask(TestClient c, String command, java.util.function.Predicate<String> wanted) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            c.send(command);
            try {
                c.expectLine(Duration.ofMillis(500), wanted);
                return;
            } catch (AssertionError notYet) {
                assertThat(System.nanoTime()).as(command + " answered as wanted within 10 s").isLessThan(deadline);
            }
        }
    }

    /** Repeats /who until it lists every one of {@code nicks} (presence arrives within a second or so). */
    private static void awaitWho(TestClient c, String... nicks) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String who = c.expectLine(l -> l.startsWith("{\"type\":\"who\""));
            if (java.util.Arrays.stream(nicks).allMatch(n -> who.contains("\"" + n + "\""))) {
                return;
            }
            assertThat(System.nanoTime()).as("everyone in /who within 10 s, last: " + who).isLessThan(deadline);
            c.send("/who");
        }
    }

    @Test
    void directMessagesWhoRoomsAndTopicsWorkAcrossNodes() throws Exception {
        int a = node("a", "--metrics-port", "0");
        int b = node("b");
        TestClient alice = text(a, "alice");
        TestClient bob = text(b, "bob");
        alice.expectLine("*** bob joined #lobby");
        alice.send("/msg bob psst");
        bob.expectLine("[DM from alice] psst");
        alice.expectLine("[DM to bob] psst");
        bob.send("/join #dev");
        bob.send("/topic shipping friday");
        bob.expectLine(l -> l.contains("set the topic of #dev"));
        // Presence travels apart from the log: ask until bob's move has reached node a (within 10 s).
        ask(alice, "/rooms", l -> l.contains("#dev (1)"));
        ask(alice, "/who #dev", l -> l.equals("***   bob"));
        TestClient carol = text(a, "carol");
        carol.send("/join #dev");
        carol.expectLine(l -> l.contains("Welcome") || l.contains("You are in #dev") || l.contains("#dev"));
        carol.expectLine(l -> l.contains("shipping friday"));
        alice.send("/msg nobody hi");
        alice.expectLine("*** No one called nobody is online.");
        String metrics = metrics(nodes.get(0));
        assertThat(metrics).contains("\nchat_cluster_connected 1\n", "\nchat_cluster_nodes 1\n",
                "\nchat_clients_chatting 2\n"); // alice and carol here; bob is on node b
        assertThat(Long.parseLong(metrics.replaceAll("(?s).*\nchat_cluster_events_consumed_total (\\d+)\n.*", "$1")))
                .isGreaterThanOrEqualTo(5); // joins, the topic, leaves
        assertThat(metrics).containsPattern("\nchat_cluster_signals_consumed_total [1-9]");
    }

    @Test
    void aNodeWhoseRetentionDiffersFromTheClustersLogDoesNotStartAndSaysWhy() throws Exception {
        node("a"); // declares the log with the default 30 days
        assertRefusesToStart("--retention-days must be the same on every node", "--in-memory", "--retention-days", "7",
                "--node", "odd");
    }

    /** Starts a node with {@code args} (on this test's cluster) and expects it to exit 1 having logged {@code why}. */
    private void assertRefusesToStart(String why, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--cluster", AMQP, "--cluster-name", cluster));
        all.addAll(List.of(args));
        ServerProcess node = ServerProcess.start(all.toArray(String[]::new));
        nodes.add(node);
        node.expectLog(Pattern.compile(Pattern.quote(why)));
        assertThat(node.exitValue()).isEqualTo(ChatServerMain.EXIT_START_FAILED);
    }

    @Test
    void aNodeWhoseDataIsAheadOfTheLogDoesNotStartAndSaysWhy() throws Exception {
        int a = node("a");
        TestClient alice = text(a, "alice");
        alice.send("kept in a's store");
        alice.expectLine("alice: kept in a's store");
        nodes.get(0).signal("TERM");
        assertThat(nodes.get(0).exitValue()).isZero();
        try (Connection c = factory().newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(cluster + ".log"); // the log is recreated: its offsets start again below a's ids
        }
        assertRefusesToStart("Start this node with an empty --data-dir", "--data-dir", dir.resolve("a").toString(),
                "--node", "a");
    }

    @Test
    void twoNodesClaimingOneNicknameAtOnceGiveItToExactlyOne() throws Exception {
        int a = node("a");
        int b = node("b");
        for (int round = 0; round < 8; round++) {
            String nick = "racer" + round;
            TestClient one = TestClient.connect(a);
            TestClient two = TestClient.connect(b);
            clients.add(one);
            clients.add(two);
            one.expectLine("NICK");
            two.expectLine("NICK");
            one.send(nick);
            two.send(nick);
            String first = one.expectLine(l -> l.startsWith("*** Welcome") || l.startsWith("*** Nickname"));
            String second = two.expectLine(l -> l.startsWith("*** Welcome") || l.startsWith("*** Nickname"));
            assertThat(List.of(first, second)).as("round " + round)
                    .filteredOn(l -> l.startsWith("*** Welcome")).hasSize(1);
        }
        TestClient paul = text(a, "paul");
        TestClient lookAlike = TestClient.connect(b);
        clients.add(lookAlike);
        lookAlike.expectLine("NICK");
        lookAlike.send("PAUL");
        lookAlike.expectLine(l -> l.startsWith("*** Nickname PAUL is taken") || l.contains("looks too much like"));
        paul.send("/nick pauline");
        paul.expectLine(l -> l.contains("pauline"));
        lookAlike.expectLine("NICK");
        lookAlike.send("paul"); // freed by the rename on the other node
        lookAlike.expectLine(l -> l.startsWith("*** Welcome, paul!"));
        // A rename that gains a key locks it: "Ali" has one key, "ALI" also the one "al1" has.
        TestClient ali = text(a, "Ali");
        ali.send("/nick ALI");
        ali.expectLine(l -> l.contains("ALI"));
        TestClient other = TestClient.connect(b);
        clients.add(other);
        other.expectLine("NICK");
        other.send("al1");
        other.expectLine(l -> l.startsWith("*** Nickname al1 looks too much like"));
    }

    @Test
    void aKilledNodesUsersLeaveWithinFifteenSecondsAndItsClientsResumeElsewhereWithNothingLost() throws Exception {
        int a = node("a");
        int b = node("b");
        int c = node("c");
        TestClient alice = json(a, "alice");
        TestClient carol = json(c, "carol");
        alice.expectLine(l -> l.contains("\"type\":\"join\"") && l.contains("\"carol\""));
        TestClient dave = json(c, "dave");
        alice.expectLine(l -> l.contains("\"type\":\"join\"") && l.contains("\"dave\""));
        alice.send("before the crash");
        String seen = messages(carol, 1).get(0);
        long lastId = Long.parseLong(seen.split(" ")[0]);

        long killed = System.nanoTime();
        nodes.get(2).signal("KILL");
        alice.send("missed one");
        alice.send("missed two");
        // carol comes back on another node at once, before node c is declared lost: the broker freed her
        // nickname when c's connection died, and she resumes with exactly what she missed.
        TestClient again = json(b, "carol");
        again.send("/resume #lobby " + lastId);
        String history = again.expectLine(l -> l.startsWith("{\"type\":\"history\"") && l.contains("\"since\""));
        assertThat(history).contains("\"since\":" + lastId).contains("\"missed\":2");
        assertThat(messages(again, 2)).extracting(m -> m.substring(m.indexOf(' ') + 1))
                .containsExactly("alice missed one", "alice missed two");

        java.util.List<String> carolLeft = new java.util.ArrayList<>();
        alice.expectLine(Duration.ofSeconds(20), l -> {
            if (l.contains("\"type\":\"leave\"") && l.contains("\"carol\"")) {
                carolLeft.add(l);
            }
            return l.contains("\"type\":\"leave\"") && l.contains("\"dave\"") && l.contains("node lost");
        });
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(tookMillis).as("presence cleaned within 15 s").isLessThanOrEqualTo(15_000);
        assertThat(carolLeft).as("carol is back: no ghost of her leaves with node c").isEmpty();
        alice.send("/who");
        awaitWho(alice, "alice", "carol");
        alice.send("after");
        assertThat(messages(again, 1).get(0)).endsWith("alice after");
        dave.close();
    }

    @Test
    void aNodeKilledAndRestartedAfterDowntimeCatchesUpBeforeServingHistory() throws Exception {
        int a = node("a");
        node("b");
        TestClient alice = text(a, "alice");
        alice.send("one");
        alice.expectLine("alice: one");
        nodes.get(1).signal("KILL"); // what it had not yet written, it reads again from the log
        assertThat(nodes.get(1).exitValue()).isNotZero();
        alice.send("two while b was down");
        alice.expectLine("alice: two while b was down");
        int b = node("b"); // the same data directory and name
        TestClient bob = text(b, "bob");
        bob.send("/history 10");
        bob.expectLine(l -> l.contains("alice: one"));
        bob.expectLine(l -> l.contains("alice: two while b was down"));
    }

    @Test
    void aBrokerRestartLeavesLocalChatWorkingAndTheClusterHealsByItself() throws Exception {
        assumeTrue(commandExists("rabbitmqctl") && AMQP.contains("127.0.0.1"), "needs the local broker's rabbitmqctl");
        int a = node("a");
        int b = node("b");
        TestClient alice = text(a, "alice");
        TestClient anna = text(a, "anna");
        TestClient bob = text(b, "bob");
        alice.expectLine("*** bob joined #lobby");
        try {
            rabbitmqctl("stop_app");
            alice.expectLine(l -> l.startsWith("*** Other servers of this chat are unreachable"));
            anna.expectLine(l -> l.startsWith("*** Other servers of this chat are unreachable"));
            alice.send("still here");
            anna.expectLine("alice: still here");
        } finally {
            rabbitmqctl("start_app");
        }
        alice.expectLine(Duration.ofSeconds(60), l -> l.startsWith("*** This server reaches the other servers"));
        bob.expectLine(Duration.ofSeconds(60), l -> l.startsWith("*** This server reaches the other servers"));
        alice.send("together again");
        bob.expectLine(Duration.ofSeconds(30), l -> l.equals("alice: together again"));
    }

    private static boolean commandExists(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void rabbitmqctl(String action) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("rabbitmqctl", action).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("rabbitmqctl " + action + " in time").isTrue();
        assertThat(p.exitValue()).as("rabbitmqctl " + action).isZero();
    }
}
