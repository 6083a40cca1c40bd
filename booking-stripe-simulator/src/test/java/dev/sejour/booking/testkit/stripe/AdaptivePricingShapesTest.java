package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two shapes of a session paid in the buyer's currency, as stripe-java's typed model reads them. */
class AdaptivePricingShapesTest {

    private final StripeSimulator stripe = StripeSimulator.start();
    private final StripeClient client = client(stripe);

    @AfterEach
    void close() {
        stripe.close();
    }

    @Test
    void theCurrentShapeKeepsTheMerchantsCurrencyAndDescribesTheBuyers() throws Exception {
        Session created = client.v1().checkout().sessions().create(yogaSession("res-ap1", Instant.now()));
        stripe.payInBuyerCurrency(created.getId(), "usd", 194_850);

        Session s = client.v1().checkout().sessions().retrieve(created.getId());

        assertThat(s.getCurrency()).isEqualTo("eur");
        assertThat(s.getAmountTotal()).isEqualTo(180_000L);
        assertThat(s.getPresentmentDetails().getPresentmentCurrency()).isEqualTo("usd");
        assertThat(s.getPresentmentDetails().getPresentmentAmount()).isEqualTo(194_850L);
        assertThat(s.getCurrencyConversion()).isNull();
        assertThat(s.getPaymentStatus()).isEqualTo("paid");
    }

    @Test
    void theLegacyShapeShowsTheBuyersCurrencyAndConvertsFromTheMerchants() throws Exception {
        stripe.shapes(SessionShape.CURRENCY_CONVERSION, SessionShape.PRESENTMENT_DETAILS);
        Session created = client.v1().checkout().sessions().create(yogaSession("res-ap2", Instant.now()));
        SimulatedEvent completed = stripe.payInBuyerCurrency(created.getId(), "usd", 194_850);

        Session s = client.v1().checkout().sessions().retrieve(created.getId());

        assertThat(s.getCurrency()).isEqualTo("usd");
        assertThat(s.getAmountTotal()).isEqualTo(194_850L);
        assertThat(s.getCurrencyConversion().getSourceCurrency()).isEqualTo("eur");
        assertThat(s.getCurrencyConversion().getAmountTotal()).isEqualTo(180_000L);
        assertThat(s.getCurrencyConversion().getFxRate()).isEqualByComparingTo(new BigDecimal("1.0825"));
        assertThat(s.getPresentmentDetails()).isNull();
        // The event went out at the other shape, and says which version it is.
        assertThat(completed.payload()).contains("presentment_details").doesNotContain("currency_conversion")
                .contains("2026-07-29.dahlia");
        assertThat(stripe.session(created.getId()).presentmentAmount()).isEqualTo(194_850L);
    }

    @Test
    void aSessionCreatedWithAdaptivePricingOffCannotBePaidInAnotherCurrency() throws Exception {
        Session created = client.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(yogaSession("res-ap3", Instant.now()).getLineItems().get(0))
                .setSuccessUrl("https://sejour.example/merci")
                .setAdaptivePricing(SessionCreateParams.AdaptivePricing.builder().setEnabled(false).build())
                .build());

        assertThat(stripe.session(created.getId()).adaptivePricing()).isFalse();
        assertThatThrownBy(() -> stripe.payInBuyerCurrency(created.getId(), "usd", 194_850))
                .isInstanceOf(IllegalStateException.class);
        assertThat(stripe.pay(created.getId()).payload()).doesNotContain("presentment_details");
    }

    @ParameterizedTest
    @ValueSource(strings = {"camille@.example.org", "camille@example..org", "camille@example.org."})
    void anEmailWithAnEmptyDomainLabelIsRefusedAsStripeDoes(String email) {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .addLineItem(yogaSession("res-ap4", Instant.now()).getLineItems().get(0))
                .setSuccessUrl("https://sejour.example/merci")
                .setCustomerEmail(email)
                .build();

        assertThatThrownBy(() -> client.v1().checkout().sessions().create(params))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("customer_email");
                    assertThat(e.getCode()).isEqualTo("email_invalid");
                });
    }

    @Test
    void theInvalidEmailFaultAnswersLikeStripe() {
        stripe.enqueueFault(Fault.invalidEmail());

        assertThatThrownBy(() -> client.v1().checkout().sessions().create(yogaSession("res-ap5", Instant.now())))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("customer_email");
                    assertThat(e.getCode()).isEqualTo("email_invalid");
                    assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                });
        assertThat(stripe.sessions()).isEmpty();
    }
}
