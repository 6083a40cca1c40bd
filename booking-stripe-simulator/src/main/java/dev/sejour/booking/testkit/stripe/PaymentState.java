package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A payment intent and its charge, created when a buyer pays a session; guarded by
 * {@link SimulatorState}'s lock.
 */
final class PaymentState {

    final String paymentIntentId;
    final String sessionId;
    final long amount;
    final String currency;
    final Map<String, String> metadata;
    final boolean livemode;
    /** The buyer's email, as Checkout collected it. */
    final String email;
    final Instant created;
    /** {@code processing}, {@code succeeded} or {@code requires_payment_method}. */
    String status;
    /** Null until the money moved. */
    @Nullable String chargeId;
    @Nullable Instant chargeCreated;
    long amountRefunded;
    /** Null until the buyer's bank disputes the charge. */
    @Nullable String disputeId;
    @Nullable String disputeStatus;
    @Nullable String disputeReason;
    @Nullable Instant disputeCreated;

    PaymentState(String paymentIntentId, String sessionId, long amount, String currency,
            Map<String, String> metadata, boolean livemode, String status, String email, Instant created) {
        this.email = email;
        this.created = created;
        this.paymentIntentId = paymentIntentId;
        this.sessionId = sessionId;
        this.amount = amount;
        this.currency = currency;
        this.metadata = metadata;
        this.livemode = livemode;
        this.status = status;
    }

    void succeed(Instant now) {
        status = "succeeded";
        chargeId = Ids.next("ch_");
        chargeCreated = now;
    }

    long refundable() {
        return amount - amountRefunded;
    }

