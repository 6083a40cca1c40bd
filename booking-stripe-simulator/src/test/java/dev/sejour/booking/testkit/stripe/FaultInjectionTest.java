package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.idempotent;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.model.checkout.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    private final StripeSimulator stripe = StripeSimulator.start();

    @AfterEach
    void close() {
        stripe.close();
    }

    @Test
    void a500WithoutRetriesIsAnApiExceptionAndCreatesNothing() {
        stripe.enqueueFault(Fault.status(500));

        assertThatThrownBy(() -> client(stripe, 0, 5_000).v1().checkout().sessions()
                .create(yogaSession("r1", Instant.now()), idempotent("k1")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(500));
        assertThat(stripe.sessions()).isEmpty();
        assertThat(stripe.requests()).singleElement().matches(RecordedRequest::faulted);
    }

    @Test
    void stripeJavaRetriesA500WithTheSameIdempotencyKey() throws Exception {
        stripe.enqueueFault(Fault.status(500).forPath("/v1/checkout/sessions"));

        Session s = client(stripe, 2, 5_000).v1().checkout().sessions()
                .create(yogaSession("r2", Instant.now()), idempotent("k2"));

        assertThat(stripe.sessions()).extracting(SimulatedSession::id).containsExactly(s.getId());
        assertThat(stripe.requests()).extracting(RecordedRequest::idempotencyKey)
                .containsExactly("k2", "k2");
    }

    @Test
    void a429IsARateLimitException() {
        stripe.enqueueFault(Fault.status(429));

        assertThatThrownBy(() -> client(stripe).v1().checkout().sessions().retrieve("cs_test_x"))
                .isInstanceOf(RateLimitException.class);
    }

    @Test
    void aDelayProvokesAReadTimeout() {
        stripe.enqueueFault(Fault.delay(Duration.ofSeconds(2)));

        assertThatThrownBy(() -> client(stripe, 0, 300).v1().checkout().sessions()
                .create(yogaSession("r3", Instant.now()), idempotent("k3")))
                .isInstanceOf(ApiConnectionException.class);
    }

    @Test
    void aDisconnectIsAnApiConnectionExceptionOnceHttpUrlConnectionsOwnRetryIsSpent() {
        stripe.enqueueFault(Fault.disconnect().times(2));

        assertThatThrownBy(() -> client(stripe).v1().checkout().sessions()
                .create(yogaSession("r4", Instant.now()), idempotent("k4")))
                .isInstanceOf(ApiConnectionException.class);
        assertThat(stripe.requestCount("/v1/")).isEqualTo(2);
        assertThat(stripe.sessions()).isEmpty();
    }

    @Test
    void faultsAreScopedByPathAndConsumedInOrder() throws Exception {
        stripe.enqueueFault(Fault.status(500).forPath("/v1/refunds"));
        stripe.enqueueFault(Fault.status(503).times(2));
        StripeClient client = client(stripe);

        assertThatThrownBy(() -> client.v1().checkout().sessions().retrieve("cs_test_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        assertThatThrownBy(() -> client.v1().checkout().sessions().retrieve("cs_test_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(503));
        Session created = client.v1().checkout().sessions().create(yogaSession("r5", Instant.now()));
        assertThat(created.getId()).isNotNull();

        stripe.clearFaults();
        assertThat(client.v1().checkout().sessions().retrieve(created.getId()).getId())
                .isEqualTo(created.getId());
    }

    @Test
    void fiftyConcurrentCreationsMakeFiftyDistinctSessions() throws Exception {
        StripeClient client = client(stripe);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String reservation = "res-" + i;
                calls.add(() -> client.v1().checkout().sessions()
                        .create(yogaSession(reservation, Instant.now()), idempotent("checkout-" + reservation))
                        .getId());
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                ids.add(f.get());
            }

            assertThat(ids).doesNotHaveDuplicates().hasSize(50);
            assertThat(stripe.sessions()).hasSize(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneSession() throws Exception {
        StripeClient client = client(stripe);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> client.v1().checkout().sessions()
                        .create(yogaSession("same", Instant.now().getEpochSecond() / 60 * 60 + 3600),
                                idempotent("checkout-same")).getId());
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                ids.add(f.get());
            }

            assertThat(ids).containsOnly(ids.get(0));
            assertThat(stripe.sessions()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
