package chat.client;

import chat.common.PemTrust;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

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
        return new Tls(PemTrust.context(pem).getSocketFactory());
    }

    /**
     * Whether {@code host:port} answers a TLS handshake, on a connection of its own that is closed at once.
     * A certificate we would not trust still counts: the question is only which protocol the port speaks.
     */
    static boolean speaksTls(String host, int port, int timeoutMillis) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            try (SSLSocket probe = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(plain, host, port, false)) {
                probe.startHandshake();
                return true;
            }
        } catch (SSLHandshakeException e) {
            return ConnectFailure.causedBy(e, CertificateException.class); // it sent a certificate: TLS
        } catch (IOException e) {
            return false;
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