    /** The charge, with every field Stripe always sends for a captured card payment made on Checkout. */
    Map<String, Object> chargeJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", chargeId);
        m.put("object", "charge");
        m.put("amount", amount);
        m.put("amount_captured", amount);
        m.put("amount_refunded", amountRefunded);
        m.put("application", null);
        m.put("application_fee", null);
        m.put("application_fee_amount", null);
        // Only called once succeed() set the charge: callers check chargeId or a succeeded status.
        m.put("balance_transaction", "txn_" + Objects.requireNonNull(chargeId).substring(3));
        Map<String, Object> address = new LinkedHashMap<>();
        for (String f : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
            address.put(f, null);
        }
        address.put("country", SessionState.BUYER_COUNTRY);
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("address", address);
        billing.put("email", email);
        billing.put("name", SessionState.BUYER_NAME);
        billing.put("phone", null);
        billing.put("tax_id", null);
        m.put("billing_details", billing);
        m.put("calculated_statement_descriptor", "SIMULATED");
        m.put("captured", true);
        m.put("created", Objects.requireNonNull(chargeCreated).getEpochSecond());
        m.put("currency", currency);
        m.put("customer", null);
        m.put("description", null);
        m.put("disputed", disputeId != null);
        m.put("failure_balance_transaction", null);
        m.put("failure_code", null);
        m.put("failure_message", null);
        m.put("fraud_details", Map.of());
        m.put("livemode", livemode);
        // Stripe copies the payment intent's metadata onto the charge it creates.
        m.put("metadata", metadata);
        m.put("on_behalf_of", null);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("advice_code", null);
        outcome.put("network_advice_code", null);
        outcome.put("network_decline_code", null);
        outcome.put("network_status", "approved_by_network");
        outcome.put("reason", null);
        outcome.put("risk_level", "normal");
        outcome.put("seller_message", "Payment complete.");
        outcome.put("type", "authorized");
        m.put("outcome", outcome);
        m.put("paid", true);
        m.put("payment_intent", paymentIntentId);
        m.put("payment_method", paymentMethodId());
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", "visa");
        card.put("country", "US");
        card.put("exp_month", 12);
        card.put("exp_year", 2034);
        card.put("funding", "credit");
        card.put("last4", "4242");
        card.put("network", "visa");
        m.put("payment_method_details", Map.of("card", card, "type", "card"));
        m.put("receipt_email", null);
        m.put("receipt_number", null);
        m.put("receipt_url", "https://pay.stripe.com/receipts/simulated/" + chargeId);
        m.put("refunded", amountRefunded >= amount);
        m.put("review", null);
        m.put("shipping", null);
        m.put("source", null);
        m.put("source_transfer", null);
        m.put("statement_descriptor", null);
        m.put("statement_descriptor_suffix", null);
        m.put("status", "succeeded");
        m.put("transfer_data", null);
        m.put("transfer_group", null);
        return m;
    }

    /** Whether the charge's dispute is closed, so that Stripe refuses to refund it (is_charge_refundable false). */
    boolean disputeBlocksRefund() {
        return disputeId != null && List.of("won", "lost", "warning_closed", "prevented").contains(disputeStatus);
    }

    /**
     * The dispute on the charge, with every field Stripe always sends for a card dispute (API version
     * {@value EventFactory#API_VERSION}): evidence fields all null, as before the organiser answers.
     */
    Map<String, Object> disputeJson() {
        boolean open = !List.of("won", "lost", "warning_closed", "prevented").contains(disputeStatus);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", disputeId);
        m.put("object", "dispute");
        m.put("amount", amount);
        m.put("balance_transactions", List.of());
        m.put("charge", chargeId);
        // Only called once openDispute set the dispute.
        m.put("created", Objects.requireNonNull(disputeCreated).getEpochSecond());
        m.put("currency", currency);
        m.put("enhanced_eligibility_types", List.of());
        Map<String, Object> evidence = new LinkedHashMap<>();
        for (String f : new String[] {"access_activity_log", "billing_address", "cancellation_policy",
                "cancellation_policy_disclosure", "cancellation_rebuttal", "customer_communication",
                "customer_email_address", "customer_name", "customer_purchase_ip", "customer_signature",
                "duplicate_charge_documentation", "duplicate_charge_explanation", "duplicate_charge_id",
                "product_description", "receipt", "refund_policy", "refund_policy_disclosure",
                "refund_refusal_explanation", "service_date", "service_documentation", "shipping_address",
                "shipping_carrier", "shipping_date", "shipping_documentation", "shipping_tracking_number",
                "uncategorized_file", "uncategorized_text"}) {
            evidence.put(f, null);
        }
        m.put("evidence", evidence);
        Map<String, Object> details = new LinkedHashMap<>();
        // Stripe gives about three weeks to answer; past that, the evidence is past due.
        details.put("due_by", disputeCreated.plusSeconds(21L * 86_400).getEpochSecond());
        details.put("has_evidence", false);
        details.put("past_due", false);
        details.put("submission_count", 0);
        m.put("evidence_details", details);
        m.put("is_charge_refundable", open && amountRefunded == 0);
        m.put("livemode", livemode);
        m.put("metadata", Map.of());
        m.put("payment_intent", paymentIntentId);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("brand", "visa");
        card.put("case_type", "chargeback");
        card.put("network_reason_code", "10.4");
        m.put("payment_method_details", Map.of("card", card, "type", "card"));
        m.put("reason", disputeReason);
        m.put("status", disputeStatus);
        return m;
    }

    /** The payment intent, as {@code expand[]=payment_intent} shows it. */
    Map<String, Object> paymentIntentJson() {
        boolean succeeded = "succeeded".equals(status);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", paymentIntentId);
        m.put("object", "payment_intent");
        m.put("amount", amount);
        m.put("amount_capturable", 0);
        m.put("amount_received", succeeded ? amount : 0);
        m.put("application", null);
        m.put("application_fee_amount", null);
        m.put("automatic_payment_methods", null);
        m.put("canceled_at", null);
        m.put("cancellation_reason", null);
        m.put("capture_method", "automatic_async");
        m.put("client_secret", paymentIntentId + "_secret_simulated");
        m.put("confirmation_method", "automatic");
        m.put("created", created.getEpochSecond());
        m.put("currency", currency);
        m.put("customer", null);
        m.put("description", null);
        m.put("last_payment_error", null);
        m.put("latest_charge", chargeId);
        m.put("livemode", livemode);
        m.put("metadata", metadata);
        m.put("next_action", null);
        m.put("on_behalf_of", null);
        m.put("payment_method", paymentMethodId());
        m.put("payment_method_options", Map.of("card", Map.of("request_three_d_secure", "automatic")));
        m.put("payment_method_types", List.of("card"));
        m.put("processing", null);
        m.put("receipt_email", null);
        m.put("review", null);
        m.put("setup_future_usage", null);
        m.put("shipping", null);
        m.put("source", null);
        m.put("statement_descriptor", null);
        m.put("statement_descriptor_suffix", null);
        m.put("status", status);
        m.put("transfer_data", null);
        m.put("transfer_group", null);
        return m;
    }

    private String paymentMethodId() {
        return "pm_" + paymentIntentId.substring(3);
    }
}
