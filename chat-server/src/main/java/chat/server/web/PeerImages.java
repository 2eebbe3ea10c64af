package chat.server.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pull-through of images from the other nodes (docs/PROTOCOL.md, "Images"): an image this node does not have
 * is asked of each {@code --web-peers} in turn ({@code GET <peer>/i/<hash>.<ext>}, nothing else), and the first
 * answer that is that image — a 200 with its {@code Content-Type}, at most {@code --max-image-bytes}, whose
 * bytes hash to its name and start with its magic number — is stored through {@link ImageStore} and served from
 * then on. Requests carry {@link #PEER_HEADER}, and a request with it is answered from disk only, so nodes that
 * list each other never ask each other in a loop.
 *
 * <p>Thread-safe: one fetch per image at a time (the first request to miss it fetches it, later ones wait
 * for that fetch, bounded); the map of fetches under way is a {@link ConcurrentHashMap} bounded by a
 * semaphore of {@link #MAX_FETCHES}; the HTTP client is the JDK's.
 */
final class PeerImages implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerImages.class.getName());
    /** Sent with every fetch from a peer; a request that has it is answered from this node's disk only. */
    static final String PEER_HEADER = "X-Chat-Peer-Fetch";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The whole exchange with one peer, body included. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Different images fetched at once; more misses at the same time are answered "busy". */
    static final int MAX_FETCHES = 8;

    /** What became of a miss. */
    sealed interface Result {
        /** Fetched from a peer and stored here. */
        record Fetched(Path path) implements Result { }

        /** No peer had it (or none could be reached, or none sent that image). */
        record Missing() implements Result { }

        /** Too many other images are being fetched right now. */
        record Busy() implements Result { }
    }

    private static final Result MISSING = new Result.Missing();
    private static final Result BUSY = new Result.Busy();

    private final List<String> peers;
    private final ImageStore images;
    private final int maxImageBytes;
    private final HttpClient client;
    private final ConcurrentHashMap<String, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore fetches = new Semaphore(MAX_FETCHES);
    /** Requests waiting for a fetch another request started (for tests). */
    private final AtomicInteger waiting = new AtomicInteger();

    /** @param peers the other nodes' origins ({@code --web-peers}), normalized */
    PeerImages(List<String> peers, ImageStore images, int maxImageBytes) {
        this.peers = List.copyOf(peers);
        this.images = images;
        this.maxImageBytes = maxImageBytes;
        // The peers are this cluster's own nodes: reached directly, never through a proxy, never redirected.
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
    }

    /**
     * Fetches {@code file} ({@code <hash>.<ext>}, which the caller has checked with {@link ImageStore#isName}
     * and not found here) from the peers; blocks for at most about {@link #REQUEST_TIMEOUT} per peer.
     */
    Result fetch(String file) {
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = inFlight.putIfAbsent(file, mine);
        if (running != null) {
            return await(file, running);
        }
        Result result = MISSING;
        boolean slot = fetches.tryAcquire();
        try {
            if (!slot) {
                result = BUSY;
            } else {
                // Another request may have stored it between its own miss and now.
                Optional<Path> stored = images.find(file);
                result = stored.isPresent() ? new Result.Fetched(stored.get()) : fromPeers(file);
            }
        } finally {
            if (slot) {
                fetches.release();
            }
            inFlight.remove(file, mine);
            mine.complete(result);
        }
        return result;
    }

    private Result await(String file, CompletableFuture<Result> running) {
        waiting.incrementAndGet();
        try {
            long limit = REQUEST_TIMEOUT.toMillis() * (peers.size() + 1);
            return running.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "gave up waiting for image {0} from the peers", file);
            return MISSING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MISSING;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a fetch always completes normally", e);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Result fromPeers(String file) {
        ImageStore.Kind kind = ImageStore.kindOf(file);
        for (String peer : peers) {
            byte[] bytes = fromPeer(peer, file, kind);
            if (bytes == null) {
                continue;
            }
            try {
                Optional<Path> stored = images.storeAs(file, bytes);
                if (stored.isPresent()) {
                    LOG.log(System.Logger.Level.INFO, "image {0} ({1} bytes) fetched from {2}", file,
                            String.valueOf(bytes.length), peer);
                    return new Result.Fetched(stored.get());
                }
                LOG.log(System.Logger.Level.WARNING, "{0} sent bytes that are not image {1}: refused", peer, file);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot store image {0} fetched from {1}: {2}", file, peer,
                        e.toString());
                return MISSING;
            }
        }
        return MISSING;
    }

    /** The body of {@code peer}'s answer if it is a 200 of {@code kind} within the size limit, else null. */
    private byte[] fromPeer(String peer, String file, ImageStore.Kind kind) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(peer + "/i/" + file)).timeout(REQUEST_TIMEOUT)
                .header(PEER_HEADER, "1").GET().build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request,
                info -> new Capped(acceptable(info, kind) ? maxImageBytes : Capped.REFUSE));
        try {
            HttpResponse<byte[]> response = exchange.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (response.body() == null) {
                LOG.log(System.Logger.Level.DEBUG, "{0} sent no image {1} (status {2}, or not that type, or too large)", peer, file,
                        String.valueOf(response.statusCode()));
            }
            return response.body();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            LOG.log(System.Logger.Level.INFO, "{0} did not send image {1} within {2}", peer, file, REQUEST_TIMEOUT);
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.INFO, "cannot fetch image {0} from {1}: {2}", file, peer, e.getCause().toString());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** A 200 with the image's own type and no announced length over the limit. */
    private boolean acceptable(HttpResponse.ResponseInfo info, ImageStore.Kind kind) {
        String type = info.headers().firstValue("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return info.statusCode() == 200 && media.equals(kind.contentType)
                && info.headers().firstValueAsLong("Content-Length").orElse(0) <= maxImageBytes;
    }

    /** Requests waiting for a fetch another request started. */
    int waiting() {
        return waiting.get();
    }

    /** Aborts the fetches under way (they answer "missing"); later ones fail at once. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    /**
     * A body of at most {@code limit} bytes; a longer one, or any body when refused, is cancelled (the
     * connection is dropped rather than read to its end) and yields null.
     *
     * <p>Confined to the HTTP client, which calls a subscriber's methods one at a time.
     */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        static final int REFUSE = -1;

        private final int limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (limit == REFUSE) {
                s.cancel();
                body.complete(null);
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > limit) {
                    subscription.cancel();
                    body.complete(null);
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
