package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input over HTTP: fuzzed checkout bodies always get a 4xx with a JSON {@code {error, message}} and
 * change nothing (no place, no reservation, no request to Stripe); forged, replayed or foreign-signed
 * webhooks get 400 and change nothing; well-signed events about sessions that are not ours are acknowledged
 * and ignored. The {@link LogAudit} then finds no secret and no card number in any log line, though the
 * bodies carried both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(LogAudit.class)
abstract class HostileInputTestBase {

    static final String SLUG = "hostile";
    static final int CAPACITY = 5;
    static final long SEED = Long.getLong("booking.reliability.seed", System.nanoTime());

    final MutableClock clock = MutableClock.startingNow();
    Backend backend;
    StripeSimulator stripe;
    BookingNode node;
    Http http;
    BookingStores stores;

    abstract Backend openBackend() throws Exception;

    /** How many fuzzed bodies in CI. */
    abstract int fuzzedBodies();

    @BeforeAll
    void start() throws Exception {
        backend = openBackend();
        stores = backend.checkStores();
        stores.sejours().save(new Sejour(SLUG, "Hostile", Money.of(70_000, "eur"), CAPACITY));
        stripe = StripeSimulator.builder().clock(clock).apiKey(BookingNode.SECRET_KEY).autoDeliver(false).start();
        node = BookingNode.start("hostile", backend.newInstanceStores(), stripe, clock);
        http = new Http();
    }

    @AfterAll
    void stop() throws Exception {
        try (Backend b = backend; StripeSimulator s = stripe; Http h = http; BookingNode n = node) {
            // closes all
        }
    }

    @Test
    @Order(1)
    void fuzzedCheckoutBodiesAlwaysGetA4xxJsonErrorAndChangeNothing() {
        Summary summary = Summary.of(getClass().getSimpleName() + ".checkout(" + backend.name() + ")").put("seed", SEED);
        List<HostileBodies.Body> bodies = new ArrayList<>(HostileBodies.fixed(SLUG));
        HostileBodies fuzz = new HostileBodies(SEED, SLUG);
        int count = Summary.scaled(fuzzedBodies());
        for (int i = 0; i < count; i++) {
            bodies.add(fuzz.next());
        }
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        long bytes = 0;
        for (HostileBodies.Body body : bodies) {
            Http.Answer answer = post(body);
            statuses.merge(answer.status(), 1, Integer::sum);
            bytes += body.bytes().length;
            assertThat(answer.status()).as("seed %d, %s: %s", SEED, body, answer).isBetween(400, 499);
            assertThat(answer.isJsonError()).as("seed %d, %s: %s", SEED, body, answer).isTrue();
            assertThat(answer.body()).doesNotContain("Exception", "at dev.sejour", BookingNode.SECRET_KEY);
        }
        assertThat(stores.sejours().findBySlug(SLUG).orElseThrow().placesLeft()).isEqualTo(CAPACITY);
        assertThat(stores.countPlaces(SLUG).held()).isZero();
        backend.reservationRows().ifPresent(rows -> assertThat(rows).as("reservations").isZero());
        assertThat(stripe.requests()).as("requests to Stripe").isEmpty();
        summary.put("bodies", bodies.size()).put("megabytesSent", bytes / (1024 * 1024)).put("statuses", statuses).print();
    }

    private Http.Answer post(HostileBodies.Body body) {
        try {
            return http.post(node.checkoutUri(), body.contentType(), body.bytes(), null);
        } catch (UncheckedIOException e) {
            // Past the 16 KiB limit the server answers 413 with "Connection: close" and stops reading; the JDK
            // client, still sending, may then lose the answer. The later requests show the server is fine.
            assertThat(body.bytes().length).as("only an oversized body may cut the connection: %s (%s)", body, e.getCause())
                    .isGreaterThan(16 * 1024);
            return new Http.Answer(413, "{\"error\":\"payload_too_large\",\"message\":\"cut\"}",
                    Http.JSON.createObjectNode().put("error", "payload_too_large").put("message", "cut"));
        }
    }

