package dev.sejour.booking.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The buyers' browsers and Stripe's webhook sender: the JDK's HttpClient, HTTP/1.1, real sockets. */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** An answer: its status and its body, parsed when it is JSON. */
    record Answer(int status, String body, JsonNode json) {

        String error() {
            return json == null ? null : json.path("error").asText(null);
        }

        boolean isJsonError() {
            return json != null && json.isObject() && json.path("error").isTextual() && json.path("message").isTextual();
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "http-client");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();

    static ObjectNode buyer(String slug, int places, int n) {
        return JSON.createObjectNode()
                .put("slug", slug)
                .put("nbPlaces", places)
                .put("email", "buyer" + n + "@example.org")
                .put("nom", "Martin-" + n)
                .put("prenom", "Léa");
    }

    Answer checkout(BookingNode node, JsonNode body) {
        try {
            return post(node.checkoutUri(), "application/json", JSON.writeValueAsBytes(body), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Delivers an event as Stripe would, signed now by {@code signedAt} with the instances' secret. */
    Answer deliver(BookingNode node, SimulatedEvent event, Instant signedAt) {
        byte[] payload = event.payloadBytes();
        return post(node.webhookUri(), "application/json; charset=utf-8", payload,
                WebhookSigner.signatureHeader(payload, BookingNode.WEBHOOK_SECRET, signedAt));
    }

    Answer post(URI uri, String contentType, byte[] body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return send(request.build());
    }

    Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build());
    }

    Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), parse(response));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            return null;
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
