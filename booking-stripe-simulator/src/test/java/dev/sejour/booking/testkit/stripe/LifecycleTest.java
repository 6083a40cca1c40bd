package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void listensOnLoopbackWithAFreePort() {
        try (StripeSimulator stripe = StripeSimulator.start()) {
            assertThat(stripe.apiBase()).isEqualTo("http://127.0.0.1:" + stripe.port());
            assertThat(stripe.port()).isPositive();
        }
    }

    @Test
    void closeCutsADelayedRequestShort() throws Exception {
        StripeSimulator stripe = StripeSimulator.start();
        stripe.enqueueFault(Fault.delay(Duration.ofSeconds(30)));
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            try {
                return client(stripe, 0, 60_000).v1().checkout().sessions().retrieve("cs_test_x");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (stripe.requestCount("/v1/") == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        long start = System.nanoTime();
        stripe.close();
        stripe.close();

        // Far below the 30 s the request was delayed by: close() did not wait for it (generous for a busy CI).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // The cut connection surfaces as an ApiConnectionException, or, when the server's stop wins the race
        // and answers an empty response, as stripe-java failing to read it: either way the call fails.
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }

    @Test
    void faultsAreValidated() {
        assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fault.status(500).times(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Fault.status(503).forPath("/v1/refunds").times(3))
                .hasToString("Fault.status(503).forPath(/v1/refunds).times(3)");
    }

    @Test
    void deliverWithoutAnEndpointIsAnError() throws Exception {
        try (StripeSimulator stripe = StripeSimulator.start()) {
            String id = client(stripe).v1().checkout().sessions()
                    .create(Fixtures.yogaSession("r", java.time.Instant.now())).getId();
            SimulatedEvent event = stripe.pay(id);

            assertThat(stripe.deliveries()).isEmpty();
            assertThatThrownBy(() -> stripe.deliver(event)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("webhookEndpoint");
        }
    }
}