    @Test
    @Order(2)
    void wellFormedButStrangeNamesNeverBreakTheStore() {
        // Valid requests whose names carry what a database or a mail header may choke on: never a 5xx.
        List<String> names = List.of("\\uD800", "\\uDFFF\\uD800", "\u202Eevil\u202C", "\u05E9\u05DC\u05D5\u05DD", "👩‍👩‍👧",
                "O'Brien; DROP TABLE x", "é".repeat(100), "\\uFEFF");
        List<String> ids = new ArrayList<>();
        for (String name : names) {
            Http.Answer answer = http.post(node.checkoutUri(), "application/json",
                    HostileBodies.validBody(SLUG, name, name).getBytes(StandardCharsets.UTF_8), null);
            assertThat(answer.status()).as("name %s: %s", name, answer).isIn(200, 400, 409);
            if (answer.status() == 200) {
                ids.add(answer.json().path("reservationId").asText());
                // Give the place back so that the next name finds one.
                stripe.expire(answer.json().path("sessionId").asText());
                SimulatedEvent expired = stripe.events().get(stripe.events().size() - 1);
                assertThat(http.deliver(node, expired, clock.instant()).status()).isEqualTo(200);
            }
        }
        assertThat(ids).as("most of those names are fine").hasSizeGreaterThanOrEqualTo(names.size() / 2);
        node.settle();
        Invariants.check(stores, SLUG, CAPACITY, stripe, List.of(node.notifier), ids);
        assertThat(stores.sejours().findBySlug(SLUG).orElseThrow().placesLeft()).isEqualTo(CAPACITY);
        stripe.reset();
    }

    @Test
    @Order(3)
    void forgedReplayedOrForeignSignedWebhooksAre400AndChangeNothing() {
        Summary summary = Summary.of(getClass().getSimpleName() + ".webhook(" + backend.name() + ")");
        Http.Answer checkout = http.checkout(node, Http.buyer(SLUG, 2, 1));
        String id = checkout.json().path("reservationId").asText();
        SimulatedEvent paid = stripe.pay(checkout.json().path("sessionId").asText());
        byte[] payload = paid.payloadBytes();
        Instant now = clock.instant();
        String valid = WebhookSigner.signatureHeader(payload, BookingNode.WEBHOOK_SECRET, now);
        // One more space at the end: still the same JSON, no longer the signed bytes.
        byte[] tampered = (paid.payload() + " ").getBytes(StandardCharsets.UTF_8);
        Map<String, Runnable> forgeries = new LinkedHashMap<>();
        List<Object[]> attempts = List.of(
                new Object[] {"no signature", payload, null},
                new Object[] {"empty signature", payload, ""},
                new Object[] {"garbage signature", payload, "garbage"},
                new Object[] {"random v1", payload, "t=" + now.getEpochSecond() + ",v1=" + "ab".repeat(32)},
                new Object[] {"another account's secret", payload,
                        WebhookSigner.signatureHeader(payload, "whsec_anotherAccountsSecret000", now)},
                new Object[] {"replayed past the tolerance", payload,
                        WebhookSigner.signatureHeader(payload, BookingNode.WEBHOOK_SECRET, now.minus(Duration.ofMinutes(6)))},
                new Object[] {"signed in the future", payload,
                        WebhookSigner.signatureHeader(payload, BookingNode.WEBHOOK_SECRET, now.plus(Duration.ofMinutes(6)))},
                new Object[] {"tampered payload", tampered, valid},
                new Object[] {"v0 only", payload, valid.replace("v1=", "v0=")},
                new Object[] {"timestamp not a number", payload, valid.replace("t=" + now.getEpochSecond(), "t=abc")},
                new Object[] {"sixty wrong v1", payload, "t=" + now.getEpochSecond() + (",v1=" + "0".repeat(64)).repeat(60)},
                new Object[] {"signed garbage", "not json".getBytes(StandardCharsets.UTF_8),
                        WebhookSigner.signatureHeader("not json", BookingNode.WEBHOOK_SECRET, now)},
                new Object[] {"invalid UTF-8", new byte[] {(byte) 0xFF, (byte) 0xFE}, valid});
        int refused = 0;
        for (Object[] attempt : attempts) {
            Http.Answer answer = http.post(node.webhookUri(), "application/json", (byte[]) attempt[1], (String) attempt[2]);
            assertThat(answer.status()).as("%s: %s", attempt[0], answer).isBetween(400, 499);
            assertThat(answer.isJsonError()).as("%s: %s", attempt[0], answer).isTrue();
            assertThat(stores.reservations().findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.PENDING);
            refused++;
        }
        assertThat(forgeries).isEmpty();
        assertThat(node.settle().notifier.deliveredFor(id)).isEmpty();

        // Well signed, but not ours: acknowledged (so Stripe stops), ignored.
        List<String> foreign = List.of(
                event("checkout.session.completed", false, session("cs_test_unknownSession", "pi_unknown", null)),
                event("checkout.session.completed", false, session("cs_test_unknownSession", "pi_unknown", "res_unknown")),
                event("checkout.session.completed", true, session("cs_live_otherMode", "pi_live", id)),
                event("checkout.session.expired", false, session("cs_test_unknownSession", null, id)),
                event("charge.refunded", false, charge("pi_unknown", "res_unknown")),
                event("charge.refunded", false, charge("pi_someoneElsesPayment", id)),
                event("payment_intent.succeeded", false, Http.JSON.createObjectNode().put("id", "pi_x")));
        for (String event : foreign) {
            Http.Answer answer = http.post(node.webhookUri(), "application/json", event.getBytes(StandardCharsets.UTF_8),
                    WebhookSigner.signatureHeader(event, BookingNode.WEBHOOK_SECRET, clock.instant()));
            assertThat(answer.status()).as("%s: %s", event, answer).isEqualTo(200);
            assertThat(answer.json().path("disposition").asText()).as("%s", event).isEqualTo("ignored");
        }
        assertThat(stores.reservations().findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.PENDING);
        assertThat(stripe.refunds()).isEmpty();
        BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);

