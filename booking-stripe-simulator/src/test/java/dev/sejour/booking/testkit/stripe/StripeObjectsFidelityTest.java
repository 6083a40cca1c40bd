package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.API_KEY;
import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.idempotent;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.RefundRetrieveParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The objects an application reads through stripe-java's typed model carry the fields Stripe always
 * sends; {@code expand[]} works for the fields apps expand; an idempotency key replays an error as Stripe
 * does (once the endpoint was executing), and the error codes are Stripe's.
 */
class StripeObjectsFidelityTest {

    /**
     * The Checkout Session's always-present fields at API version 2026-07-29.dahlia for a hosted,
     * payment-mode session (stripe-node's {@code Checkout.Session} type without its optional members;
     * {@code shipping_details} moved into {@code collected_information} in 2025-03-31.basil).
     */
    private static final List<String> SESSION_FIELDS = List.of("id", "object", "adaptive_pricing",
            "after_expiration", "allow_promotion_codes", "amount_subtotal", "amount_total", "automatic_tax",
            "billing_address_collection", "cancel_url", "client_reference_id", "client_secret",
            "collected_information", "consent", "consent_collection", "created", "currency", "custom_fields",
            "custom_text", "customer", "customer_creation", "customer_details", "customer_email", "discounts",
            "expires_at", "invoice", "invoice_creation", "livemode", "locale", "metadata", "mode",
            "origin_context", "payment_intent", "payment_link", "payment_method_collection",
            "payment_method_configuration_details", "payment_method_options", "payment_method_types",
            "payment_status", "permissions", "phone_number_collection", "recovered_from",
            "saved_payment_method_options", "setup_intent", "shipping_address_collection", "shipping_cost",
            "shipping_options", "status", "submit_type", "subscription", "success_url", "total_details",
            "ui_mode", "url", "wallet_options");
    private static final List<String> REFUND_FIELDS = List.of("id", "object", "amount", "balance_transaction",
            "charge", "created", "currency", "destination_details", "metadata", "payment_intent", "reason",
            "receipt_number", "source_transfer_reversal", "status", "transfer_reversal");
    private static final List<String> CHARGE_FIELDS = List.of("id", "object", "amount", "amount_captured",
            "amount_refunded", "application", "application_fee", "application_fee_amount", "balance_transaction",
            "billing_details", "calculated_statement_descriptor", "captured", "created", "currency", "customer",
            "description", "disputed", "failure_balance_transaction", "failure_code", "failure_message",
            "fraud_details", "livemode", "metadata", "on_behalf_of", "outcome", "paid", "payment_intent",
            "payment_method", "payment_method_details", "receipt_email", "receipt_number", "receipt_url",
            "refunded", "review", "shipping", "source_transfer", "statement_descriptor",
            "statement_descriptor_suffix", "status", "transfer_data", "transfer_group");
    /** The dispute's always-present fields (Stripe's API reference, dispute object, basil and later). */
    private static final List<String> DISPUTE_FIELDS = List.of("id", "object", "amount", "balance_transactions",
            "charge", "created", "currency", "enhanced_eligibility_types", "evidence", "evidence_details",
            "is_charge_refundable", "livemode", "metadata", "payment_intent", "payment_method_details", "reason",
            "status");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StripeSimulator simulator = StripeSimulator.builder().apiKey(API_KEY).start();
    private final StripeClient stripe = client(simulator);

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aPaidSessionCarriesEveryAlwaysPresentFieldAndCompleteCustomerDetails() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_1", Instant.now()));
        assertThat(fieldsOf("/v1/checkout/sessions/" + created.getId())).containsAll(SESSION_FIELDS);
        assertThat(created.getCustomerDetails()).as("nobody has paid yet").isNull();

        simulator.pay(created.getId());
        Session paid = stripe.checkout().sessions().retrieve(created.getId());

