package dev.feedloop.generation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which addresses an endpoint may reach (server-side request forgery). Refused, unless {@code
 * feedloop.generation.allow-link-local} is on: link-local addresses (169.254.0.0/16, fe80::/10),
 * where cloud servers answer their instance metadata with credentials, and the metadata services'
 * own addresses and names (169.254.169.254, fd00:ec2::254, metadata.google.internal). Loopback and
 * private ranges are allowed: a vLLM or Ollama server on the same machine or network is the usual
 * endpoint, and an admin who registers endpoints can reach those anyway.
 *
 * <p>The base URL is checked when it is saved, and the host's addresses again on every call, as
 * the client's name resolver ({@link #dns()}): a name that resolved to a public address when it was
 * saved and to a metadata address later (DNS rebinding) is refused when it is called.
 *
 * <p>Other modules that call addresses people type (webhooks) use {@link #strict(boolean)}: it
 * refuses loopback, private, unique-local, carrier-grade NAT, unspecified and multicast addresses
 * as well, since whoever types them need not be able to reach those, and {@link
 * #httpClient(Duration)} for the calls.
 */
@Component
public class EndpointAddresses {

    private static final Set<String> METADATA_NAMES =
            Set.of("metadata.google.internal", "metadata.goog", "metadata.azure.internal");
    private static final byte[] AWS_IPV6_METADATA = address("fd00:ec2::254");

    private final boolean allowLinkLocal;
    private final boolean refusePrivate;

    @Autowired
    EndpointAddresses(GenerationProperties properties) {
        this(properties.allowLinkLocal(), false);
    }

    private EndpointAddresses(boolean allowLinkLocal, boolean refusePrivate) {
        this.allowLinkLocal = allowLinkLocal;
        this.refusePrivate = refusePrivate;
    }

    /**
     * The stricter rules for addresses that project administrators type: everything this class
     * refuses, and loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16, fc00::/7),
     * carrier-grade NAT (100.64/10), unspecified and multicast addresses; all allowed when {@code
     * allowPrivate} (a test's receiver on this machine, a private network one trusts).
     */
    public static EndpointAddresses strict(boolean allowPrivate) {
        return new EndpointAddresses(allowPrivate, !allowPrivate);
    }

    /**
     * The address {@code host} is refused for, now: the host itself when it is refused by name, or
     * the first refused address it resolves to. Empty when it is allowed or does not resolve now
     * (every call checks again).
     */
    public Optional<String> refusedAddress(String host) {
        try {
            checkLiteral(host);
            lookup(host);
            return Optional.empty();
        } catch (RefusedAddressException e) {
            return Optional.of(e.address());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * A plain HTTP client under these rules: every connection's addresses are checked where it is
     * made (name resolver and address literals), it follows no redirects and uses no proxy, and
     * {@code timeout} bounds the whole call. The clients of model endpoints are made the same way.
     */
    public OkHttpClient httpClient(Duration timeout) {
        return new OkHttpClient.Builder()
                .dns(dns())
                .addInterceptor(chain -> {
                    checkLiteral(chain.request().url().host());
                    return chain.proceed(chain.request());
                })
                // straight to the host: through a proxy, the proxy would resolve the name unchecked
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout)
                .callTimeout(timeout)
                .build();
    }

    /**
     * The base URL as stored: http or https, with a host, without user info, query or fragment,
     * without a trailing slash; refused when its host is refused by name or resolves to a refused
     * address now. A name that does not resolve now is kept (it may resolve where the server runs);
     * the call checks it.
     */
    String checkBaseUrl(String typed) {
        URI uri;
        try {
            uri = new URI(typed.strip());
        } catch (URISyntaxException e) {
            throw GenerationRefusals.badBaseUrl();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw GenerationRefusals.badBaseUrlScheme();
        }
        if (uri.getHost() == null || uri.getHost().isBlank() || uri.getRawUserInfo() != null) {
            throw GenerationRefusals.badBaseUrl();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw GenerationRefusals.badBaseUrlQuery();
        }
        String host = host(uri);
        try {
            lookup(host);
        } catch (RefusedAddressException e) {
            throw GenerationRefusals.refusedAddress(host, e.address());
        } catch (UnknownHostException e) {
            // checked again on every call
        }
        String url = scheme + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** The host of a URI without the brackets of an IPv6 literal. */
    static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The name resolver of every endpoint client: the system's, refusing the addresses above. */
    Dns dns() {
        return this::lookup;
    }

    List<InetAddress> lookup(String host) throws UnknownHostException {
        String name = host.toLowerCase(Locale.ROOT);
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!allowLinkLocal && METADATA_NAMES.contains(name)) {
            throw new RefusedAddressException(host, host);
        }
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
        if (!allowLinkLocal) {
            for (InetAddress address : addresses) {
                if (refusedHere(address)) {
                    throw new RefusedAddressException(host, address.getHostAddress());
                }
            }
        }
        return addresses;
    }

    /**
     * Refuses a host that is an address literal itself: OkHttp connects to those without asking the
     * name resolver.
     */
    void checkLiteral(String host) throws UnknownHostException {
        if (allowLinkLocal) {
            return;
        }
        InetAddress literal;
        try {
            literal = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return; // a name: the resolver checks it
        }
        if (refusedHere(literal)) {
            throw new RefusedAddressException(host, literal.getHostAddress());
        }
    }

    private boolean refusedHere(InetAddress address) {
        return refused(address) || (refusePrivate && privateOrLocal(address));
    }

    private static boolean privateOrLocal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // fc00::/7, unique local
        }
        return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
    }

    static boolean refused(InetAddress address) {
        if (address.isLinkLocalAddress()) {
            return true; // 169.254.0.0/16 (169.254.169.254 among them) and fe80::/10
        }
        return address instanceof Inet6Address && Arrays.equals(address.getAddress(), AWS_IPV6_METADATA);
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A host that resolves to a refused address; the call fails like an unknown host. */
    static final class RefusedAddressException extends UnknownHostException {

        private static final long serialVersionUID = 1L;

        private final String address;

        RefusedAddressException(String host, String address) {
            super(host + " resolves to " + address + ", a link-local or cloud metadata address");
            this.address = address;
        }

        String address() {
            return address;
        }
    }
}
