package chat.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Fetching images from peers: only that image, verified, once at a time; against fake peers on loopback. */
@Timeout(30)
class PeerImagesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_IMAGE = 4096;
    static final byte[] PNG = png(300, 1);
    static final String FILE = name(PNG, "png");

    @TempDir
    Path dir;

    private final List<FakePeer> fakes = new ArrayList<>();
    private final List<PeerImages> fetchers = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        fetchers.forEach(PeerImages::close);
        fakes.forEach(FakePeer::close);
        threads.shutdownNow();
    }

    /** A PNG signature followed by filler that differs with {@code seed}. */
    static byte[] png(int size, int seed) {
        byte[] bytes = new byte[size];
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        for (int i = magic.length; i < size; i++) {
            bytes[i] = (byte) (i * 7 + seed);
        }
        return bytes;
    }

    static String name(byte[] bytes, String ext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + "." + ext;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How a fake peer answers one request. */
    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange) throws Exception;
    }

    static Answer serving(byte[] body, String type) {
        return exchange -> send(exchange, 200, type, body, body.length);
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body, long length) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A peer on a loopback port that records each request ({@code path} and its peer header) and answers it. */
    static final class FakePeer implements AutoCloseable {
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final HttpServer http;

        FakePeer(Answer answer) throws IOException {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/", exchange -> {
                try (exchange) {
                    requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                            + exchange.getRequestHeaders().getFirst(PeerImages.PEER_HEADER));
                    answer.answer(exchange);
                } catch (Exception ignored) {
                    // The node hung up on a body it refused; what the node did is what the test checks.
                }
            });
            http.start();
        }

        String origin() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private FakePeer fake(Answer answer) throws IOException {
        FakePeer fake = new FakePeer(answer);
        fakes.add(fake);
        return fake;
    }

    private PeerImages fetcher(String... peers) throws IOException {
        PeerImages fetcher = new PeerImages(List.of(peers), new ImageStore(dir), MAX_IMAGE);
        fetchers.add(fetcher);
        return fetcher;
    }

    private void assertNothingStored() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theImageIsTakenFromTheFirstPeerThatHasItAndStored() throws Exception {
        String goneOrigin;
        try (FakePeer gone = new FakePeer(exchange -> { })) {
            goneOrigin = gone.origin();
        }
        FakePeer without = fake(exchange -> send(exchange, 404, "application/json", "{}".getBytes(), 2));
        FakePeer with = fake(serving(PNG, "image/png"));
        FakePeer after = fake(serving(PNG, "image/png"));

        PeerImages.Result result = fetcher(goneOrigin, without.origin(), with.origin(), after.origin()).fetch(FILE);

        assertThat(result).isEqualTo(new PeerImages.Result.Fetched(dir.resolve(FILE)));
        assertThat(dir.resolve(FILE)).hasBinaryContent(PNG);
        assertThat(without.requests).containsExactly("GET /i/" + FILE + " 1");
        assertThat(with.requests).containsExactly("GET /i/" + FILE + " 1");
        assertThat(after.requests).isEmpty();
    }

    static Stream<Arguments> refusedAnswers() {
        byte[] other = png(300, 2);
        byte[] html = "<!doctype html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        byte[] big = png(MAX_IMAGE + 1, 1);
        return Stream.of(
                Arguments.of("not found", FILE, (Answer) e -> send(e, 404, "application/json", "{}".getBytes(), 2)),
                Arguments.of("other bytes than the name's", FILE, serving(other, "image/png")),
                Arguments.of("the image as another type", FILE, serving(PNG, "text/html")),
                Arguments.of("the image without a type", FILE, (Answer) e -> {
                    e.sendResponseHeaders(200, PNG.length);
                    e.getResponseBody().write(PNG);
                }),
                Arguments.of("the image with another status", FILE, (Answer) e -> send(e, 203, "image/png", PNG, PNG.length)),
                Arguments.of("a redirect", FILE, (Answer) e -> {
                    e.getResponseHeaders().set("Location", "http://127.0.0.1:1/i/" + FILE);
                    e.sendResponseHeaders(302, -1);
                }),
                Arguments.of("HTML whose hash is the name", name(html, "png"), serving(html, "image/png")),
                Arguments.of("too large, announced", name(big, "png"), serving(big, "image/png")),
                Arguments.of("too large, chunked", name(big, "png"), (Answer) e -> send(e, 200, "image/png", big, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedAnswers")
    void anAnswerThatIsNotThatImageIsRefused(String what, String file, Answer answer) throws Exception {
        FakePeer peer = fake(answer);

        assertThat(fetcher(peer.origin()).fetch(file)).isInstanceOf(PeerImages.Result.Missing.class);

        assertThat(peer.requests).containsExactly("GET /i/" + file + " 1");
        assertNothingStored();
    }

    @Test
    void concurrentMissesForOneImageFetchItOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakePeer peer = fake(exchange -> {
            assertThat(release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            serving(PNG, "image/png").answer(exchange);
        });
        PeerImages fetcher = fetcher(peer.origin());
        int callers = 5;
        List<Future<PeerImages.Result>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            results.add(threads.submit(() -> fetcher.fetch(FILE)));
        }
        assertThat(peer.requests.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("GET /i/" + FILE + " 1");
        awaitWaiting(fetcher, callers - 1);
        release.countDown();

        for (Future<PeerImages.Result> result : results) {
            assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new PeerImages.Result.Fetched(dir.resolve(FILE)));
        }
        assertThat(peer.requests).isEmpty();
    }

    @Test
    void tooManyImagesFetchedAtOnceMakesTheNextOneBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FakePeer peer = fake(exchange -> {
            assertThat(release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            send(exchange, 404, "application/json", "{}".getBytes(), 2);
        });
        PeerImages fetcher = fetcher(peer.origin());
        List<Future<PeerImages.Result>> results = new ArrayList<>();
        for (int i = 0; i < PeerImages.MAX_FETCHES; i++) {
            String file = name(png(100, 10 + i), "png");
            results.add(threads.submit(() -> fetcher.fetch(file)));
        }
        for (int i = 0; i < PeerImages.MAX_FETCHES; i++) {
            assertThat(peer.requests.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        }

        assertThat(fetcher.fetch(FILE)).isInstanceOf(PeerImages.Result.Busy.class);

        release.countDown();
        for (Future<PeerImages.Result> result : results) {
            assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(PeerImages.Result.Missing.class);
        }
        assertThat(peer.requests).isEmpty();
    }

    /** Waits (bounded) until {@code count} requests wait for a fetch another one started. */
    private static void awaitWaiting(PeerImages fetcher, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (fetcher.waiting() < count) {
            assertThat(System.nanoTime()).as("requests waiting for the fetch").isLessThan(deadline);
            Thread.sleep(5); // polling a counter that has no event to wait on
        }
    }
}