        Session.CustomerDetails buyer = paid.getCustomerDetails();
        assertThat(buyer.getEmail()).isEqualTo("camille+test@example.org");
        assertThat(buyer.getName()).isNotBlank();
        assertThat(buyer.getAddress().getCountry()).isEqualTo("FR");
        assertThat(buyer.getPhone()).isNull();
        assertThat(buyer.getTaxExempt()).isEqualTo("none");
        assertThat(buyer.getTaxIds()).isEmpty();
        assertThat(paid.getAutomaticTax().getEnabled()).isFalse();
        assertThat(paid.getTotalDetails().getAmountTax()).isZero();
        assertThat(paid.getPaymentMethodTypes()).containsExactly("card");
        assertThat(paid.getInvoiceCreation().getEnabled()).isFalse();
        assertThat(paid.getPhoneNumberCollection().getEnabled()).isFalse();
        assertThat(paid.getCustomFields()).isEmpty();
        assertThat(paid.getShippingOptions()).isEmpty();
        assertThat(paid.getCustomerCreation()).isEqualTo("if_required");
        assertThat(paid.getUiMode()).isEqualTo("hosted");
        assertThat(fieldsOf("/v1/checkout/sessions/" + created.getId())).containsAll(SESSION_FIELDS);
    }

    @Test
    void expandReplacesThePaymentIntentAndAddsTheLineItems() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_2", Instant.now()));
        simulator.pay(created.getId());

        Session session = stripe.checkout().sessions().retrieve(created.getId(), SessionRetrieveParams.builder()
                .addExpand("payment_intent").addExpand("line_items").build());

        PaymentIntent intent = session.getPaymentIntentObject();
        assertThat(intent.getId()).isEqualTo(session.getPaymentIntent());
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmountReceived()).isEqualTo(180_000L);
        assertThat(intent.getMetadata()).containsEntry("reservation_id", "res_2");
        assertThat(intent.getLatestCharge()).startsWith("ch_");
        assertThat(session.getLineItems().getData()).singleElement().satisfies(item -> {
            assertThat(item.getQuantity()).isEqualTo(2L);
            assertThat(item.getAmountTotal()).isEqualTo(180_000L);
            assertThat(item.getDescription()).isEqualTo("Yoga & randonnée – Vercors");
            assertThat(item.getPrice().getUnitAmount()).isEqualTo(90_000L);
        });

        Session unexpanded = stripe.checkout().sessions().retrieve(created.getId());
        assertThat(unexpanded.getPaymentIntentObject()).isNull();
        assertThat(unexpanded.getLineItems()).isNull();
    }

    @Test
    void refundsAndChargesCarryTheirAlwaysPresentFields() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_3", Instant.now()));
        simulator.pay(created.getId());
        String intent = stripe.checkout().sessions().retrieve(created.getId()).getPaymentIntent();

        Refund refund = stripe.refunds().create(RefundCreateParams.builder().setPaymentIntent(intent)
                .setAmount(50_000L).build());
        assertThat(fieldsOf("/v1/refunds/" + refund.getId())).containsAll(REFUND_FIELDS);
        assertThat(refund.getBalanceTransaction()).startsWith("txn_");
        assertThat(refund.getDestinationDetails().getType()).isEqualTo("card");
        assertThat(refund.getReceiptNumber()).isNull();

        Refund withCharge = stripe.refunds().retrieve(refund.getId(),
                RefundRetrieveParams.builder().addExpand("charge").build());
        Charge charge = withCharge.getChargeObject();
        assertThat(charge.getAmountRefunded()).isEqualTo(50_000L);
        assertThat(charge.getRefunded()).isFalse();
        assertThat(charge.getOutcome().getType()).isEqualTo("authorized");
        assertThat(charge.getBillingDetails().getEmail()).isEqualTo("camille+test@example.org");
        assertThat(charge.getPaymentMethodDetails().getType()).isEqualTo("card");
        assertThat(charge.getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");
        assertThat(charge.getMetadata()).containsEntry("reservation_id", "res_3");
        JsonNode chargeJson = JSON.readTree(simulator.events().get(simulator.events().size() - 1).payloadBytes())
                .path("data").path("object");
        List<String> chargeFields = new ArrayList<>();
        chargeJson.fieldNames().forEachRemaining(chargeFields::add);
        assertThat(chargeFields).containsAll(CHARGE_FIELDS);
    }

    @Test
    void disputesCarryTheirAlwaysPresentFieldsAndReadAsStripeJavaDisputes() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_4", Instant.now()));
        simulator.pay(created.getId());
        String intent = stripe.checkout().sessions().retrieve(created.getId()).getPaymentIntent();

        SimulatedEvent opened = simulator.openDispute(created.getId(), "fraudulent");
        SimulatedEvent closed = simulator.closeDispute(created.getId(), "lost");

        JsonNode openedJson = JSON.readTree(opened.payloadBytes());
        assertThat(openedJson.path("type").asText()).isEqualTo("charge.dispute.created");
        JsonNode dispute = openedJson.path("data").path("object");
        List<String> fields = new ArrayList<>();
        dispute.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsAll(DISPUTE_FIELDS);
        com.stripe.model.Dispute typed = com.stripe.net.ApiResource.GSON.fromJson(dispute.toString(),
                com.stripe.model.Dispute.class);
        assertThat(typed.getId()).startsWith("du_").isEqualTo(opened.objectId());
        assertThat(typed.getPaymentIntent()).isEqualTo(intent);
        assertThat(typed.getCharge()).startsWith("ch_");
        assertThat(typed.getAmount()).isEqualTo(180_000L);
        assertThat(typed.getCurrency()).isEqualTo("eur");
        assertThat(typed.getReason()).isEqualTo("fraudulent");
        assertThat(typed.getStatus()).isEqualTo("needs_response");
        assertThat(typed.getIsChargeRefundable()).isTrue();
        assertThat(typed.getEvidence().getUncategorizedText()).isNull();
        assertThat(typed.getEvidenceDetails().getDueBy()).isGreaterThan(typed.getCreated());
        assertThat(typed.getPaymentMethodDetails().getCard().getBrand()).isEqualTo("visa");
        JsonNode closedJson = JSON.readTree(closed.payloadBytes());
        assertThat(closedJson.path("type").asText()).isEqualTo("charge.dispute.closed");
        assertThat(closedJson.at("/data/object/status").asText()).isEqualTo("lost");
        assertThat(closedJson.at("/data/object/id").asText()).isEqualTo(typed.getId());
        assertThat(closedJson.at("/data/previous_attributes/status").asText()).isEqualTo("needs_response");
        Charge charge = stripe.paymentIntents().retrieve(intent, com.stripe.param.PaymentIntentRetrieveParams
                .builder().addExpand("latest_charge").build()).getLatestChargeObject();
        assertThat(charge.getDisputed()).isTrue();
        assertThatThrownBy(() -> simulator.closeDispute(created.getId(), "won"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> simulator.openDispute(created.getId(), "fraudulent"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has dispute");
    }

    @Test
    void anErrorRaisedWhileExecutingIsReplayedForTheSameIdempotencyKey() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_4", Instant.now()));
        simulator.payWithDelayedMethod(created.getId());
        String intent = stripe.checkout().sessions().retrieve(created.getId()).getPaymentIntent();
        RefundCreateParams refundAll = RefundCreateParams.builder().setPaymentIntent(intent).build();

        InvalidRequestException first = catchThrowableOfType(InvalidRequestException.class,
                () -> stripe.refunds().create(refundAll, idempotent("refund-res_4")));
        assertThat(first.getCode()).isEqualTo("payment_intent_unexpected_state");

        simulator.succeedDelayedPayment(created.getId());   // the refund would succeed now…
        InvalidRequestException replayed = catchThrowableOfType(InvalidRequestException.class,
                () -> stripe.refunds().create(refundAll, idempotent("refund-res_4")));
        // …but Stripe answers a repeated key with the saved answer, error included.
        assertThat(replayed.getCode()).isEqualTo("payment_intent_unexpected_state");
        assertThat(replayed.getRequestId()).isEqualTo(first.getRequestId());
        assertThat(simulator.refunds()).isEmpty();

        assertThat(stripe.refunds().create(refundAll, idempotent("refund-res_4-again")).getStatus())
                .isEqualTo("succeeded");
    }

    @Test
    void aRequestThatFailedValidationIsNotSavedSoACorrectedRetryWithTheKeyRuns() throws Exception {
        SessionCreateParams invalid = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("not a url")
                .addLineItem(yogaSession("res_5", Instant.now()).getLineItems().get(0))
                .build();
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> stripe.checkout().sessions().create(invalid, idempotent("checkout-res_5")));
        assertThat(refused.getCode()).isEqualTo("url_invalid");

        Session session = stripe.checkout().sessions().create(yogaSession("res_5", Instant.now()),
                idempotent("checkout-res_5"));
        assertThat(session.getStatus()).isEqualTo("open");
    }

    @Test
    void errorsWithoutASpecificCauseCarryNoCodeAsStripeSendsThem() throws Exception {
        Session created = stripe.checkout().sessions().create(yogaSession("res_6", Instant.now()));
        simulator.pay(created.getId());

        StripeException notOpen = catchThrowableOfType(StripeException.class,
                () -> stripe.checkout().sessions().expire(created.getId()));
        assertThat(notOpen.getCode()).isNull();
        assertThat(notOpen.getMessage()).contains("status in [\"open\"]");

        StripeException badKey = catchThrowableOfType(StripeException.class,
                () -> client(simulator, "sk_test_wrong_key_0000", 0, 5_000).checkout().sessions()
                        .retrieve(created.getId()));
        assertThat(badKey.getStatusCode()).isEqualTo(401);
        assertThat(badKey.getCode()).isNull();
    }

    private List<String> fieldsOf(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(simulator.apiBase() + path))
                        .header("Authorization", "Bearer " + API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body()).fieldNames().forEachRemaining(fields::add);
        return fields;
    }
}
