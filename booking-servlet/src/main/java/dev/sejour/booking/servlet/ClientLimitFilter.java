package dev.sejour.booking.servlet;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link ClientLimit}: answers {@code 429 too_many_requests} (with {@code Retry-After}, in
 * seconds) to a client that used up its bucket, and lets everything else through. Register it with
 * {@link BookingEndpoints#limitClients}, which maps it to the buyer-facing endpoints only.
 */
public final class ClientLimitFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientLimitFilter.class);

    private final ClientLimit limit;
    private final Cache<String, Bucket> buckets;
    private final Clock clock;

    public ClientLimitFilter(ClientLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.clock = limit.clock();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(limit.maxClients())
                .expireAfterAccess(limit.refillTime())
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .build();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String client = clientOf(http.getRemoteAddr(), http.getHeader("Forwarded"), http.getHeader("X-Forwarded-For"));
        long waitMillis = buckets.get(client, key -> new Bucket(limit.burst(), clock.millis()))
                .take(clock.millis(), limit.burst(), limit.requestsPerMinute());
        if (waitMillis == 0) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        LOG.info("{} {} refused 429 too_many_requests for client {}", http.getMethod(),
                BookingServlet.printable(http.getRequestURI()), client);
        out.setHeader("Retry-After", Long.toString((waitMillis + 999) / 1000));
        JsonResponses.error(out, HttpErrors.TOO_MANY_REQUESTS, "too_many_requests",
                "too many requests from this client; try again in a moment");
    }

    /**
     * The client a request is counted for: the remote address, or, when that is a trusted proxy, the
     * rightmost forwarded address that is not a trusted proxy. IPv6 addresses count per /64.
     */
    String clientOf(String remote, String forwarded, String xForwardedFor) {
        String client = remote == null ? "" : remote;
        if (limit.trustedProxies().contains(client)) {
            List<String> chainOfAddresses = forwarded != null ? forwardedFor(forwarded) : xForwardedFor != null
                    ? split(xForwardedFor) : List.of();
            for (int i = chainOfAddresses.size() - 1; i >= 0; i--) {
                String hop = chainOfAddresses.get(i);
                if (!hop.isEmpty()) {
                    client = hop;
                    if (!limit.trustedProxies().contains(hop)) {
                        break;
                    }
                }
            }
        }
        return network(client);
    }

    /** The {@code for=} values of a {@code Forwarded} header (RFC 7239), left to right, without quotes or ports. */
    static List<String> forwardedFor(String header) {
        List<String> addresses = new ArrayList<>();
        for (String element : header.split(",")) {
            for (String pair : element.split(";")) {
                String[] kv = pair.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("for")) {
                    addresses.add(hostOf(kv[1].strip().replace("\"", "")));
                }
            }
        }
        return addresses;
    }

    private static List<String> split(String header) {
        List<String> addresses = new ArrayList<>();
        for (String hop : header.split(",")) {
            addresses.add(hostOf(hop.strip()));
        }
        return addresses;
    }

    /** {@code [2001:db8::1]:4711} → {@code 2001:db8::1}; {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
    private static String hostOf(String value) {
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.indexOf(':');
        return colon > 0 && colon == value.lastIndexOf(':') ? value.substring(0, colon) : value;
    }

    /** IPv6 addresses are grouped by their first four groups (/64); anything else is its own key. */
    static String network(String address) {
        if (!address.contains(":")) {
            return address;
        }
        String full = address.toLowerCase(Locale.ROOT);
        int zone = full.indexOf('%');
        if (zone >= 0) {
            full = full.substring(0, zone);
        }
        String[] halves = full.split("::", -1);
        List<String> groups = new ArrayList<>(List.of(halves[0].isEmpty() ? new String[0] : halves[0].split(":")));
        if (halves.length == 2) {
            int right = halves[1].isEmpty() ? 0 : halves[1].split(":").length;
            while (groups.size() < 8 - right) {
                groups.add("0");
            }
            if (!halves[1].isEmpty()) {
                groups.addAll(List.of(halves[1].split(":")));
            }
        }
        if (groups.size() < 4) {
            return full;
        }
        return String.join(":", groups.subList(0, 4)) + "::/64";
    }

    /** A token bucket: {@code tokens} left at {@code at}; refills continuously. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int burst, long now) {
            this.tokens = burst;
            this.at = now;
        }

        /** Takes a token and answers 0, or answers how many milliseconds until one is there. */
        synchronized long take(long now, int burst, int perMinute) {
            double perMilli = perMinute / 60_000.0;
            tokens = Math.min(burst, tokens + Math.max(0, now - at) * perMilli);
            at = Math.max(at, now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli));
        }
    }
}
