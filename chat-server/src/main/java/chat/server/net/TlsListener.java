package chat.server.net;

import chat.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * Opens the TLS listener from a PKCS12 keystore (README, "TLS"). Accepting does no handshake: each
 * connection's TLS handshake runs on its own reader thread (the session), bounded by the
 * handshake timeout, so a slow or hostile TLS client never holds up the accept loop.
 *
 * <p>Thread-safe: stateless.
 */
public final class TlsListener {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsListener() {
    }

    public static ServerSocket open(ServerConfig.Tls tls, String host, int backlog) throws IOException {
        List<String> lines = Files.readAllLines(tls.passwordFile());
        char[] password = lines.isEmpty() ? new char[0] : lines.get(0).strip().toCharArray();
        SSLContext context;
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, password);
            context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use TLS keystore " + tls.keystore() + ": " + e.getMessage(), e);
        }
        SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        try {
            listener.setEnabledProtocols(PROTOCOLS);
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(host, tls.port()), backlog);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }
}
