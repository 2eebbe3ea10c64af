package chat.client;

import chat.common.PemTrust;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
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
