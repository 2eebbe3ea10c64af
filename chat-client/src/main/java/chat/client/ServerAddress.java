package chat.client;

/**
 * One server the client may connect to: a host name or address and a port, as written in {@code --servers}
 * ({@code host:port}, an IPv6 address in brackets: {@code [::1]:55555}).
 *
 * <p>Thread-safe: immutable.
 *
 * @param host host name or address (IPv6 without brackets)
 * @param port TCP port, 1-65535
 */
record ServerAddress(String host, int port) {
    private static final int MAX_PORT = 65_535;

    ServerAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("no host");
        }
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("port " + port + " is not in 1-" + MAX_PORT);
        }
    }

    /**
     * Parses {@code host:port} or {@code [v6-address]:port}.
     *
     * @throws IllegalArgumentException with a message for a person if it is neither
     */
    static ServerAddress parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [::1]:55555");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port is not a number");
        }
        return new ServerAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
