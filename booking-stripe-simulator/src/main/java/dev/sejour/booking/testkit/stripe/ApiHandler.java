package dev.sejour.booking.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serves {@code /v1/…}: records the request, plays enqueued faults, authenticates, applies
 * idempotency, routes to {@link SimulatorState}, and hands the events the call produced to the
 * simulator only after the response is written, so code that creates a refund sees the API answer
 * before its own webhook hears about it, as with real Stripe.
 */
final class ApiHandler implements HttpHandler {

    private static final Pattern KEY = Pattern.compile("(sk|rk)_(test|live)_\\S+");
    private static final Pattern SESSION = Pattern.compile("/v1/checkout/sessions/([^/]+)");
    private static final Pattern SESSION_EXPIRE =
            Pattern.compile("/v1/checkout/sessions/([^/]+)/expire");
    private static final Pattern REFUND = Pattern.compile("/v1/refunds/([^/]+)");
    private static final Pattern PAYMENT_INTENT = Pattern.compile("/v1/payment_intents/([^/]+)");

    private final SimulatorState state;
    private final FaultQueue faults;
    private final @Nullable String requiredApiKey;
    private final Consumer<RecordedRequest> recorder;
    private final Consumer<List<SimulatedEvent>> afterResponse;
    private final CountDownLatch closing;

    ApiHandler(SimulatorState state, FaultQueue faults, @Nullable String requiredApiKey,
            Consumer<RecordedRequest> recorder, Consumer<List<SimulatedEvent>> afterResponse,
            CountDownLatch closing) {
        this.state = state;
        this.faults = faults;
        this.requiredApiKey = requiredApiKey;
        this.recorder = recorder;
        this.afterResponse = afterResponse;
        this.closing = closing;
    }

    /** An HTTP answer; {@code saved}: kept for the idempotency key (a success, or an error once executing). */
    private record Answer(int status, String body, String requestId, boolean replayed, boolean saved) {

        Answer(int status, String body, String requestId, boolean replayed) {
            this(status, body, requestId, replayed, status / 100 == 2);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<SimulatedEvent> events = new ArrayList<>();
        try {
            respond(exchange, events);
        } finally {
            // Also when the client already hung up (a delay fault outlived its read timeout): the
            // change happened, so Stripe would still announce it.
            if (!events.isEmpty()) {
                afterResponse.accept(events);
            }
        }
    }

    private void respond(HttpExchange exchange, List<SimulatedEvent> events) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = readBody(exchange.getRequestBody());
            FormParams params;
            @Nullable StripeApiError malformed = null;
            try {
                params = FormParams.parse("GET".equals(method) || "DELETE".equals(method) ? query : body);
            } catch (StripeApiError e) {
                params = FormParams.parse("");
                malformed = e;
            }
            Fault fault = faults.take(path);
            recorder.accept(new RecordedRequest(method, path, query, exchange.getRequestHeaders(), body,
                    params.flat(), params.nested(), fault != null, Instant.now()));

