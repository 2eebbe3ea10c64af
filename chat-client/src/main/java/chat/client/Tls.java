package chat.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the client: the system's trusted certificates, or the ones in a PEM file (for a self-signed
 * server, e.g. made by scripts/make-tls-keystore). The server's host name is checked against its
 * certificate, as a browser does.
 *
 * <p>Thread-safe: immutable once built.
 */
final class Tls {
    private final SSLSocketFactory factory;

    private Tls(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /** Trusts the certificates in {@code pem}, or the system's when it is null. */
    static Tls trusting(Path pem) throws IOException {
        if (pem == null) {
            return new Tls((SSLSocketFactory) SSLSocketFactory.getDefault());
        }
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("trusted-" + i++, certificate);
            }
            TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            managers.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, managers.getTrustManagers(), null);
            return new Tls(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use trust store " + pem + ": " + e.getMessage(), e);
        }
    }

    /** Runs the TLS handshake over a connected socket, checking the certificate against {@code host}. */
    Socket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }
}
