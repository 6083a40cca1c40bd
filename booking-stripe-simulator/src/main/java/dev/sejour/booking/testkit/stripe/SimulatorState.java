package dev.sejour.booking.testkit.stripe;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Stripe's side of the world: sessions, payments, refunds, events and stored idempotent results.
 *
 * <p>One lock guards everything. Operations are tiny compared with HTTP, and a single lock makes
 * idempotency, state transitions and event order trivially consistent under concurrent requests.
 * Nothing slow (delivery, fault delays) runs while it is held.
 */
final class SimulatorState {

    /** Who is calling the API, for livemode and for the event's {@code request} block. */
    record Caller(boolean livemode, String requestId, @Nullable String idempotencyKey) {}

    /** A stored answer to replay for a repeated idempotency key. */
    record StoredResult(String route, List<Map.Entry<String, String>> fingerprint, int status,
            String body, String requestId) {}

    private final Clock clock;
    private final String checkoutBase;
    private final Map<String, SessionState> sessions = new LinkedHashMap<>();
    private final Map<String, PaymentState> payments = new HashMap<>();
    private final Map<String, String> paymentByCharge = new HashMap<>();
    private final List<SimulatedRefund> refunds = new ArrayList<>();
    private final List<SimulatedEvent> events = new ArrayList<>();
    private final Map<String, StoredResult> idempotency = new HashMap<>();
    private SessionShape apiShape = SessionShape.PRESENTMENT_DETAILS;
    private SessionShape eventShape = SessionShape.PRESENTMENT_DETAILS;

    SimulatorState(Clock clock, String publicBaseUrl) {
        this.clock = clock;
        this.checkoutBase = publicBaseUrl + "/checkout/";
    }

    Instant now() {
        return clock.instant();
    }

    synchronized void shapes(SessionShape api, SessionShape event) {
        this.apiShape = api;
        this.eventShape = event;
    }

    // ---- idempotency ----------------------------------------------------------------------

    synchronized @Nullable StoredResult storedResult(String scopedKey) {
        return idempotency.get(scopedKey);
    }

    synchronized void storeResult(String scopedKey, StoredResult result) {
        idempotency.putIfAbsent(scopedKey, result);
    }

    // ---- API operations (errors are StripeApiError) -------------------------------------

    synchronized Map<String, Object> createSession(Map<String, Object> params, Caller caller) {
        CheckoutSessionParams p = CheckoutSessionParams.parse(params, now());
        String id = Ids.next(caller.livemode() ? "cs_live_" : "cs_test_", 58);
        SessionState s = new SessionState(id, caller.livemode(), now(), p, checkoutBase + id);
        sessions.put(id, s);
        return s.toJson(apiShape);
    }

    synchronized Map<String, Object> retrieveSession(String id, Caller caller) {
        return apiSession(id, caller).toJson(apiShape);
    }

