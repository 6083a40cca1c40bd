package dev.sejour.booking.flow;

import static dev.sejour.booking.ReservationStatus.PAID;
import static dev.sejour.booking.ReservationStatus.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sejour.booking.CheckoutSession;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.WebhookResult.Disposition;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.stripe.RecordedRequest;
import dev.sejour.booking.testkit.stripe.SessionShape;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stripe's Adaptive Pricing lets the buyer pay in their own currency, and one session then looks different
 * at different API versions (see {@link SessionShape}). The webhook (the event's payload, at the endpoint's
 * version) and the success page (the session retrieved at stripe-java's pinned version) must reach the same
 * decision whatever the shapes and the order: paid in full, one confirmation, no refund.
 */
class AdaptivePricingFlowTest extends FlowFixture {

    /** 900.00 EUR, as the buyer saw it: 974.25 USD. */
    private static final long USD_AMOUNT = 97_425;

    @ParameterizedTest(name = "event {0}, retrieved {1}, {2} first")
    @CsvSource({
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, webhook",
        "CURRENCY_CONVERSION, PRESENTMENT_DETAILS, successPage",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, webhook",
        "PRESENTMENT_DETAILS, CURRENCY_CONVERSION, successPage",
        "CURRENCY_CONVERSION, CURRENCY_CONVERSION, webhook",
        "CURRENCY_CONVERSION, CURRENCY_CONVERSION, successPage",
        "PRESENTMENT_DETAILS, PRESENTMENT_DETAILS, webhook",
        "PRESENTMENT_DETAILS, PRESENTMENT_DETAILS, successPage",
    })
    void aPaymentInTheBuyersCurrencyIsPaidOnceWhateverTheShapesAndTheOrder(SessionShape eventShape,
                                                                         SessionShape apiShape, String first) {
        stripe.shapes(apiShape, eventShape);
        CheckoutSession checkout = checkout(1);
        SimulatedEvent completed = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT);

        if (first.equals("webhook")) {
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
        } else {
            assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
            assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);
        }
        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.DUPLICATE);

        assertPaidOnceInEuros(checkout);
    }

    @Test
    void theIssuesCaseALegacyPayloadIn974UsdWithItsConversionFrom900EurIsPaidNotRefunded() {
        stripe.shapes(SessionShape.PRESENTMENT_DETAILS, SessionShape.CURRENCY_CONVERSION);
        CheckoutSession checkout = checkout(1);
        SimulatedEvent completed = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT);
        assertThat(completed.payload().replaceAll("\\s", "")).contains("\"currency\":\"usd\"",
                "\"amount_total\":97425", "\"source_currency\":\"eur\"", "\"amount_total\":90000",
                "\"api_version\":\"2025-02-24.acacia\"");

        assertThat(deliver(completed).disposition()).isEqualTo(Disposition.APPLIED);
        assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);

        assertPaidOnceInEuros(checkout);
        assertThat(stripe.session(checkout.stripeSessionId()).presentmentCurrency()).isEqualTo("usd");
    }

    @Test
    void aPayloadThatMatchesIsAppliedWithoutAskingStripe() {
        stripe.shapes(SessionShape.PRESENTMENT_DETAILS, SessionShape.CURRENCY_CONVERSION);
        CheckoutSession checkout = checkout(1);
        SimulatedEvent completed = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT);

        deliver(completed);

        assertThat(retrievals(checkout)).isZero();
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
    }

    @Test
    void aPayloadThatLooksForeignIsDecidedOnTheRetrievedSessionNotRefunded() {
        // An endpoint version whose payload shows only the buyer's currency: taken alone, it does not match.
        stripe.shapes(SessionShape.PRESENTMENT_DETAILS, SessionShape.CURRENCY_CONVERSION);
        CheckoutSession checkout = checkout(1);
        SimulatedEvent completed = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT);
        String withoutConversion = completed.payload().replaceAll("\"currency_conversion\":\\s*\\{[^}]*\\},?", "");
        assertThat(withoutConversion).doesNotContain("currency_conversion").containsPattern("\"currency\":\\s*\"usd\"");

        assertThat(booking.handleWebhook(withoutConversion.getBytes(StandardCharsets.UTF_8),
                WebhookSigner.signatureHeader(withoutConversion, WEBHOOK_SECRET, clock.instant())).disposition())
                .isEqualTo(Disposition.APPLIED);

        assertThat(retrievals(checkout)).isEqualTo(1);
        assertPaidOnceInEuros(checkout);
        assertThat(booking.findReservation(checkout.stripeSessionId()).status()).isEqualTo(PAID);
    }

    @Test
    void aPayloadWhoseConversionDoesNotMatchIsDecidedOnTheRetrievedSession() {
        stripe.shapes(SessionShape.CURRENCY_CONVERSION, SessionShape.CURRENCY_CONVERSION);
        CheckoutSession checkout = checkout(1);
        String forged = stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT).payload()
                .replaceAll("\"source_currency\":\\s*\"eur\"", "\"source_currency\": \"gbp\"");

        // The payload no longer matches: the retrieved session decides, and it matches (900.00 EUR).
        assertThat(booking.handleWebhook(forged.getBytes(StandardCharsets.UTF_8),
                WebhookSigner.signatureHeader(forged, WEBHOOK_SECRET, clock.instant())).disposition())
                .isEqualTo(Disposition.APPLIED);
        assertThat(stripe.refunds()).isEmpty();
        assertThat(reservation(checkout).status()).isEqualTo(PAID);
    }

    @Test
    void turnedOffItSendsAdaptivePricingDisabledAndTheBuyerPaysInEuros() {
        booking = configure(b -> b.adaptivePricing(false));
        CheckoutSession checkout = checkout(1);

        RecordedRequest create = stripe.requests().stream()
                .filter(r -> r.path().equals("/v1/checkout/sessions")).findFirst().orElseThrow();
        assertThat(create.param("adaptive_pricing[enabled]")).isEqualTo("false");
        assertThat(stripe.session(checkout.stripeSessionId()).adaptivePricing()).isFalse();
        assertThatThrownBy(() -> stripe.payInBuyerCurrency(checkout.stripeSessionId(), "usd", USD_AMOUNT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(reservation(checkout).status()).isEqualTo(PENDING);
    }

    @Test
    void byDefaultTheAccountsSettingIsLeftAlone() {
        CheckoutSession checkout = checkout(1);

        RecordedRequest create = stripe.requests().stream()
                .filter(r -> r.path().equals("/v1/checkout/sessions")).findFirst().orElseThrow();
        assertThat(create.param("adaptive_pricing[enabled]")).isNull();
        assertThat(stripe.session(checkout.stripeSessionId()).adaptivePricing()).isTrue();
    }

    private long retrievals(CheckoutSession checkout) {
        return stripe.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/v1/checkout/sessions/"
                        + checkout.stripeSessionId()))
                .count();
    }

    private void assertPaidOnceInEuros(CheckoutSession checkout) {
        Reservation paid = reservation(checkout);
        assertThat(paid.status()).isEqualTo(PAID);
        assertThat(paid.amount()).as("the price stays the séjour's, never the buyer's presentment")
                .isEqualTo(Money.of(90_000, "eur"));
        assertThat(stripe.refunds()).isEmpty();
        assertThat(settled().delivered()).extracting(Notification::kind)
                .containsExactly(Notification.Kind.CONFIRMATION);
        assertPlacesLeft(CAPACITY - 1);
    }
}
