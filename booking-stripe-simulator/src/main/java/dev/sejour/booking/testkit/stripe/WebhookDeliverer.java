package dev.sejour.booking.testkit.stripe;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** POSTs event payloads the way Stripe does: exact bytes, signed, bounded in time. */
final class WebhookDeliverer implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";

    private final ExecutorService executor;
    private final HttpClient client;

    WebhookDeliverer() {
        this.executor = Executors.newCachedThreadPool(StripeSimulator.daemonThreads("stripe-sim-webhook"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    Delivery deliver(SimulatedEvent event, URI endpoint, String secret, Instant signedAt) {
        byte[] payload = event.payloadBytes();
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", WebhookSigner.signatureHeader(payload, secret, signedAt))
                .header("User-Agent", USER_AGENT)
                .header("Cache-Control", "no-cache")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        try {
            HttpResponse<String> response =
                    client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Delivery(event.id(), event.type(), endpoint, response.statusCode(),
                    response.body(), null);
        } catch (IOException e) {
            return new Delivery(event.id(), event.type(), endpoint, 0, "",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(event.id(), event.type(), endpoint, 0, "", "interrupted");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
