package chat.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Why a connection could not be made, in words a person can act on: which host or port is wrong, or which
 * option to add or drop. The JDK's messages ("PKIX path building failed", "Unsupported or unrecognized SSL
 * message", the bare host name of an {@link UnknownHostException}) say neither.
 *
 * <p>Thread-safe: stateless.
 */
final class ConnectFailure extends IOException {
    private ConnectFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** A plain connection to a port that answered a TLS handshake. */
    static ConnectFailure speaksTls() {
        return new ConnectFailure("that port speaks TLS: add --tls (or --tls-truststore FILE for a self-signed server)",
                null);
    }

    /** A plain connection to a port that accepted it but sent nothing: with failover, the next server is tried. */
    static ConnectFailure silent() {
        return new ConnectFailure("no greeting from the server", null);
    }

    /** The line to show for a failed connection attempt to {@code server}. */
    static String describe(IOException e, ServerAddress server, ClientConfig config) {
        String where = "Cannot connect to " + server + ": ";
        return switch (e) {
            case UnknownHostException unknown -> "Cannot connect: no such host: " + server.host();
            case ConnectFailure known -> where + known.getMessage();
            case ConnectException refused -> where + "connection refused (is the server running, on that port?)";
            case SocketTimeoutException slow -> where + "no answer (a firewall, or the wrong host?)";
            case SSLException tls -> where + describeTls(tls, server, config);
            default -> where + e.getMessage();
        };
    }

    private static String describeTls(SSLException e, ServerAddress server, ClientConfig config) {
        if (causedBy(e, CertPathBuilderException.class) || causedBy(e, CertPathValidatorException.class)) {
            return config.truststore() == null
                    ? "the server's certificate is not trusted: pass --tls-truststore FILE (its certificate, PEM)"
                    : "the server's certificate is not trusted by " + config.truststore()
                            + ": pass the server's own certificate (PEM) with --tls-truststore";
        }
        if (causedBy(e, CertificateException.class)) {
            return "the server's certificate is not for " + server.host()
                    + ": connect with a name it was issued for (" + e.getMessage() + ")";
        }
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("unrecognized ssl message") || message.contains("plaintext")) {
            return "that port does not speak TLS: drop --tls / --tls-truststore";
        }
        return "TLS failed: " + e.getMessage();
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
