package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.idempotent;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.StripeCollection;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionListParams;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/checkout/sessions}, read by stripe-java's own list call. */
class SessionListApiTest {

    private final StripeSimulator stripe = StripeSimulator.start();
    private final StripeClient client = client(stripe);

    @AfterEach
    void close() {
        stripe.close();
    }

    private Session created(String reservationId) throws Exception {
        long expiresAt = Instant.now().plus(Duration.ofMinutes(31)).getEpochSecond();
        return client.v1().checkout().sessions().create(yogaSession(reservationId, expiresAt),
                idempotent("checkout-" + reservationId));
    }

    @Test
    void findsTheSessionOfAPaymentIntentAsStripesListObject() throws Exception {
        Session paid = created("res-list-1");
        created("res-list-2");
        stripe.pay(paid.getId());
        String paymentIntent = stripe.session(paid.getId()).paymentIntentId();

        StripeCollection<Session> found = client.v1().checkout().sessions().list(
                SessionListParams.builder().setPaymentIntent(paymentIntent).setLimit(1L).build());

        assertThat(found.getObject()).isEqualTo("list");
        assertThat(found.getUrl()).isEqualTo("/v1/checkout/sessions");
        assertThat(found.getHasMore()).isFalse();
        assertThat(found.getData()).extracting(Session::getId).containsExactly(paid.getId());
        assertThat(found.getData().get(0).getPaymentIntent()).isEqualTo(paymentIntent);
        assertThat(found.getData().get(0).getPaymentStatus()).isEqualTo("paid");
        assertThat(found.getData().get(0).getMetadata()).containsEntry("reservation_id", "res-list-1");
        RecordedRequest request = stripe.requests().get(stripe.requests().size() - 1);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/v1/checkout/sessions");
    }

    @Test
    void anUnknownPaymentIntentListsNothing() throws Exception {
        created("res-list-3");

        StripeCollection<Session> found = client.v1().checkout().sessions().list(
                SessionListParams.builder().setPaymentIntent("pi_unknown").build());

        assertThat(found.getData()).isEmpty();
        assertThat(found.getHasMore()).isFalse();
    }

    @Test
    void withoutAFilterListsNewestFirstUpToTheLimit() throws Exception {
        Session first = created("res-list-4");
        Session second = created("res-list-5");

        StripeCollection<Session> page = client.v1().checkout().sessions().list(
                SessionListParams.builder().setLimit(1L).build());

        assertThat(page.getData()).extracting(Session::getId).containsExactly(second.getId());
        assertThat(page.getHasMore()).isTrue();
        assertThat(client.v1().checkout().sessions().list(SessionListParams.builder().build()).getData())
                .extracting(Session::getId).containsExactly(second.getId(), first.getId());
    }

    @Test
    void aLimitOutsideOneToAHundredIsRefusedAsStripeRefusesIt() {
        assertThatThrownBy(() -> client.v1().checkout().sessions().list(
                SessionListParams.builder().setLimit(101L).build()))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((InvalidRequestException) e).getParam()).isEqualTo("limit"));
    }
}