        // The genuine delivery still works, once.
        assertThat(http.deliver(node, paid, clock.instant()).status()).isEqualTo(200);
        assertThat(stores.reservations().findById(id).orElseThrow().status()).isEqualTo(ReservationStatus.PAID);
        node.settle();
        Invariants.check(stores, SLUG, CAPACITY, stripe, List.of(node.notifier), List.of(id));

        // Odd lookups of the confirmation page.
        for (String query : List.of("", "session_id=", "session_id=" + "x".repeat(300), "session_id=%00", "session_id=cs_test_nope")) {
            Http.Answer answer = http.send(HttpRequest.newBuilder(URI.create(node.reservationUri("x") .toString()
                    .replace("session_id=x", query))).GET().build());
            assertThat(answer.status()).as("%s: %s", query, answer).isBetween(400, 499);
        }
        summary.put("forgedRefused", refused).put("foreignIgnored", foreign.size()).print();
    }

    private String event(String type, boolean livemode, JsonNode object) {
        ObjectNode event = Http.JSON.createObjectNode().put("id", "evt_forged" + type.hashCode()).put("object", "event")
                .put("type", type).put("livemode", livemode).put("created", clock.instant().getEpochSecond())
                .put("api_version", "2025-01-27.acacia");
        event.putObject("data").set("object", object);
        return event.toString();
    }

    private ObjectNode session(String id, String paymentIntent, String reservationId) {
        ObjectNode session = Http.JSON.createObjectNode().put("id", id).put("object", "checkout.session")
                .put("status", "complete").put("payment_status", "paid").put("amount_total", 140_000)
                .put("currency", "eur").put("payment_intent", paymentIntent).put("livemode", id.startsWith("cs_live"));
        ObjectNode metadata = session.putObject("metadata");
        if (reservationId != null) {
            metadata.put("reservation_id", reservationId);
            session.put("client_reference_id", reservationId);
        }
        return session;
    }

    private ObjectNode charge(String paymentIntent, String reservationId) {
        ObjectNode charge = Http.JSON.createObjectNode().put("id", "ch_forged").put("object", "charge")
                .put("amount", 140_000).put("amount_refunded", 140_000).put("refunded", true)
                .put("payment_intent", paymentIntent).put("currency", "eur");
        charge.putObject("metadata").put("reservation_id", reservationId);
        return charge;
    }
}