            if (fault != null) {
                switch (fault.kind()) {
                    case DISCONNECT:
                        // Closing the exchange before any response drops the TCP connection.
                        return;
                    case STATUS:
                        send(exchange, new Answer(fault.httpStatus(),
                                Json.write(fault.error().toJson()),
                                Ids.next("req_", 14), false));
                        return;
                    case DELAY:
                        if (awaitClosing(fault)) {
                            return;
                        }
                        break;
                    default:
                        throw new IllegalStateException(fault.toString());
                }
            }
            Answer answer = answer(exchange, method, path, params, malformed, events);
            send(exchange, answer);
        }
    }

    private boolean awaitClosing(Fault fault) {
        try {
            return closing.await(fault.delay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private Answer answer(HttpExchange exchange, String method, String path, FormParams params,
            @Nullable StripeApiError malformed, List<SimulatedEvent> events) {
        String requestId = Ids.next("req_", 14);
        String apiKey;
        try {
            apiKey = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            // Reported after the key check, as Stripe does.
            if (malformed != null) {
                throw malformed;
            }
        } catch (StripeApiError e) {
            return new Answer(e.status(), Json.write(e.toJson()), requestId, false);
        }
        String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (idempotencyKey != null && idempotencyKey.isEmpty()) {
            idempotencyKey = null;
        }
        SimulatorState.Caller caller = new SimulatorState.Caller(apiKey.contains("_live_"),
                requestId, "POST".equals(method) ? idempotencyKey : null);
        if (!"POST".equals(method) || idempotencyKey == null) {
            return execute(method, path, params, caller, events);
        }
        String route = method + " " + path;
        var fingerprint = new ArrayList<>(params.flat().entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue())).sorted(Map.Entry.comparingByKey())
                .toList());
        String scopedKey = apiKey + "\u0000" + idempotencyKey;
        // Held across check, execution and store so that two concurrent requests with one key
        // cannot both execute.
        synchronized (state) {
            SimulatorState.StoredResult stored = state.storedResult(scopedKey);
            if (stored != null) {
                if (!stored.route().equals(route) || !stored.fingerprint().equals(fingerprint)) {
                    StripeApiError e = new StripeApiError(400, "idempotency_error", null, null,
                            "Keys for idempotent requests can only be used with the same parameters they were"
                                    + " first used with. Try using a key other than '" + idempotencyKey
                                    + "' if you meant to execute a different request.");
                    return new Answer(400, Json.write(e.toJson()), requestId, false);
                }
                return new Answer(stored.status(), stored.body(), stored.requestId(), true);
            }
            Answer answer = execute(method, path, params, caller, events);
            // Stripe saves the answer once the endpoint began executing, errors included (docs.stripe.com/idempotency).
            if (answer.saved()) {
                state.storeResult(scopedKey, new SimulatorState.StoredResult(route,
                        List.copyOf(fingerprint), answer.status(), answer.body(), requestId));
            }
            return answer;
        }
    }

    private Answer execute(String method, String path, FormParams params,
            SimulatorState.Caller caller, List<SimulatedEvent> events) {
        try {
            Object json = route(method, path, params.nested(), caller, events);
            if (json instanceof Map<?, ?> object) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) object;
                json = state.expand(map, expandPaths(params.nested().get("expand")));
            }
            return new Answer(200, Json.write(json), caller.requestId(), false);
        } catch (StripeApiError e) {
            return new Answer(e.status(), Json.write(e.toJson()), caller.requestId(), false, e.savedForIdempotency());
        }
    }

    private Object route(String method, String path, Map<String, Object> params,
            SimulatorState.Caller caller, List<SimulatedEvent> events) {
        Matcher m;
        if ("POST".equals(method)) {
            if ("/v1/checkout/sessions".equals(path)) {
                return state.createSession(params, caller);
            }
            if ((m = SESSION_EXPIRE.matcher(path)).matches()) {
                return state.expireSession(m.group(1), caller, events::add);
            }
            if ("/v1/refunds".equals(path)) {
                return state.createRefund(params, caller, events::add);
            }
        } else if ("GET".equals(method)) {
            if ("/v1/checkout/sessions".equals(path)) {
                return state.listSessions(params, caller);
            }
            if ((m = SESSION.matcher(path)).matches()) {
                return state.retrieveSession(m.group(1), caller);
            }
            if ((m = REFUND.matcher(path)).matches()) {
                return state.retrieveRefund(m.group(1), caller);
            }
            if ((m = PAYMENT_INTENT.matcher(path)).matches()) {
                Object expand = params.get("expand");
                boolean expandCharge = expand instanceof List<?> list ? list.contains("latest_charge")
                        : expand instanceof Map<?, ?> map ? map.containsValue("latest_charge")
                        : "latest_charge".equals(expand);
                return state.retrievePaymentIntent(m.group(1), expandCharge, caller);
            }
        }
        throw StripeApiError.notFound("Unrecognized request URL (" + method + ": " + path
                + "). The Stripe simulator supports: POST /v1/checkout/sessions, GET"
                + " /v1/checkout/sessions[?payment_intent=], GET /v1/checkout/sessions/{id},"
                + " POST /v1/checkout/sessions/{id}/expire, POST /v1/refunds,"
                + " GET /v1/refunds/{id}, GET /v1/payment_intents/{id}.", null);
    }

    /** {@code expand[]=a&expand[]=b} or {@code expand[0]=a&expand[1]=b}, as a list of paths. */
    private static List<String> expandPaths(@Nullable Object raw) {
        List<String> paths = new ArrayList<>();
        if (raw instanceof String one) {
            paths.add(one);
        } else if (raw instanceof List<?> list) {
            list.forEach(v -> paths.add(String.valueOf(v)));
        } else if (raw instanceof Map<?, ?> indexed) {
            indexed.values().forEach(v -> paths.add(String.valueOf(v)));
        }
        return paths;
    }

    private String authenticate(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new StripeApiError(401, "invalid_request_error", null, null,
                    "You did not provide an API key. You need to provide your API key in the Authorization"
                            + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }
        @Nullable String key = null;
        if (authorization.startsWith("Bearer ")) {
            key = authorization.substring(7).trim();
        } else if (authorization.startsWith("Basic ")) {
            // curl -u sk_test_…: sends the key as the user name.
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                key = decoded.endsWith(":") ? decoded.substring(0, decoded.length() - 1) : decoded;
            } catch (IllegalArgumentException e) {
                key = null;
            }
        }
        if (key == null
                || !(requiredApiKey != null ? requiredApiKey.equals(key) : KEY.matcher(key).matches())) {
            // Stripe sends no code with this one (api_key_expired is for expired keys only).
            throw new StripeApiError(401, "invalid_request_error", null, null,
                    "Invalid API Key provided: " + redact(key));
        }
        return key;
    }

    private static String redact(@Nullable String key) {
        if (key == null || key.length() < 12) {
            return "****";
        }
        int prefix = key.indexOf('_', key.indexOf('_') + 1) + 1;
        return key.substring(0, prefix) + "*".repeat(Math.max(4, key.length() - prefix - 4))
                + key.substring(key.length() - 4);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Request-Id", answer.requestId());
        headers.set("Stripe-Version", orDefault(
                exchange.getRequestHeaders().getFirst("Stripe-Version"), EventFactory.API_VERSION));
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null && "POST".equals(exchange.getRequestMethod())) {
            headers.set("Idempotency-Key", key);
        }
        if (answer.replayed()) {
            headers.set("Idempotent-Replayed", "true");
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String orDefault(@Nullable String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    static String readBody(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