    /**
     * {@code GET /v1/checkout/sessions}: Stripe's list object ({@code object "list"}, {@code data} newest
     * first, {@code has_more}, {@code url}), filtered by {@code payment_intent} when given; {@code limit} 1 to
     * 100, 10 by default. Pagination cursors are not simulated.
     */
    synchronized Map<String, Object> listSessions(Map<String, Object> params, Caller caller) {
        int limit = 10;
        Object rawLimit = params.get("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(String.valueOf(rawLimit));
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > 100) {
                throw StripeApiError.invalidRequest("Invalid integer: " + rawLimit
                        + " (limit must be between 1 and 100)", "limit", null);
            }
        }
        Object paymentIntent = params.get("payment_intent");
        List<Map<String, Object>> matching = new ArrayList<>();
        List<SessionState> newestFirst = new ArrayList<>(sessions.values());
        Collections.reverse(newestFirst);
        for (SessionState s : newestFirst) {
            if (s.livemode == caller.livemode()
                    && (paymentIntent == null || String.valueOf(paymentIntent).equals(s.paymentIntentId))) {
                matching.add(s.toJson(apiShape));
            }
        }
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", new ArrayList<>(matching.subList(0, Math.min(limit, matching.size()))));
        list.put("has_more", matching.size() > limit);
        list.put("url", "/v1/checkout/sessions");
        return list;
    }

    synchronized Map<String, Object> expireSession(String id, Caller caller,
            Consumer<SimulatedEvent> emitted) {
        SessionState s = apiSession(id, caller);
        if (!s.isOpen()) {
            throw StripeApiError.invalidRequest("Only Checkout Sessions with a status in [\"open\"] can"
                    + " be expired. This Checkout Session has a status of \"" + s.status + "\".", null,
                    null).whileExecuting();
        }
        emitted.accept(expireNow(s, caller.requestId(), caller.idempotencyKey()));
        return s.toJson(apiShape);
    }

    synchronized Map<String, Object> createRefund(Map<String, Object> params, Caller caller,
            Consumer<SimulatedEvent> emitted) {
        String piId = CheckoutSessionParams.string(params, "payment_intent");
        String chargeId = CheckoutSessionParams.string(params, "charge");
        PaymentState payment;
        if (piId != null && !piId.isEmpty()) {
            payment = payments.get(piId);
            if (payment == null || payment.livemode != caller.livemode()) {
                throw StripeApiError.invalidRequest("No such payment_intent: '" + piId + "'",
                        "payment_intent", "resource_missing");
            }
        } else if (chargeId != null && !chargeId.isEmpty()) {
            String pi = paymentByCharge.get(chargeId);
            payment = pi == null ? null : payments.get(pi);
            if (payment == null || payment.livemode != caller.livemode()) {
                throw StripeApiError.invalidRequest("No such charge: '" + chargeId + "'", "charge",
                        "resource_missing");
            }
        } else {
            throw StripeApiError.invalidRequest("One of the following params should be provided for"
                    + " this request: payment_intent or charge.", null, "parameter_missing");
        }
        if (!"succeeded".equals(payment.status)) {
            throw StripeApiError.invalidRequest("This PaymentIntent (" + payment.paymentIntentId
                    + ") does not have a successful charge to refund.", "payment_intent",
                    "payment_intent_unexpected_state").whileExecuting();
        }
        if (payment.disputeBlocksRefund()) {
            // Stripe's answer once a dispute is closed (is_charge_refundable false): the bank moved the money.
            throw StripeApiError.invalidRequest("Charge " + payment.chargeId + " has been charged back; cannot issue"
                    + " a refund.", null, "charge_disputed").whileExecuting();
        }
        String rawAmount = CheckoutSessionParams.string(params, "amount");
        long amount = payment.refundable();
        if (payment.refundable() == 0) {
            throw StripeApiError.invalidRequest("Charge " + payment.chargeId
                    + " has already been refunded.", null, "charge_already_refunded").whileExecuting();
        }
        if (rawAmount != null && !rawAmount.isEmpty()) {
            amount = CheckoutSessionParams.integer(rawAmount, "amount");
            if (amount < 1) {
                throw StripeApiError.invalidRequest("Invalid positive integer", "amount",
                        "parameter_invalid_integer");
            }
            if (amount > payment.refundable()) {
                throw StripeApiError.invalidRequest("Refund amount (" + amount + ") is greater than"
                        + " unrefunded amount on charge (" + payment.refundable() + ")", "amount",
                        "amount_too_large").whileExecuting();
            }
        }
        String reason = CheckoutSessionParams.string(params, "reason");
        if (reason != null && !List.of("duplicate", "fraudulent", "requested_by_customer")
                .contains(reason)) {
            throw StripeApiError.invalidRequest("Invalid reason: must be one of duplicate, fraudulent,"
                    + " or requested_by_customer", "reason", null);
        }
        Map<String, String> metadata = CheckoutSessionParams.metadata(params.get("metadata"),
                "metadata");
        SimulatedRefund refund = refund(payment, amount, reason, metadata, false, caller, emitted);
        return refundJson(refund, payment.livemode);
    }

    /**
     * {@code GET /v1/payment_intents/{id}}: the payment of a paid session, with its charge as an id, or as the
     * charge object when {@code expand[]=latest_charge} asked for it (then {@code refunded} tells a full refund).
     */
    synchronized Map<String, Object> retrievePaymentIntent(String id, boolean expandCharge, Caller caller) {
        PaymentState p = payments.get(id);
        if (p == null || p.livemode != caller.livemode()) {
            throw StripeApiError.notFound("No such payment_intent: '" + id + "'", "intent");
        }
        Map<String, Object> m = p.paymentIntentJson();
        if (expandCharge && p.chargeId != null) {
            m.put("latest_charge", p.chargeJson());
        }
        return m;
    }

    synchronized Map<String, Object> retrieveRefund(String id, Caller caller) {
        for (SimulatedRefund r : refunds) {
            // A refund is only made for a payment in `payments`, and reset() clears both.
            if (r.id().equals(id) && Objects.requireNonNull(payments.get(r.paymentIntentId())).livemode
                    == caller.livemode()) {
                return refundJson(r, caller.livemode());
            }
        }
        throw StripeApiError.notFound("No such refund: '" + id + "'", "id");
    }

    private SessionState apiSession(String id, Caller caller) {
        SessionState s = sessions.get(id);
        if (s == null || s.livemode != caller.livemode()) {
            throw StripeApiError.notFound("No such checkout.session: '" + id + "'", "session");
        }
        return s;
    }

    // ---- buyer / Stripe actions (errors are IllegalStateException) ------------------------

    synchronized SimulatedEvent pay(String id) {
        SessionState s = payable(id);
        PaymentState p = newPayment(s, "processing");
        succeed(p);
        s.status = "complete";
        s.paymentStatus = "paid";
        return emitSession("checkout.session.completed", s);
    }

    synchronized SimulatedEvent payInBuyerCurrency(String id, String currency, long amount) {
        SessionState s = payable(id);
        if (Boolean.FALSE.equals(s.params.adaptivePricingEnabled())) {
            throw new IllegalStateException("cannot pay session " + id + " in " + currency
                    + ": it was created with adaptive_pricing[enabled]=false");
        }
        String buyerCurrency = currency.toLowerCase(java.util.Locale.ROOT);
        if (!buyerCurrency.matches("[a-z]{3}") || buyerCurrency.equals(s.params.currency()) || amount < 1) {
            throw new IllegalArgumentException("the buyer pays a positive amount in a currency other than the"
                    + " session's (" + s.params.currency() + "): " + amount + " " + currency);
        }
        s.presentmentCurrency = buyerCurrency;
        s.presentmentAmount = amount;
        PaymentState p = new PaymentState(Ids.next("pi_"), s.id, amount, buyerCurrency,
                s.params.paymentIntentMetadata(), s.livemode, "processing", buyerEmail(s), now());
        payments.put(p.paymentIntentId, p);
        s.paymentIntentId = p.paymentIntentId;
        succeed(p);
        s.status = "complete";
        s.paymentStatus = "paid";
        return emitSession("checkout.session.completed", s);
    }

    synchronized SimulatedEvent payWithDelayedMethod(String id) {
        SessionState s = payable(id);
        newPayment(s, "processing");
        s.status = "complete";
        s.paymentStatus = "unpaid";
        return emitSession("checkout.session.completed", s);
    }

    synchronized SimulatedEvent succeedDelayedPayment(String id) {
        PaymentState p = processing(id, "succeedDelayedPayment");
        succeed(p);
        SessionState s = known(id);
        s.paymentStatus = "paid";
        return emitSession("checkout.session.async_payment_succeeded", s);
    }

    synchronized SimulatedEvent failDelayedPayment(String id) {
        PaymentState p = processing(id, "failDelayedPayment");
        p.status = "requires_payment_method";
        return emitSession("checkout.session.async_payment_failed", known(id));
    }

    synchronized SimulatedEvent expire(String id) {
        SessionState s = known(id);
        if (!s.isOpen()) {
            throw new IllegalStateException("cannot expire session " + id + ": its status is "
                    + s.status + ", only open sessions expire");
        }
        return expireNow(s, null, null);
    }

    synchronized List<SimulatedEvent> expireDueSessions() {
        Instant now = now();
        List<SimulatedEvent> out = new ArrayList<>();
        for (SessionState s : sessions.values()) {
            if (s.isOpen() && !s.params.expiresAt().isAfter(now)) {
                out.add(expireNow(s, null, null));
            }
        }
        return out;
    }

    synchronized SimulatedEvent refundFromDashboard(String sessionId, @Nullable Long amount) {
        SessionState s = known(sessionId);
        PaymentState p = s.paymentIntentId == null ? null : payments.get(s.paymentIntentId);
        if (p == null || !"succeeded".equals(p.status)) {
            throw new IllegalStateException("cannot refund session " + sessionId
                    + ": it has no successful payment (payment_status " + s.paymentStatus + ")");
        }
        if (p.refundable() == 0) {
            throw new IllegalStateException("cannot refund session " + sessionId
                    + ": its charge " + p.chargeId + " is already fully refunded");
        }
        long value = amount == null ? p.refundable() : amount;
        if (value < 1 || value > p.refundable()) {
            throw new IllegalArgumentException("refund amount must be between 1 and "
                    + p.refundable() + ": " + value);
        }
        SimulatedEvent[] event = new SimulatedEvent[1];
        refund(p, value, "requested_by_customer", Map.of(), true, null, e -> event[0] = e);
        return event[0];
    }

    synchronized SimulatedEvent openDispute(String sessionId, String reason) {
        PaymentState p = succeededPayment(sessionId, "dispute");
        if (p.disputeId != null) {
            throw new IllegalStateException("cannot dispute session " + sessionId + ": its charge " + p.chargeId
                    + " already has dispute " + p.disputeId + " (a charge has at most one)");
        }
        p.disputeId = Ids.next("du_");
        p.disputeStatus = "needs_response";
        p.disputeReason = reason;
        p.disputeCreated = now();
        return emit(EventFactory.create("charge.dispute.created", p.disputeJson(), null, now(), p.livemode, null,
                null));
    }

    synchronized SimulatedEvent closeDispute(String sessionId, String outcome) {
        if (!List.of("won", "lost", "warning_closed", "prevented").contains(outcome)) {
            throw new IllegalArgumentException("a closed dispute's status is won, lost, warning_closed or"
                    + " prevented: " + outcome);
        }
        PaymentState p = succeededPayment(sessionId, "close the dispute of");
        if (p.disputeId == null || !"needs_response".equals(p.disputeStatus)) {
            throw new IllegalStateException("cannot close the dispute of session " + sessionId + ": "
                    + (p.disputeId == null ? "it has none; call openDispute first" : "it is " + p.disputeStatus));
        }
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("status", p.disputeStatus);
        p.disputeStatus = outcome;
        return emit(EventFactory.create("charge.dispute.closed", p.disputeJson(), previous, now(), p.livemode,
                null, null));
    }

    private PaymentState succeededPayment(String sessionId, String action) {
        SessionState s = known(sessionId);
        PaymentState p = s.paymentIntentId == null ? null : payments.get(s.paymentIntentId);
        if (p == null || !"succeeded".equals(p.status)) {
            throw new IllegalStateException("cannot " + action + " session " + sessionId
                    + ": it has no successful payment (payment_status " + s.paymentStatus + ")");
        }
        return p;
    }

    private SessionState payable(String id) {
        SessionState s = known(id);
        if (!s.isOpen()) {
            throw new IllegalStateException("cannot pay session " + id + ": its status is " + s.status
                    + " (payment_status " + s.paymentStatus + "), only open sessions can be paid");
        }
        if (!now().isBefore(s.params.expiresAt())) {
            throw new IllegalStateException("cannot pay session " + id + ": it expired at "
                    + s.params.expiresAt() + " by the simulator's clock (now " + now()
                    + "); call expire() or expireDueSessions() to send checkout.session.expired");
        }
        return s;
    }

    private PaymentState processing(String id, String action) {
        SessionState s = known(id);
        PaymentState p = s.paymentIntentId == null ? null : payments.get(s.paymentIntentId);
        if (!"complete".equals(s.status) || p == null || !"processing".equals(p.status)) {
            throw new IllegalStateException("cannot " + action + " on session " + id
                    + ": no delayed payment is processing (status " + s.status + ", payment_status "
                    + s.paymentStatus + "); call payWithDelayedMethod first");
        }
        return p;
    }

    private void succeed(PaymentState p) {
        p.succeed(now());
        paymentByCharge.put(p.chargeId, p.paymentIntentId);
    }

    private SessionState known(String id) {
        SessionState s = sessions.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no such checkout session in the simulator: " + id);
        }
        return s;
    }

    private static String buyerEmail(SessionState s) {
        return s.params.customerEmail() != null ? s.params.customerEmail() : SessionState.BUYER_EMAIL;
    }

    private PaymentState newPayment(SessionState s, String status) {
        PaymentState p = new PaymentState(Ids.next("pi_"), s.id, s.params.amountTotal(),
                s.params.currency(), s.params.paymentIntentMetadata(), s.livemode, status, buyerEmail(s), now());
        payments.put(p.paymentIntentId, p);
        s.paymentIntentId = p.paymentIntentId;
        return p;
    }

    private SimulatedEvent expireNow(SessionState s, @Nullable String requestId, @Nullable String idempotencyKey) {
        s.status = "expired";
        return emit(EventFactory.create("checkout.session.expired", s.toJson(eventShape), null, now(),
                s.livemode, requestId, idempotencyKey, eventShape.apiVersion()));
    }

    private SimulatedEvent emitSession(String type, SessionState s) {
        return emit(EventFactory.create(type, s.toJson(eventShape), null, now(), s.livemode, null, null,
                eventShape.apiVersion()));
    }

    private SimulatedRefund refund(PaymentState p, long amount, @Nullable String reason,
            Map<String, String> metadata, boolean dashboard, @Nullable Caller caller,
            Consumer<SimulatedEvent> emitted) {
        long before = p.amountRefunded;
        boolean wasRefunded = before >= p.amount;
        p.amountRefunded += amount;
        // Both callers refund a succeeded payment only, whose charge succeed() set.
        SimulatedRefund refund = new SimulatedRefund(Ids.next("re_"), amount, p.currency,
                p.paymentIntentId, Objects.requireNonNull(p.chargeId), p.sessionId, "succeeded", reason, metadata, now(),
                dashboard);
        refunds.add(refund);
        Map<String, Object> previous = new LinkedHashMap<>();
        previous.put("amount_refunded", before);
        previous.put("refunded", wasRefunded);
        emitted.accept(emit(EventFactory.create("charge.refunded", p.chargeJson(), previous, now(),
                p.livemode, caller == null ? null : caller.requestId(),
                caller == null ? null : caller.idempotencyKey())));
        return refund;
    }

    /** The refund, with every field Stripe always sends for a card refund. */
    private Map<String, Object> refundJson(SimulatedRefund r, boolean livemode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("object", "refund");
        m.put("amount", r.amount());
        m.put("balance_transaction", "txn_" + r.id().substring(3));
        m.put("charge", r.chargeId());
        m.put("created", r.created().getEpochSecond());
        m.put("currency", r.currency());
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("reference_status", "pending");
        card.put("reference_type", "acquirer_reference_number");
        card.put("type", "refund");
        m.put("destination_details", Map.of("card", card, "type", "card"));
        m.put("metadata", r.metadata());
        m.put("payment_intent", r.paymentIntentId());
        m.put("reason", r.reason());
        m.put("receipt_number", null);
        m.put("source_transfer_reversal", null);
        m.put("status", r.status());
        m.put("transfer_reversal", null);
        return m;
    }

    // ---- expand[] ---------------------------------------------------------------------------

    /**
     * Replaces the ids named by {@code expand[]} with their objects, as Stripe does: on a session,
     * {@code payment_intent}, {@code payment_intent.latest_charge} and {@code line_items}; on a refund,
     * {@code charge} and {@code payment_intent}. Other paths are ignored (Stripe would refuse some).
     */
    synchronized Map<String, Object> expand(Map<String, Object> json, List<String> paths) {
        if (paths.isEmpty()) {
            return json;
        }
        Map<String, Object> out = new LinkedHashMap<>(json);
        for (String path : paths) {
            if ("line_items".equals(path) && "checkout.session".equals(out.get("object"))) {
                SessionState s = sessions.get((String) out.get("id"));
                if (s != null) {
                    out.put("line_items", s.lineItemsJson());
                }
            } else if (path.equals("payment_intent") || path.startsWith("payment_intent.")) {
                PaymentState p = out.get("payment_intent") instanceof String id ? payments.get(id) : null;
                if (p != null) {
                    Map<String, Object> pi = p.paymentIntentJson();
                    if (path.equals("payment_intent.latest_charge") && p.chargeId != null) {
                        pi.put("latest_charge", p.chargeJson());
                    }
                    out.put("payment_intent", pi);
                }
            } else if ("charge".equals(path) && out.get("charge") instanceof String chargeId) {
                String pi = paymentByCharge.get(chargeId);
                if (pi != null) {
                    // paymentByCharge only points at payments in `payments`, and reset() clears both.
                    out.put("charge", Objects.requireNonNull(payments.get(pi)).chargeJson());
                }
            }
        }
        return out;
    }

    private SimulatedEvent emit(SimulatedEvent event) {
        events.add(event);
        return event;
    }

    // ---- snapshots ------------------------------------------------------------------------

    synchronized SimulatedSession session(String id) {
        return known(id).snapshot();
    }

    synchronized List<SimulatedSession> sessions() {
        List<SimulatedSession> out = new ArrayList<>();
        sessions.values().forEach(s -> out.add(s.snapshot()));
        return List.copyOf(out);
    }

    synchronized List<SimulatedRefund> refunds() {
        return List.copyOf(refunds);
    }

    synchronized List<SimulatedEvent> events() {
        return List.copyOf(events);
    }

    /** What the hosted page shows, or null for an unknown session. */
    synchronized CheckoutPage.@Nullable View pageView(String id) {
        SessionState s = sessions.get(id);
        return s == null ? null : new CheckoutPage.View(s.snapshot(), s.params.lineItems());
    }

    synchronized void reset() {
        sessions.clear();
        payments.clear();
        paymentByCharge.clear();
        refunds.clear();
        events.clear();
        idempotency.clear();
    }
}
