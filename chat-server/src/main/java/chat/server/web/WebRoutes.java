package chat.server.web;

import chat.common.Json;
import chat.common.Sanitizer;
import chat.server.core.Room;
import chat.server.protocol.Event;
import chat.server.session.Services;
import chat.server.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every HTTP route but {@code /ws} (docs/PROTOCOL.md, "Web"): the page's static files (in the jar, read once),
 * {@code GET /api/rooms}, {@code GET /api/servers}, {@code POST /api/images} and {@code GET /i/<hash>.<ext>}
 * (an image missing here is fetched from the peers first, by {@link PeerImages}).
 * The API answers the pages of {@code --web-peers} too (CORS). Errors of the API are JSON:
 * {@code {"error":"<code>","message":"<sentence>"}}.
 *
 * <p>Thread-safe: the static files are read at construction; the rest is {@link Uploaders}, {@link ImageStore},
 * {@link PeerImages} and the directory, all thread-safe. Requests run on virtual threads and may block.
 */
final class WebRoutes extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(WebRoutes.class.getName());
    private static final String STATIC = "/chat/server/web/static/";
    private static final Map<String, String> PAGE_FILES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    /**
     * The page loads only its own files and talks only to its own origin and the peers it may fail over to
     * (their WebSocket, uploads, room list and images).
     */
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' blob:%1$s; connect-src 'self'%2$s; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    /** How long a browser may keep the answer to a peer page's preflight for an upload. */
    private static final String PREFLIGHT_MAX_AGE = "600";
    private static final String IMAGE_CACHE = "public, max-age=31536000, immutable";
    private static final int MAX_NAME_CHARS = 120;
    private static final String IMAGE_PREFIX = "/i/";

    /** A static file of the page. */
    private record Asset(byte[] bytes, String type) { }

    private final Services services;
    private final Uploaders uploaders;
    private final ImageStore images;
    private final PeerImages peerImages; // null without --web-peers
    private final int maxImageBytes;
    private final int maxUploadBytes;
    private final Map<String, Asset> assets;
    private final List<String> peers;
    private final String pagePolicy;

    /**
     * @param peers      the other nodes' origins ({@code --web-peers}), normalized
     * @param peerImages fetches images missing here from the peers, or null without peers
     */
    WebRoutes(Services services, Uploaders uploaders, ImageStore images, PeerImages peerImages, int maxImageBytes,
              int maxUploadBytes, List<String> peers) {
        this.services = services;
        this.uploaders = uploaders;
        this.images = images;
        this.peerImages = peerImages;
        this.maxImageBytes = maxImageBytes;
        this.maxUploadBytes = maxUploadBytes;
        this.assets = loadAssets();
        this.peers = List.copyOf(peers);
        StringBuilder http = new StringBuilder();
        StringBuilder sockets = new StringBuilder();
        for (String peer : this.peers) {
            http.append(' ').append(peer);
            // CSP's http: source does not cover ws:, so each peer's WebSocket origin is listed too.
            sockets.append(' ').append(peer).append(' ').append(peer.replaceFirst("^http", "ws"));
        }
        this.pagePolicy = PAGE_POLICY.formatted(http, sockets);
    }

    private static Map<String, Asset> loadAssets() {
        java.util.HashMap<String, Asset> loaded = new java.util.HashMap<>();
        for (Map.Entry<String, String> e : PAGE_FILES.entrySet()) {
            String file = e.getValue();
            try (InputStream in = WebRoutes.class.getResourceAsStream(STATIC + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + STATIC + file);
                }
                loaded.put(e.getKey(), new Asset(in.readAllBytes(), TYPES.get(file.substring(file.lastIndexOf('.') + 1))));
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }
        return Map.copyOf(loaded);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        boolean fromPeer = path.startsWith("/api/") && fromPeer(request, response);
        if (path.equals("/api/images") && fromPeer && HttpMethod.OPTIONS.is(method)) {
            return preflight(response, callback);
        }
        if (path.equals("/api/images")) {
            if (!HttpMethod.POST.is(method)) {
                return error(response, callback, 405, "method_not_allowed", "Use POST.");
            }
            return upload(request, response, callback);
        }
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
            return error(response, callback, 405, "method_not_allowed", "Use GET.");
        }
        if (path.equals("/api/rooms")) {
            return rooms(response, callback);
        }
        if (path.equals("/api/servers")) {
            return servers(response, callback);
        }
        if (path.startsWith(IMAGE_PREFIX)) {
            return image(path.substring(IMAGE_PREFIX.length()), request, response, callback);
        }
        Asset asset = assets.get(path);
        if (asset == null) {
            return error(response, callback, 404, "not_found", "No such page.");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("Content-Security-Policy", pagePolicy);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }

    private boolean rooms(Response response, Callback callback) {
        StringBuilder json = new StringBuilder("{\"rooms\":[");
        for (Event.RoomSize r : services.directory().roomSizes()) {
            json.append("{\"room\":");
            Json.quote(json, r.name()).append(",\"members\":").append(r.members()).append("},");
        }
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        json.append("]}");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return json(response, callback, 200, json.toString());
    }

    /** The peers the page may fail over to; the page itself puts its own origin first. */
    private boolean servers(Response response, Callback callback) {
        StringBuilder json = new StringBuilder("{\"peers\":[");
        for (String peer : peers) {
            Json.quote(json, peer).append(',');
        }
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        json.append("]}");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        return json(response, callback, 200, json.toString());
    }

    /**
     * Whether {@code request} comes from a peer's page (its Origin is one of {@code --web-peers}); if so the
     * answer may be read by it (CORS): a page that failed over to this node uploads here and lists our rooms.
     */
    private boolean fromPeer(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        response.getHeaders().add(HttpHeader.VARY, "Origin");
        if (origin == null || !peers.contains(origin)) {
            return false;
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        return true;
    }

    /** A peer page asks whether it may upload here with its session's token (Authorization). */
    private static boolean preflight(Response response, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, PREFLIGHT_MAX_AGE);
        callback.succeeded();
        return true;
    }

    /**
     * An image from disk; one missing here is fetched from the peers first, unless the name is not an image's
     * or the request is itself a peer's fetch (answered from disk only, so that peers never ask in a loop).
     */
    private boolean image(String file, Request request, Response response, Callback callback) throws IOException {
        Optional<Path> found = images.find(file);
        if (found.isEmpty() && peerImages != null && ImageStore.isName(file)
                && request.getHeaders().get(PeerImages.PEER_HEADER) == null) {
            switch (peerImages.fetch(file)) {
                case PeerImages.Result.Fetched fetched -> found = Optional.of(fetched.path());
                case PeerImages.Result.Missing missing -> { }
                case PeerImages.Result.Busy busy -> {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                    return error(response, callback, 503, "busy", "Too many images are being fetched; try again.");
                }
            }
        }
        if (found.isEmpty()) {
            return error(response, callback, 404, "not_found", "No such image.");
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ImageStore.kindOf(file).contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, IMAGE_CACHE);
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; sandbox");
        response.write(true, ByteBuffer.wrap(Files.readAllBytes(found.get())), callback);
        return true;
    }

    private boolean upload(Request request, Response response, Callback callback) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        Session session;
        switch (uploaders.find(token)) {
            case Uploaders.Lookup.Invalid invalid -> {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                return error(response, callback, 401, "unauthorized",
                        "Send Authorization: Bearer <upload_token> (from the welcome event).");
            }
            case Uploaders.Lookup.Ended ended -> {
                return error(response, callback, 403, "session_ended", "That chat session has ended; reconnect.");
            }
            case Uploaders.Lookup.Live live -> session = live.session();
        }
        Room room = session.room();
        if (room == null) {
            return error(response, callback, 403, "session_ended", "That chat session has ended; reconnect.");
        }
        long declared = request.getLength();
        if (declared > maxUploadBytes) {
            return tooBig(response, callback);
        }
        if (!uploaders.tryUpload(session)) {
            return error(response, callback, 429, "too_many_uploads", "Too many images this minute; wait a little.");
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return error(response, callback, 400, "bad_request", "Send multipart/form-data with a field named image.");
        }
        MultiPart.Part part;
        byte[] bytes;
        MultiPartConfig config = new MultiPartConfig.Builder().maxParts(4).maxPartSize(maxImageBytes)
                .maxSize(maxUploadBytes).maxMemoryPartSize(maxImageBytes).build();
        try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(request, request, contentType, config)) {
            part = parts.getFirst("image");
            if (part == null) {
                return error(response, callback, 400, "bad_request", "No field named image.");
            }
            try (InputStream in = Content.Source.asInputStream(part.getContentSource())) {
                bytes = in.readNBytes(maxImageBytes + 1);
            }
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("exceed")
                    || String.valueOf(e.getCause()).toLowerCase(java.util.Locale.ROOT).contains("exceed")) {
                return tooBig(response, callback);
            }
            LOG.log(System.Logger.Level.INFO, "[{0}] bad upload: {1}", session.id(), e.toString());
            return error(response, callback, 400, "bad_request", "That upload could not be read.");
        }
        if (bytes.length > maxImageBytes) {
            return tooBig(response, callback);
        }
        Optional<ImageStore.Kind> kind = ImageStore.sniff(bytes);
        if (kind.isEmpty()) {
            return error(response, callback, 415, "not_an_image", "Only PNG, JPEG, GIF and WebP images can be shared.");
        }
        ImageStore.Stored stored;
        try {
            stored = images.store(bytes, kind.get());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "[{0}] cannot store image: {1}", session.id(), e.toString());
            return error(response, callback, 500, "store_failed", "The image could not be stored.");
        }
        String url = baseUrl(request) + IMAGE_PREFIX + stored.file();
        String name = fileName(part.getFileName(), stored.kind());
        LOG.log(System.Logger.Level.INFO, "[{0}] {1} shared {2} ({3} bytes) in {4}", session.id(), session.nick(),
                stored.file(), String.valueOf(bytes.length), room.name());
        session.publish(room, new Event.Image(0, room.name(), session.nick(), url, name, bytes.length, session.now()));
        StringBuilder json = new StringBuilder("{\"url\":");
        Json.quote(json, url).append(",\"name\":");
        Json.quote(json, name).append(",\"size\":").append(bytes.length).append(",\"type\":");
        Json.quote(json, stored.kind().contentType).append('}');
        return json(response, callback, 201, json.toString());
    }

    /** The uploader's name for the file, cleaned and bounded; a made-up one if it gave none. */
    private static String fileName(String given, ImageStore.Kind kind) {
        String name = given == null ? "" : Sanitizer.clean(given);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            name = "image." + kind.ext;
        }
        return name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name;
    }

    /** {@code http://host:port} as the uploader addressed the server, so the link works for people like it. */
    private static String baseUrl(Request request) {
        HttpField host = request.getHeaders().getField(HttpHeader.HOST);
        String authority = host != null ? host.getValue()
                : Request.getServerName(request) + ":" + Request.getServerPort(request);
        return request.getHttpURI().getScheme() + "://" + authority;
    }

    private boolean tooBig(Response response, Callback callback) {
        // The body is (partly) unread: this connection is done, and says so, so the client does not send its
        // next request on a connection the server is closing.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return error(response, callback, 413, "too_large",
                "Images can be at most " + maxImageBytes / (1024 * 1024) + " MB (" + maxImageBytes + " bytes).");
    }

    private static boolean error(Response response, Callback callback, int status, String code, String message) {
        StringBuilder json = new StringBuilder("{\"error\":");
        Json.quote(json, code).append(",\"message\":");
        Json.quote(json, message).append('}');
        return json(response, callback, status, json.toString());
    }

    private static boolean json(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
