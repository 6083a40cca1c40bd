package dev.sejour.booking.servlet;

import static dev.sejour.booking.servlet.TestStores.ALMOST_FULL_SLUG;
import static dev.sejour.booking.servlet.TestStores.CAPACITY;
import static dev.sejour.booking.servlet.TestStores.SLUG;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.servlet.testlog.CapturedLogs;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.RecordingNotifier;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.testkit.stripe.Delivery;
import dev.sejour.booking.testkit.stripe.Fault;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

/**
 * The endpoints over real HTTP in a real servlet container, with the Stripe simulator delivering signed
 * webhooks to it. One container, simulator and booking service per class; every test starts from fresh
 * stores and ends with the books balanced. Each container runs this suite through a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BookingEndpointsContract {

    static final String SECRET_KEY = "sk_test_51ServletSuiteSecretKeyNeverShown";
    static final String WEBHOOK_SECRET = "whsec_servletSuiteSigningSecretNeverShown";
    static final String BASE = "/api/paiement";
    static final String OTHER_BASE = "/shop/pay";
    static final String ADMIN = "/api/admin";
    static final String ADMIN_TOKEN = "organiser-token-0123456789abcdef";
    static final EndpointLimits OTHER_LIMITS = new EndpointLimits(1024, 8 * 1024);
    /** Endpoints behind a per-client limit of 2 requests (then 1 a minute), the test client being a trusted proxy. */
    static final String LIMITED_BASE = "/limited";
    /** The same limit with no trusted proxy: forwarding headers are not believed. */
    static final String UNTRUSTED_BASE = "/untrusted";
    static final String SEED_JSON = "{\"slug\":\"yoga_aux_choseaux\",\"nbPlaces\":2,\"email\":\"david@example.com\","
            + "\"nom\":\"Devillers\",\"prenom\":\"David\"}";

    final MutableClock clock = MutableClock.startingNow();
    final RecordingNotifier notifier = new RecordingNotifier();
    final TestStores stores = new TestStores();
    StripeSimulator stripe;
    BookingService booking;
    ServletContainer container;
    URI root;
    HttpClient http;

    /** A new, not yet started container. */
    abstract ServletContainer newContainer();

    @BeforeAll
    void startStripeBookingAndContainer() throws Exception {
        stripe = StripeSimulator.builder().clock(clock).apiKey(SECRET_KEY).start();
        booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .notifier(notifier)
                .stripeSecretKey(SECRET_KEY)
                .webhookSecret(WEBHOOK_SECRET)
                .stripeApiBase(stripe.apiBase())
                .baseUrl("https://sejours.example.org")
                .clock(clock)
                .stripeConnectTimeout(Duration.ofSeconds(2))
                .stripeReadTimeout(Duration.ofSeconds(5))
                .stripeMaxNetworkRetries(0)
                .build();
        container = newContainer();
        root = container.start(context -> {
            BookingEndpoints.register(context, booking, BASE);
            BookingEndpoints.register(context, booking, OTHER_BASE + "/", OTHER_LIMITS);
            BookingEndpoints.registerAdmin(context, booking, ADMIN, AdminAuthorizer.bearerToken(ADMIN_TOKEN));
            BookingEndpoints.register(context, booking, LIMITED_BASE);
            BookingEndpoints.limitClients(context, LIMITED_BASE, ClientLimit.builder().burst(2).requestsPerMinute(1)
                    .trustedProxies("127.0.0.1", "0:0:0:0:0:0:0:1").clock(clock).build());
            BookingEndpoints.register(context, booking, UNTRUSTED_BASE);
            BookingEndpoints.limitClients(context, UNTRUSTED_BASE, ClientLimit.builder().burst(2).requestsPerMinute(1)
                    .clock(clock).build());
        });
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (booking != null) {
                booking.close();
            }
            if (container != null) {
                container.close();
            }
        } finally {
            if (stripe != null) {
                stripe.close();
            }
        }
    }

    @BeforeEach
    void freshState() {
        stores.reset();
        stripe.reset();
        stripe.webhookEndpoint(uri(BASE + "/stripe-webhook"), WEBHOOK_SECRET);
        stripe.autoDeliver(true);
        settled(); // what an earlier test handed to the notification threads must not count here
        notifier.clear();
        clock.set(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
        CapturedLogs.clear();
    }

    @AfterEach
    void booksBalance() {
        BookingAssertions.assertBooksBalance(stores.current(), SLUG, CAPACITY);
        BookingAssertions.assertBooksBalance(stores.current(), ALMOST_FULL_SLUG, 1);
    }

    // ---- the flow ------------------------------------------------------------------------------

    @Test
    void sellsPlacesFromCheckoutToPaidWebhookToConfirmation() {
        Reply created = postJson(BASE + "/stripe-session", SEED_JSON);

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.contentType()).startsWith("application/json");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        JsonNode checkout = created.json();
        String sessionId = checkout.path("sessionId").asText();
        String reservationId = checkout.path("reservationId").asText();
        assertThat(sessionId).startsWith("cs_test_");
        assertThat(checkout.path("url").asText()).startsWith(stripe.apiBase()).contains(sessionId);
        assertThat(Instant.parse(checkout.path("expiresAt").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(checkout.path("resumed").asBoolean(true)).isFalse();
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        assertThat(stores.reservation(reservationId).orElseThrow().status()).isEqualTo(ReservationStatus.PENDING);

        SimulatedEvent paid = stripe.pay(sessionId);

        assertThat(stripe.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.eventId()).isEqualTo(paid.id());
            assertThat(d.statusCode()).as(d.toString()).isEqualTo(200);
            JsonNode ack = Reply.parse("HTTP/1.1 200 OK\r\n\r\n" + d.responseBody()).json();
            assertThat(ack.path("received").asBoolean()).isTrue();
            assertThat(ack.path("disposition").asText()).isEqualTo("applied");
        });

        Reply found = get(BASE + "/reservation?session_id=" + sessionId);

        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        assertThat(found.contentType()).startsWith("application/json");
        JsonNode view = found.json();
        assertThat(view.path("reservationId").asText()).isEqualTo(reservationId);
        assertThat(view.path("sejourSlug").asText()).isEqualTo(SLUG);
        assertThat(view.path("nbPlaces").asInt()).isEqualTo(2);
        assertThat(view.path("acheteur").path("email").asText()).isEqualTo("david@example.com");
        assertThat(view.path("acheteur").path("nom").asText()).isEqualTo("Devillers");
        assertThat(view.path("acheteur").path("prenom").asText()).isEqualTo("David");
        assertThat(view.path("statut").asText()).isEqualTo("payee");
        assertThat(view.path("montant").asLong()).isEqualTo(180_000);
        assertThat(view.path("devise").asText()).isEqualTo("eur");
        assertThat(view.path("stripeSessionId").asText()).isEqualTo(sessionId);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        assertThat(settled().delivered()).singleElement()
                .satisfies(n -> assertThat(n.reservation().id()).isEqualTo(reservationId));
    }

    @Test
    void aPaidSessionWhoseReservationTheStoreLostIsRebuiltByTheConfirmationPageAndTheWebhookAgrees() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();
        stores.reset(); // a restored backup, a table emptied by hand: the hold is gone, its session is not
        stripe.autoDeliver(false);
        SimulatedEvent paid = stripe.pay(sessionId);

        Reply found = get(BASE + "/reservation?session_id=" + sessionId);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("statut").asText()).isEqualTo("payee");
        assertThat(found.json().path("acheteur").path("email").asText()).isEqualTo("david@example.com");
        assertThat(found.json().path("montant").asLong()).isEqualTo(180_000);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        Delivery late = stripe.deliver(paid);
        assertThat(late.responseBody()).contains("\"disposition\":\"duplicate\"");
        assertThat(settled().delivered()).hasSize(1);
        assertThat(stripe.refunds()).isEmpty();
        assertThat(CapturedLogs.events()).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo(Level.ERROR);
            assertThat(e.logger()).isEqualTo("dev.sejour.booking.Fulfilment");
            assertThat(e.message()).contains(sessionId, "rebuilt", "payee");
        });
    }

    @Test
    void confirmationPageFulfilsAPaymentWhoseWebhookHasNotArrived() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();
        stripe.autoDeliver(false);
        SimulatedEvent paid = stripe.pay(sessionId);
        assertThat(stripe.deliveries()).isEmpty();

        Reply found = get(BASE + "/reservation?session_id=" + sessionId);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("statut").asText()).isEqualTo("payee");
        assertThat(found.json().path("paidAt").asText()).isNotEmpty();
        assertThat(settled().delivered()).hasSize(1);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);

        // The webhook arriving late changes nothing and tells nobody twice.
        Delivery late = stripe.deliver(paid);
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.responseBody()).contains("\"disposition\":\"duplicate\"");
        assertThat(settled().delivered()).hasSize(1);
    }

    @Test
    void theBuyerCancellingFromTheCancelUrlGivesThePlacesBackAtOnce() {
        JsonNode checkout = postJson(BASE + "/stripe-session", SEED_JSON).json();
        String reservationId = checkout.path("reservationId").asText();
        assertThat(stripe.session(checkout.path("sessionId").asText()).cancelUrl())
                .endsWith("/reservation/annulation?reservation_id=" + reservationId);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);

        Reply cancelled = postJson(BASE + "/reservation/cancel", "{\"reservationId\":\"" + reservationId + "\"}");

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().path("statut").asText()).isEqualTo("expiree");
        assertThat(stripe.session(checkout.path("sessionId").asText()).status()).isEqualTo("expired");
        // Expiring the session makes Stripe send checkout.session.expired just after answering. It usually finds
        // the reservation already expired (duplicate); on a busy machine it may win the race against the
        // cancel's own release (applied): either way the places go back once, as the count below proves.
        // Wait for it, so it cannot land in the next test.
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stripe.deliveries())
                .anySatisfy(d -> {
                    assertThat(d.eventType()).isEqualTo("checkout.session.expired");
                    assertThat(d.responseBody()).containsAnyOf("\"disposition\":\"duplicate\"",
                            "\"disposition\":\"applied\"");
                }));
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
        Reply again = postJson(BASE + "/reservation/cancel", "{\"reservationId\":\"" + reservationId + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
    }

    @Test
    void aCancelWithAMalformedOrUnknownIdIsRefused() {
        assertRefused(postJson(BASE + "/reservation/cancel", "{\"reservationId\":\"../../etc\"}"), 400,
                "invalid_request");
        assertRefused(postJson(BASE + "/reservation/cancel", "{\"reservationId\":\"res_"
                + "0".repeat(24) + "\"}"), 404, "reservation_not_found");
        assertRefused(postJson(BASE + "/reservation/cancel", "{}"), 400, "invalid_request");
        assertRefused(get(BASE + "/reservation/cancel"), 405, "method_not_allowed");
        assertNothingChanged();
    }

    @Test
    void theSameBuyerStartingAgainResumesTheirOpenCheckout() {
        JsonNode first = postJson(BASE + "/stripe-session", SEED_JSON).json();

        Reply again = postJson(BASE + "/stripe-session", seedWith("email", "\"David@Example.com\""));

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("resumed").asBoolean()).isTrue();
        assertThat(again.json().path("reservationId").asText()).isEqualTo(first.path("reservationId").asText());
        assertThat(again.json().path("url").asText()).isEqualTo(first.path("url").asText());
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
    }

    @Test
    void theSameBuyerAskingForOtherPlacesReplacesTheirCheckout() {
        JsonNode first = postJson(BASE + "/stripe-session", SEED_JSON).json();

        Reply other = postJson(BASE + "/stripe-session", seedWith("nbPlaces", "3"));

        assertThat(other.status()).as(other.toString()).isEqualTo(200);
        assertThat(other.json().path("resumed").asBoolean()).isFalse();
        assertThat(stores.reservation(first.path("reservationId").asText()).orElseThrow().status())
                .isEqualTo(ReservationStatus.EXPIRED);
        assertThat(stripe.session(first.path("sessionId").asText()).status()).isEqualTo("expired");
        assertThat(stores.placesLeft(SLUG)).isEqualTo(7);
        // Expiring the session makes Stripe send checkout.session.expired: let it land in this test.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stripe.deliveries())
                .anySatisfy(d -> assertThat(d.eventType()).isEqualTo("checkout.session.expired")));
    }

    @Test
    void aBuyerOverTheirPendingCheckoutLimitIsRefusedWith429() {
        assertThat(postJson(BASE + "/stripe-session", SEED_JSON).status()).isEqualTo(200);
        assertThat(postJson(BASE + "/stripe-session", seedWith("slug", "\"" + ALMOST_FULL_SLUG + "\"")
                .replace("\"nbPlaces\":2", "\"nbPlaces\":1")).status()).isEqualTo(200);
        stores.sejours().save(new dev.sejour.booking.Sejour("troisieme", "Troisième", TestStores.PRICE, 5));
        int requests = stripe.requests().size();

        Reply refused = postJson(BASE + "/stripe-session", seedWith("slug", "\"troisieme\""));

        assertRefused(refused, 429, "too_many_pending_checkouts");
        assertThat(stores.placesLeft("troisieme")).isEqualTo(5);
        assertThat(stripe.requests()).hasSize(requests);
        // The two holds end here, so that the books of the shared séjours balance.
        stores.allReservations().forEach(r -> booking.cancelCheckout(r.id()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(stripe.deliveries())
                .filteredOn(d -> d.eventType().equals("checkout.session.expired")).hasSize(2));
    }

    @Test
    void anEarlierCheckoutPaidMeanwhileAnswers409AndHoldsNothingNew() {
        JsonNode first = postJson(BASE + "/stripe-session", SEED_JSON).json();
        stripe.autoDeliver(false);
        stripe.pay(first.path("sessionId").asText());

        Reply again = postJson(BASE + "/stripe-session", seedWith("nbPlaces", "3"));

        assertRefused(again, 409, "checkout_already_paid");
        assertThat(stores.reservation(first.path("reservationId").asText()).orElseThrow().status())
                .isEqualTo(ReservationStatus.PAID);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
    }

    @Test
    void aBurstOfConfirmationLookupsAsksStripeOnce() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();

        for (int i = 0; i < 50; i++) {
            Reply found = get(BASE + "/reservation?session_id=" + sessionId);
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.json().path("statut").asText()).isEqualTo("en_attente");
        }

        assertThat(stripe.requests()).filteredOn(r -> r.method().equals("GET")
                && r.path().equals("/v1/checkout/sessions/" + sessionId)).hasSize(1);
    }

    @Test
    void theOptInClientLimitAnswers429PerClientAndNeverLimitsStripe() throws Exception {
        String lookup = LIMITED_BASE + "/reservation?session_id=cs_test_unknown";
        HttpRequest.Builder fromA = HttpRequest.newBuilder(uri(lookup)).header("X-Forwarded-For", "198.51.100.1");
        assertThat(send(fromA.copy()).status()).isEqualTo(404);
        assertThat(send(fromA.copy()).status()).isEqualTo(404);

        Reply refused = send(fromA.copy());

        assertRefused(refused, 429, "too_many_requests");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(send(HttpRequest.newBuilder(uri(lookup)).header("X-Forwarded-For", "198.51.100.2")).status())
                .as("another client").isEqualTo(404);
        Reply checkout = send(HttpRequest.newBuilder(uri(LIMITED_BASE + "/stripe-session"))
                .header("X-Forwarded-For", "198.51.100.1").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(SEED_JSON)));
        assertRefused(checkout, 429, "too_many_requests");
        byte[] payload = ("{\"id\":\"evt_other_2\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}")
                .getBytes(UTF_8);
        for (int i = 0; i < 5; i++) {
            Reply webhook = postWebhook(LIMITED_BASE, payload, WebhookSigner.signatureHeader(payload, WEBHOOK_SECRET,
                    clock.instant()));
            assertThat(webhook.status()).as("Stripe is never limited").isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(1));
        assertThat(send(fromA.copy()).status()).as("a minute later").isEqualTo(404);
        assertNothingChanged();
    }

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() {
        String lookup = UNTRUSTED_BASE + "/reservation?session_id=cs_test_unknown";
        for (int i = 0; i < 2; i++) {
            assertThat(send(HttpRequest.newBuilder(uri(lookup)).header("X-Forwarded-For", "203.0.113." + i)).status())
                    .isEqualTo(404);
        }

        Reply refused = send(HttpRequest.newBuilder(uri(lookup)).header("X-Forwarded-For", "203.0.113.99")
                .header("Forwarded", "for=203.0.113.98"));

        assertRefused(refused, 429, "too_many_requests");
        clock.advance(Duration.ofMinutes(2));
    }

    @Test
    void confirmationPageShowsAPendingReservationUntilPaid() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();

        Reply found = get(BASE + "/reservation?session_id=" + sessionId);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("statut").asText()).isEqualTo("en_attente");
        assertThat(found.json().has("paidAt")).isFalse();
        assertThat(settled().delivered()).isEmpty();
    }

    @Test
    void servesTheSameEndpointsUnderAnotherBasePath() {
        stripe.webhookEndpoint(uri(OTHER_BASE + "/stripe-webhook"), WEBHOOK_SECRET);

        Reply created = postJson(OTHER_BASE + "/stripe-session", SEED_JSON);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sessionId = created.json().path("sessionId").asText();
        stripe.pay(sessionId);
        assertThat(stripe.deliveries()).singleElement()
                .satisfies(d -> assertThat(d.endpoint().getPath()).isEqualTo(OTHER_BASE + "/stripe-webhook"))
                .satisfies(d -> assertThat(d.statusCode()).isEqualTo(200));
        Reply found = get(OTHER_BASE + "/reservation?session_id=" + sessionId);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("statut").asText()).isEqualTo("payee");
        assertThat(get(OTHER_BASE + "/nope").json().path("error").asText()).isEqualTo("not_found");
        // Its own limits: 1 KiB for a checkout.
        Reply large = postJson(OTHER_BASE + "/stripe-session", seedWith("nom", "\"" + "x".repeat(1100) + "\""));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().path("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void acceptsUnicodeNamesAndKeepsThemExactly() {
        String nom = "Dvořák-Ñúñez 王";
        String prenom = "Zoë 🌿 Åsa";
        Reply created = postJson(BASE + "/stripe-session", "{\"slug\":\"yoga_aux_choseaux\",\"nbPlaces\":1,"
                + "\"email\":\"zoe@exemple.fr\",\"nom\":\"" + nom + "\",\"prenom\":\"" + prenom + "\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String sessionId = created.json().path("sessionId").asText();
        JsonNode buyer = get(BASE + "/reservation?session_id=" + sessionId).json().path("acheteur");
        assertThat(buyer.path("nom").asText()).isEqualTo(nom);
        assertThat(buyer.path("prenom").asText()).isEqualTo(prenom);
        assertThat(stripe.session(sessionId).metadata()).containsEntry("nom", nom).containsEntry("prenom", prenom);
        // 100 characters, one of them outside the BMP: accepted.
        Reply longest = postJson(BASE + "/stripe-session", seedWith("nom", "\"" + "é".repeat(99) + "🌿\""));
        assertThat(longest.status()).as(longest.toString()).isEqualTo(200);
    }

    // ---- refused requests ------------------------------------------------------------------------

    /** A request that must be refused with {@code status} and {@code code}, changing nothing. */
    record Bad(String method, String path, String contentType, BodyPublisher body, int status, String code,
               String allow, byte[] raw) {

        static Bad of(String method, String path, String contentType, String body, int status, String code) {
            return new Bad(method, path, contentType,
                    body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body, UTF_8), status, code,
                    null, null);
        }

        /** Sent byte for byte on a socket, for what {@link URI} refuses to build. */
        static Bad raw(String requestHead, int status, String code) {
            return new Bad(null, null, null, null, status, code, null, requestHead.getBytes(UTF_8));
        }

        Bad allowing(String methods) {
            return new Bad(method, path, contentType, body, status, code, methods, raw);
        }
    }

    Stream<Arguments> badRequests() {
        Map<String, Bad> rows = new LinkedHashMap<>();
        String checkout = BASE + "/stripe-session";
        String json = "application/json";
        // Not a JSON object.
        rows.put("malformed JSON", Bad.of("POST", checkout, json, "{\"slug\":", 400, "invalid_request"));
        rows.put("not JSON", Bad.of("POST", checkout, json, "slug=yoga_aux_choseaux&nbPlaces=2", 400, "invalid_request"));
        rows.put("empty body", Bad.of("POST", checkout, json, "", 400, "invalid_request"));
        rows.put("JSON array", Bad.of("POST", checkout, json, "[" + SEED_JSON + "]", 400, "invalid_request"));
        rows.put("JSON string", Bad.of("POST", checkout, json, "\"yoga_aux_choseaux\"", 400, "invalid_request"));
        rows.put("JSON number", Bad.of("POST", checkout, json, "2", 400, "invalid_request"));
        rows.put("JSON null", Bad.of("POST", checkout, json, "null", 400, "invalid_request"));
        rows.put("two JSON objects", Bad.of("POST", checkout, json, SEED_JSON + SEED_JSON, 400, "invalid_request"));
        rows.put("invalid UTF-8", new Bad("POST", checkout, json, BodyPublishers.ofByteArray(
                seedWith("nom", "\"Dev#\"").replace("#", "\u00c3(").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                400, "invalid_request", null, null));
        rows.put("latin-1 bytes", new Bad("POST", checkout, json, BodyPublishers.ofByteArray(
                seedWith("nom", "\"Devill\u00e9rs\"").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)), 400,
                "invalid_request", null, null));
        rows.put("duplicate keys", Bad.of("POST", checkout, json,
                "{\"slug\":\"autre\"," + SEED_JSON.substring(1), 400, "invalid_request"));
        rows.put("nesting 1000 deep inside", Bad.of("POST", checkout, json,
                seedWith("extra", "[".repeat(1000) + "]".repeat(1000)), 400, "invalid_request"));
        rows.put("nesting 1000 deep", Bad.of("POST", checkout, json,
                "[".repeat(1000) + "]".repeat(1000), 400, "invalid_request"));
        // Missing or null fields.
        for (String field : List.of("slug", "nbPlaces", "email", "nom", "prenom")) {
            rows.put("missing " + field, Bad.of("POST", checkout, json, seedWithout(field), 400, "invalid_request"));
            rows.put("null " + field, Bad.of("POST", checkout, json, seedWith(field, "null"), 400, "invalid_request"));
        }
        // Wrong types.
        Map<String, String> wrongTypes = new LinkedHashMap<>();
        wrongTypes.put("nbPlaces \"2\"", "nbPlaces=\"2\"");
        wrongTypes.put("nbPlaces 2.5", "nbPlaces=2.5");
        wrongTypes.put("nbPlaces 2.0", "nbPlaces=2.0");
        wrongTypes.put("nbPlaces true", "nbPlaces=true");
        wrongTypes.put("nbPlaces [2]", "nbPlaces=[2]");
        wrongTypes.put("slug 5", "slug=5");
        wrongTypes.put("email []", "email=[]");
        wrongTypes.put("nom {}", "nom={}");
        wrongTypes.put("prenom false", "prenom=false");
        // Out of range.
        wrongTypes.put("nbPlaces 0", "nbPlaces=0");
        wrongTypes.put("nbPlaces -1", "nbPlaces=-1");
        wrongTypes.put("nbPlaces 11 (above 10)", "nbPlaces=11");
        wrongTypes.put("nbPlaces 2^31", "nbPlaces=2147483648");
        wrongTypes.put("nbPlaces -2^31-1", "nbPlaces=-2147483649");
        wrongTypes.put("nbPlaces 1e400", "nbPlaces=1e400");
        wrongTypes.put("nbPlaces 1e1", "nbPlaces=1e1");
        wrongTypes.put("nbPlaces 40 digits", "nbPlaces=" + "9".repeat(40));
        // Invalid emails.
        wrongTypes.put("email empty", "email=\"\"");
        wrongTypes.put("email without @", "email=\"david.example.com\"");
        wrongTypes.put("email without domain dot", "email=\"david@example\"");
        wrongTypes.put("email with space", "email=\"david devillers@example.com\"");
        wrongTypes.put("email with two @", "email=\"david@devillers@example.com\"");
        wrongTypes.put("email in angle brackets", "email=\"<david@example.com>\"");
        wrongTypes.put("email with CRLF header", "email=\"david@example.com\\r\\nBcc: eve@example.com\"");
        wrongTypes.put("email 255 chars", "email=\"" + "d".repeat(243) + "@example.com\"");
        // Names.
        wrongTypes.put("nom 101 chars", "nom=\"" + "n".repeat(101) + "\"");
        wrongTypes.put("prenom 101 chars", "prenom=\"" + "p".repeat(101) + "\"");
        wrongTypes.put("nom with LF", "nom=\"Dev\\nillers\"");
        wrongTypes.put("prenom with CR", "prenom=\"Da\\rvid\"");
        wrongTypes.put("nom with CRLF", "nom=\"Devillers\\r\\nX-Injected: 1\"");
        wrongTypes.put("nom with NUL", "nom=\"Dev\\u0000illers\"");
        wrongTypes.put("nom blank", "nom=\"   \"");
        wrongTypes.put("prenom empty", "prenom=\"\"");
        wrongTypes.put("slug with path", "slug=\"../etc/passwd\"");
        wrongTypes.put("slug empty", "slug=\"\"");
        wrongTypes.forEach((name, assignment) -> {
            String[] kv = assignment.split("=", 2);
            rows.put(name, Bad.of("POST", checkout, json, seedWith(kv[0], kv[1]), 400, "invalid_request"));
        });
        // The séjour.
        rows.put("unknown slug", Bad.of("POST", checkout, json, seedWith("slug", "\"stage_inconnu\""), 404,
                "sejour_not_found"));
        rows.put("not enough places", Bad.of("POST", checkout, json,
                seedWith("slug", "\"" + ALMOST_FULL_SLUG + "\""), 409, "not_enough_places"));
        // Size.
        String tooLarge = seedWith("nom", "\"" + "x".repeat(EndpointLimits.DEFAULT.maxCheckoutBytes()) + "\"");
        rows.put("body over the limit", Bad.of("POST", checkout, json, tooLarge, 413, "payload_too_large"));
        rows.put("chunked body over the limit", new Bad("POST", checkout, json,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge.getBytes(UTF_8))), 413,
                "payload_too_large", null, null));
        // Media type.
        rows.put("text/plain", Bad.of("POST", checkout, "text/plain", SEED_JSON, 415, "unsupported_media_type"));
        rows.put("no content type", Bad.of("POST", checkout, null, SEED_JSON, 415, "unsupported_media_type"));
        rows.put("JSON in ISO-8859-1", Bad.of("POST", checkout, "application/json; charset=iso-8859-1", SEED_JSON,
                415, "unsupported_media_type"));
        rows.put("form", Bad.of("POST", checkout, "application/x-www-form-urlencoded",
                "slug=yoga_aux_choseaux&nbPlaces=2", 415, "unsupported_media_type"));
        rows.put("application/jsonx", Bad.of("POST", checkout, "application/jsonx", SEED_JSON, 415,
                "unsupported_media_type"));
        // Methods.
        rows.put("GET stripe-session", Bad.of("GET", checkout, null, null, 405, "method_not_allowed").allowing("POST"));
        rows.put("PUT stripe-session", Bad.of("PUT", checkout, json, SEED_JSON, 405, "method_not_allowed")
                .allowing("POST"));
        rows.put("DELETE stripe-session", Bad.of("DELETE", checkout, null, null, 405, "method_not_allowed")
                .allowing("POST"));
        rows.put("PATCH stripe-session", Bad.of("PATCH", checkout, json, SEED_JSON, 405, "method_not_allowed")
                .allowing("POST"));
        rows.put("GET stripe-webhook", Bad.of("GET", BASE + "/stripe-webhook", null, null, 405,
                "method_not_allowed").allowing("POST"));
        rows.put("POST reservation", Bad.of("POST", BASE + "/reservation?session_id=cs_test_1", json, "{}", 405,
                "method_not_allowed").allowing("GET"));
        rows.put("DELETE reservation", Bad.of("DELETE", BASE + "/reservation?session_id=cs_test_1", null, null,
                405, "method_not_allowed").allowing("GET"));
        // Paths.
        rows.put("unknown path", Bad.of("GET", BASE + "/nope", null, null, 404, "not_found"));
        rows.put("POST unknown path", Bad.of("POST", BASE + "/stripe-sessions", json, SEED_JSON, 404, "not_found"));
        rows.put("base path", Bad.of("GET", BASE, null, null, 404, "not_found"));
        rows.put("base path with slash", Bad.of("GET", BASE + "/", null, null, 404, "not_found"));
        rows.put("trailing slash", Bad.of("POST", checkout + "/", json, SEED_JSON, 404, "not_found"));
        rows.put("deeper path", Bad.of("GET", BASE + "/reservation/x?session_id=cs_test_1", null, null, 404,
                "not_found"));
        // The confirmation lookup.
        rows.put("no session_id", Bad.of("GET", BASE + "/reservation", null, null, 400, "invalid_request"));
        rows.put("empty session_id", Bad.of("GET", BASE + "/reservation?session_id=", null, null, 400,
                "invalid_request"));
        rows.put("blank session_id", Bad.of("GET", BASE + "/reservation?session_id=%20%20", null, null, 400,
                "invalid_request"));
        rows.put("session_id 300 chars", Bad.of("GET", BASE + "/reservation?session_id=" + "c".repeat(300), null,
                null, 400, "invalid_request"));
        rows.put("unknown session", Bad.of("GET", BASE + "/reservation?session_id=cs_test_unknown", null, null,
                404, "reservation_not_found"));
        rows.put("malformed escape in query", Bad.raw("GET " + BASE + "/reservation?session_id=%ZZ HTTP/1.1\r\n",
                400, "invalid_request"));
        rows.put("invalid UTF-8 in query", Bad.raw("GET " + BASE + "/reservation?session_id=%C3%28 HTTP/1.1\r\n",
                400, "invalid_request"));
        return rows.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesBadRequestsWithAJsonErrorAndChangesNothing(String name, Bad bad) throws Exception {
        Reply reply;
        if (bad.raw() != null) {
            reply = rawExchange(bad.raw(), null);
        } else {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(bad.path()))
                    .timeout(Duration.ofSeconds(10))
                    .method(bad.method(), bad.body());
            if (bad.contentType() != null) {
                request.header("Content-Type", bad.contentType());
            }
            reply = Reply.of(http.send(request.build(), BodyHandlers.ofString(UTF_8)));
        }

        assertRefused(reply, bad.status(), bad.code());
        if (bad.allow() != null) {
            assertThat(reply.header("Allow")).as("Allow").contains(bad.allow());
        }
        assertNothingChanged();
    }

    @Test
    void refusesAHugeBodyWithoutReadingIt() throws Exception {
        int huge = 5 * 1024 * 1024;
        String head = "POST " + BASE + "/stripe-session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\n";

        // Declared length: refused from the headers; only the first 8 KiB are ever sent.
        long start = System.nanoTime();
        Reply declared = rawExchange((head + "Content-Length: " + huge + "\r\n\r\n").getBytes(UTF_8), new byte[8192]);
        assertRefused(declared, 413, "payload_too_large");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // Chunked, no length: refused once the limit (and a bounded drain) is passed, without waiting for
        // the rest: 48 KiB sent of a body that never ends.
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            chunks.write("1000\r\n".getBytes(UTF_8));
            chunks.write(new byte[4096]);
            chunks.write("\r\n".getBytes(UTF_8));
        }
        start = System.nanoTime();
        Reply chunked = rawExchange((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(UTF_8),
                chunks.toByteArray());
        assertRefused(chunked, 413, "payload_too_large");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // A client that sends the whole 5 MB gets the 413 too, promptly; or, when the server closed the
        // connection while the client was still writing, the client's write fails (broken pipe, reset) before
        // it reads the answer: TCP's race, not the servlet's. Either way the body was refused unread.
        start = System.nanoTime();
        try {
            Reply whole = Reply.of(http.send(HttpRequest.newBuilder(uri(BASE + "/stripe-session"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofByteArray(new byte[huge])).build(), BodyHandlers.ofString(UTF_8)));
            assertRefused(whole, 413, "payload_too_large");
        } catch (IOException closedWhileSending) {
            assertThat(closedWhileSending).hasMessageContaining("header parser received no bytes");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        // Expect: 100-continue: refused instead of "100 Continue", so the body is never sent. (On a
        // socket: java.net.http in Java 17 hangs on a final answer to Expect, JDK-8286171.)
        Reply expecting = rawExchange((head + "Content-Length: " + huge + "\r\nExpect: 100-continue\r\n\r\n")
                .getBytes(UTF_8), null);
        assertRefused(expecting, 413, "payload_too_large");

        // The server is fine afterwards.
        assertThat(postJson(BASE + "/stripe-session", SEED_JSON).status()).isEqualTo(200);
        stores.reset();
        stripe.reset();
    }

    @Test
    void headAndOptionsNeverFail() throws Exception {
        for (String path : List.of("/stripe-session", "/stripe-webhook", "/reservation?session_id=cs_test_x",
                "/nope", "")) {
            Reply head = Reply.of(http.send(HttpRequest.newBuilder(uri(BASE + path))
                    .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString(UTF_8)));
            assertThat(head.status()).as("HEAD " + path).isIn(405, 404);
            assertThat(head.body()).isEmpty();

            Reply options = Reply.of(http.send(HttpRequest.newBuilder(uri(BASE + path))
                    .method("OPTIONS", BodyPublishers.noBody()).build(), BodyHandlers.ofString(UTF_8)));
            assertThat(options.status()).as("OPTIONS " + path).isIn(204, 404);
            if (options.status() == 204) {
                assertThat(options.header("Allow")).contains("OPTIONS");
            }
        }
        assertThat(Reply.of(http.send(HttpRequest.newBuilder(uri(BASE + "/stripe-session"))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString(UTF_8)))
                .header("Allow")).contains("POST");
        // The connection is still usable for a real request.
        assertThat(get(BASE + "/reservation?session_id=cs_test_x").status()).isEqualTo(404);
        assertNothingChanged();
    }

    // ---- webhook -------------------------------------------------------------------------------

    /** A hold and the event of its payment, not delivered. */
    private SimulatedEvent pendingPayment() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();
        stripe.autoDeliver(false);
        return stripe.pay(sessionId);
    }

    Stream<Arguments> badSignatures() {
        return Stream.of(
                Arguments.of("no signature", (SignatureFor) (e, now) -> null, "invalid_signature"),
                Arguments.of("blank signature", (SignatureFor) (e, now) -> " ", "invalid_signature"),
                Arguments.of("garbage signature", (SignatureFor) (e, now) -> "garbage", "invalid_signature"),
                Arguments.of("v1 of another payload", (SignatureFor) (e, now) ->
                        WebhookSigner.signatureHeader("{}", WEBHOOK_SECRET, now), "invalid_signature"),
                Arguments.of("another secret", (SignatureFor) (e, now) ->
                        e.signatureHeader("whsec_someoneElse", now), "invalid_signature"),
                Arguments.of("stale timestamp", (SignatureFor) (e, now) ->
                        e.signatureHeader(WEBHOOK_SECRET, now.minus(Duration.ofMinutes(6))), "invalid_signature"),
                Arguments.of("future timestamp", (SignatureFor) (e, now) ->
                        e.signatureHeader(WEBHOOK_SECRET, now.plus(Duration.ofMinutes(6))), "invalid_signature"),
                Arguments.of("only v0 scheme", (SignatureFor) (e, now) ->
                        e.signatureHeader(WEBHOOK_SECRET, now).replace("v1=", "v0="), "invalid_signature"));
    }

    interface SignatureFor {
        String header(SimulatedEvent event, Instant now);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignatures")
    void refusesWebhooksWithoutAValidSignatureAndChangesNothing(String name, SignatureFor signature, String code)
            throws Exception {
        SimulatedEvent paid = pendingPayment();
        int requests = stripe.requests().size();

        Reply reply = postWebhook(BASE, paid.payloadBytes(), signature.header(paid, clock.instant()));

        assertRefused(reply, 400, code);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        assertThat(stores.allReservations()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.PENDING));
        assertThat(settled().attempts()).isZero();
        assertThat(stripe.requests()).hasSize(requests);
    }

    @Test
    void refusesASignedPayloadThatIsNotAnEvent() throws Exception {
        byte[] payload = "[1,2,3]".getBytes(UTF_8);
        Reply reply = postWebhook(BASE, payload, WebhookSigner.signatureHeader(payload, WEBHOOK_SECRET,
                clock.instant()));

        assertRefused(reply, 400, "invalid_request");
        Reply empty = postWebhook(BASE, new byte[0], WebhookSigner.signatureHeader(new byte[0], WEBHOOK_SECRET,
                clock.instant()));
        assertRefused(empty, 400, "invalid_request");
        assertNothingChanged();
    }

    @Test
    void acknowledgesEventsItDoesNotHandle() throws Exception {
        byte[] payload = ("{\"id\":\"evt_other_1\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_1\",\"object\":\"customer\"}}}")
                .getBytes(UTF_8);

        Reply reply = postWebhook(BASE, payload, WebhookSigner.signatureHeader(payload, WEBHOOK_SECRET,
                clock.instant()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("received").asBoolean()).isTrue();
        assertThat(reply.json().path("disposition").asText()).isEqualTo("ignored");
        assertNothingChanged();
    }

    @Test
    void acknowledgesADuplicateDeliveryWithoutDoingItTwice() {
        SimulatedEvent paid = pendingPayment();

        assertThat(stripe.deliver(paid).statusCode()).isEqualTo(200);
        Delivery again = stripe.deliver(paid);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.responseBody()).contains("duplicate");
        assertThat(settled().delivered()).hasSize(1);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
    }

    @Test
    void refusesAWebhookBodyOverItsLimit() throws Exception {
        SimulatedEvent paid = pendingPayment();
        byte[] payload = Arrays.copyOf(paid.payloadBytes(), EndpointLimits.DEFAULT.maxWebhookBytes() + 1);
        Arrays.fill(payload, paid.payloadBytes().length, payload.length, (byte) ' ');

        Reply reply = postWebhook(BASE, payload, WebhookSigner.signatureHeader(payload, WEBHOOK_SECRET,
                clock.instant()));

        assertRefused(reply, 413, "payload_too_large");
        Reply other = postWebhook(OTHER_BASE, Arrays.copyOf(payload, OTHER_LIMITS.maxWebhookBytes() + 1),
                "t=1,v1=00");
        assertRefused(other, 413, "payload_too_large");
        assertThat(stores.allReservations()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.PENDING));
    }

    @Test
    void aStoreFailureAnswers5xxSoStripeRetriesAndTheRetryCompletesTheSale() {
        SimulatedEvent paid = pendingPayment();
        stores.failNextTransitions(1);

        Delivery failed = stripe.deliver(paid);

        assertThat(failed.statusCode()).isEqualTo(500);
        Reply failure = Reply.parse("HTTP/1.1 500 x\r\n\r\n" + failed.responseBody());
        assertThat(failure.json().path("error").asText()).isEqualTo("internal_error");
        assertSafe(failure.body());
        // Nothing half-written: still held, still pending, nobody told.
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        Reservation held = stores.allReservations().get(0);
        assertThat(held.status()).isEqualTo(ReservationStatus.PENDING);
        assertThat(held.paymentIntentId()).isNull();
        assertThat(settled().attempts()).isZero();

        Delivery retried = stripe.deliver(paid);

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(retried.responseBody()).contains("applied");
        assertThat(stores.reservation(held.id()).orElseThrow().status()).isEqualTo(ReservationStatus.PAID);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
        assertThat(settled().delivered()).hasSize(1);
    }

    // ---- failures behind the endpoints -----------------------------------------------------------

    @Test
    void stripeFailingAtCheckoutAnswers502AndReleasesTheHold() {
        stripe.enqueueFault(Fault.status(500).forPath("/v1/checkout/sessions"));

        Reply reply = postJson(BASE + "/stripe-session", SEED_JSON);

        assertRefused(reply, 502, "payment_provider_unavailable");
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
        assertThat(stores.allReservations()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.FAILED));
        // Stripe is back: the next try sells.
        assertThat(postJson(BASE + "/stripe-session", SEED_JSON).status()).isEqualTo(200);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(8);
    }

    /** Issue 12's addresses: the checkout refuses what Stripe or the mailer would, naming the field. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"camille@.example.org", "camille@example..org", "a@-bad-.fr", "a.@b.fr",
        "jöhn@example.com"})
    void anAddressStripeOrTheMailerWouldRefuseIsRefusedNamingEmailAndNothingIsHeld(String email) {
        Reply reply = postJson(BASE + "/stripe-session", seedWith("email", "\"" + email + "\""));

        assertRefused(reply, 400, "invalid_request");
        assertThat(reply.json().path("message").asText()).startsWith("email ");
        assertNothingChanged();
        assertThat(stripe.requestCount("/v1/checkout/sessions")).isZero();
    }

    @Test
    void stripeRefusingTheBuyersEmailAnswers400NamingEmailAndReleasesTheHold() {
        stripe.enqueueFault(Fault.invalidEmail());

        Reply reply = postJson(BASE + "/stripe-session", SEED_JSON);

        assertRefused(reply, 400, "invalid_request");
        assertThat(reply.json().path("message").asText()).startsWith("email ");
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
        assertThat(stores.allReservations()).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReservationStatus.FAILED));
    }

    @Test
    void stripeRefusingAnythingElseAnswers502AndLogsStripesRequestId() {
        stripe.enqueueFault(Fault.invalidRequest("line_items[0][price_data][currency]", "parameter_invalid_empty",
                "Invalid currency").forPath("/v1/checkout/sessions"));

        Reply reply = postJson(BASE + "/stripe-session", SEED_JSON);

        assertRefused(reply, 502, "payment_provider_unavailable");
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
        assertThat(CapturedLogs.events()).anySatisfy(e -> {
            assertThat(e.logger()).isEqualTo("dev.sejour.booking.StripeGateway");
            assertThat(e.message()).containsPattern("request req_[A-Za-z0-9]+");
        });
    }

    @Test
    void aStoreFailureAtCheckoutAnswers500WithoutDetails() {
        stores.failNextHolds(1);

        Reply reply = postJson(BASE + "/stripe-session", SEED_JSON);

        assertRefused(reply, 500, "internal_error");
        assertThat(reply.body()).doesNotContain("hunter2", "jdbc:", "outage");
        assertNothingChanged();
    }

    // ---- logs ------------------------------------------------------------------------------------

    @Test
    void logsCarryTheIdsInTheMdcAndNeverASecret() throws Exception {
        Reply created = postJson(BASE + "/stripe-session", SEED_JSON);
        String sessionId = created.json().path("sessionId").asText();
        String reservationId = created.json().path("reservationId").asText();
        SimulatedEvent paid = stripe.pay(sessionId);
        get(BASE + "/reservation?session_id=" + sessionId);
        get(BASE + "/nope");
        postWebhook(BASE, paid.payloadBytes(), paid.signatureHeader("whsec_someoneElse", clock.instant()));
        stripe.enqueueFault(Fault.status(500).forPath("/v1/checkout/sessions"));
        postJson(BASE + "/stripe-session", SEED_JSON);
        stores.failNextTransitions(1);
        stripe.deliver(stripe.expire(postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId")
                .asText()));

        List<CapturedLogs.Event> servletLogs = CapturedLogs.events().stream()
                .filter(e -> e.logger().equals(BookingServlet.class.getName())).toList();
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains("stripe-session");
            assertThat(e.mdc()).containsEntry("reservationId", reservationId).containsEntry("sessionId", sessionId);
        });
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains(paid.id());
            assertThat(e.mdc()).containsEntry("eventId", paid.id()).containsEntry("reservationId", reservationId);
        });
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains("reservation");
            assertThat(e.mdc()).containsEntry("sessionId", sessionId).containsEntry("reservationId", reservationId);
        });
        // A later request on a pooled thread carries none of the earlier ids.
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains("not_found");
            assertThat(e.mdc()).doesNotContainKeys("reservationId", "sessionId", "eventId");
        });
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains("invalid_signature");
            assertThat(e.level()).isEqualTo(Level.INFO);
        });
        assertThat(servletLogs).anySatisfy(e -> {
            assertThat(e.message()).contains("internal_error");
            assertThat(e.level()).isEqualTo(Level.ERROR);
            assertThat(e.thrown()).contains("StoreException");
        });
        assertThat(CapturedLogs.events()).isNotEmpty().allSatisfy(e -> assertThat(e.fullText())
                .doesNotContain(SECRET_KEY, WEBHOOK_SECRET, "sk_test_51", "whsec_servlet"));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The notifier, once the service's notification threads finished what they were handed: buyers are told
     * outside the request, so a test waits for that (bounded generously) before looking.
     */
    // ---- the public catalogue and the organiser's endpoints ---------------------------------------

    @Test
    void thePublicCatalogueListsSejoursWithPriceAndPlacesLeft() {
        Reply all = get(BASE + "/sejours");
        Reply one = get(BASE + "/sejours/" + SLUG);

        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().path("sejours")).extracting(n -> n.path("slug").asText())
                .containsExactly(ALMOST_FULL_SLUG, SLUG);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().path("title").asText()).isNotBlank();
        assertThat(one.json().path("price").asLong()).isEqualTo(TestStores.PRICE.minorUnits());
        assertThat(one.json().path("currency").asText()).isEqualTo("eur");
        assertThat(one.json().path("placesLeft").asInt()).isEqualTo(CAPACITY);
        assertRefused(get(BASE + "/sejours/inconnu"), 404, "sejour_not_found");
        assertRefused(postJson(BASE + "/sejours", "{}"), 405, "method_not_allowed");
    }

    Reply admin(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(ADMIN + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json, UTF_8)));
    }

    Reply admin(String method, String path, String json) {
        return admin(method, path, json, ADMIN_TOKEN);
    }

    String paidReservation() {
        String sessionId = postJson(BASE + "/stripe-session", SEED_JSON).json().path("sessionId").asText();
        stripe.pay(sessionId);
        return stores.current().reservations().findByStripeSessionId(sessionId).orElseThrow().id();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wrong-token-0123456789abcdef", "organiser-token-0123456789abcdeF"})
    void theOrganisersEndpointsAnswer401WithoutTheRightTokenWhateverThePath(String token) {
        for (String path : List.of("/sejours", "/sejours/" + SLUG + "/reservations", "/nowhere")) {
            Reply reply = admin("GET", path, null, token.isEmpty() ? null : token);
            assertRefused(reply, 401, "unauthorized");
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertRefused(admin("POST", "/sejours/" + SLUG + "/places", "{\"delta\":5}", "x"), 401, "unauthorized");
        assertNothingChanged();
    }

    @Test
    void theOrganiserSeesPlacesHeldPaidAndWhoBooked() {
        String paid = paidReservation();
        postJson(BASE + "/stripe-session", SEED_JSON);

        Reply sejours = admin("GET", "/sejours", null);
        Reply reservations = admin("GET", "/sejours/" + SLUG + "/reservations?statut=payee", null);
        Reply page = admin("GET", "/sejours/" + SLUG + "/reservations?limit=1", null);

        assertThat(sejours.status()).as(sejours.toString()).isEqualTo(200);
        JsonNode yoga = java.util.stream.StreamSupport.stream(sejours.json().path("sejours").spliterator(), false)
                .filter(n -> n.path("slug").asText().equals(SLUG)).findFirst().orElseThrow();
        assertThat(yoga.path("placesLeft").asInt()).isEqualTo(6);
        assertThat(yoga.path("held").asInt()).isEqualTo(2);
        assertThat(yoga.path("paid").asInt()).isEqualTo(2);
        assertThat(yoga.path("capacity").asInt()).isEqualTo(CAPACITY);
        assertThat(yoga.path("counts").path("payee").path("reservations").asInt()).isEqualTo(1);
        assertThat(reservations.json().path("reservations")).singleElement().satisfies(r -> {
            assertThat(r.path("reservationId").asText()).isEqualTo(paid);
            assertThat(r.path("acheteur").path("email").asText()).isEqualTo("david@example.com");
            assertThat(r.path("statut").asText()).isEqualTo("payee");
        });
        assertThat(page.json().path("reservations")).hasSize(1);
        String next = page.json().path("next").asText();
        Reply second = admin("GET", "/sejours/" + SLUG + "/reservations?limit=1&after=" + next, null);
        assertThat(second.json().path("reservations")).hasSize(1);
        assertThat(second.json().path("reservations").get(0).path("reservationId").asText()).isNotEqualTo(next);
        assertThat(second.json().path("next").isNull()).as("the last page, though full, names no next one: "
                + second).isTrue();
        assertRefused(admin("GET", "/sejours/" + SLUG + "/reservations?statut=paid", null), 400, "invalid_request");
        assertRefused(admin("GET", "/sejours/" + SLUG + "/reservations?limit=0", null), 400, "invalid_request");
        assertRefused(admin("GET", "/sejours/inconnu/reservations", null), 404, "sejour_not_found");
    }

    @Test
    void theReservationPagesRefuseBadLimitsAndCursorsOfOtherSejoursAndPageWithinAStatus() {
        String paid = paidReservation();
        String pending = postJson(BASE + "/stripe-session", SEED_JSON.replace("david@", "eve@")).json()
                .path("reservationId").asText();
        String paidLater = paidReservation();
        admin("PUT", "/sejours/stage_page", "{\"title\":\"Stage\",\"price\":1000,\"currency\":\"eur\",\"places\":4}");
        String other = postJson(BASE + "/stripe-session", SEED_JSON.replace("yoga_aux_choseaux", "stage_page"))
                .json().path("reservationId").asText();
        String list = "/sejours/" + SLUG + "/reservations";

        for (String limit : List.of("0", "-1", "501", "abc", "1.5", "99999999999")) {
            assertRefused(admin("GET", list + "?limit=" + limit, null), 400, "invalid_request");
        }
        assertThat(admin("GET", list + "?limit=", null).status()).as("an empty limit is the default").isEqualTo(200);
        List<String> order = new java.util.ArrayList<>();
        admin("GET", list + "?limit=500", null).json().path("reservations")
                .forEach(r -> order.add(r.path("reservationId").asText()));
        assertThat(order).containsExactlyInAnyOrder(paid, pending, paidLater);
        assertThat(admin("GET", list + "?limit=1", null).json().path("next").asText()).isEqualTo(order.get(0));
        // A cursor names a reservation of this séjour: another séjour's, an unknown or a malformed id is refused.
        assertRefused(admin("GET", list + "?after=" + other, null), 400, "invalid_request");
        assertRefused(admin("GET", list + "?after=res_unknown000000000000000a", null), 400, "invalid_request");
        assertRefused(admin("GET", list + "?after=%00", null), 400, "invalid_request");
        // An unknown séjour is 404 whatever the cursor.
        assertRefused(admin("GET", "/sejours/inconnu/reservations?after=" + paid, null), 404, "sejour_not_found");
        // Within a status, a cursor of another status still marks a place in the order.
        List<String> paidAfterPending = order.subList(order.indexOf(pending) + 1, order.size()).stream()
                .filter(id -> !id.equals(pending)).toList();
        Reply afterPending = admin("GET", list + "?statut=payee&after=" + pending, null);
        List<String> listed = new java.util.ArrayList<>();
        afterPending.json().path("reservations").forEach(r -> listed.add(r.path("reservationId").asText()));
        assertThat(listed).isEqualTo(paidAfterPending);
        assertThat(afterPending.json().path("next").isNull()).isTrue();
        List<String> paidOrder = order.stream().filter(id -> !id.equals(pending)).toList();
        Reply firstPaid = admin("GET", list + "?statut=payee&limit=1", null);
        assertThat(firstPaid.json().path("next").asText()).isEqualTo(paidOrder.get(0));
        Reply secondPaid = admin("GET", list + "?statut=payee&limit=1&after=" + paidOrder.get(0), null);
        assertThat(secondPaid.json().path("reservations").get(0).path("reservationId").asText())
                .isEqualTo(paidOrder.get(1));
        assertThat(secondPaid.json().path("next").isNull()).isTrue();
    }

    @Test
    void theCsvExportIsADownloadWithABomAndNeutralisedFormulas() {
        postJson(BASE + "/stripe-session", seedWith("nom", "\"=cmd|' /C calc'!A0\""));

        Reply csv = admin("GET", "/sejours/" + SLUG + "/reservations.csv", null);

        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"reservations-" + SLUG + ".csv\"");
        assertThat(csv.body()).startsWith("\uFEFFreference;reserve_le;statut;nom;");
        assertThat(csv.body()).contains(";'=cmd|' /C calc'!A0;").doesNotContain(";=cmd");
    }

    @Test
    void theOrganiserCreatesASejourChangesItsTitleAndPriceAndItsPlacesOnlyByDelta() {
        Reply created = admin("PUT", "/sejours/stage_ete",
                "{\"title\":\"Stage d'été\",\"price\":52000,\"currency\":\"eur\",\"places\":4}");
        Reply renamed = admin("PUT", "/sejours/stage_ete",
                "{\"title\":\"Stage d'été 2027\",\"price\":55000,\"currency\":\"eur\"}");
        Reply placesByPut = admin("PUT", "/sejours/stage_ete",
                "{\"title\":\"Stage\",\"price\":1,\"currency\":\"eur\",\"places\":40}");
        Reply added = admin("POST", "/sejours/stage_ete/places", "{\"delta\":3}");
        Reply tooMany = admin("POST", "/sejours/stage_ete/places", "{\"delta\":-8}");
        Reply removed = admin("POST", "/sejours/stage_ete/places", "{\"delta\":-7}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("placesLeft").asInt()).isEqualTo(4);
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().path("title").asText()).isEqualTo("Stage d'été 2027");
        assertThat(renamed.json().path("price").asLong()).isEqualTo(55_000);
        assertThat(renamed.json().path("placesLeft").asInt()).isEqualTo(4);
        assertRefused(placesByPut, 409, "change_refused");
        assertThat(added.json().path("placesLeft").asInt()).isEqualTo(7);
        assertRefused(tooMany, 409, "change_refused");
        assertThat(removed.json().path("placesLeft").asInt()).isZero();
        assertRefused(admin("POST", "/sejours/stage_ete/places", "{\"delta\":\"3\"}"), 400, "invalid_request");
        assertRefused(admin("POST", "/sejours/stage_ete/places", "{\"delta\":1.5}"), 400, "invalid_request");
        assertRefused(admin("POST", "/sejours/inconnu/places", "{\"delta\":1}"), 404, "sejour_not_found");
        assertRefused(admin("PUT", "/sejours/neuf", "{\"title\":\"Neuf\",\"price\":1,\"currency\":\"eur\"}"),
                400, "invalid_request");
        assertRefused(admin("DELETE", "/sejours/stage_ete", null), 405, "method_not_allowed");
        assertThat(stores.placesLeft("stage_ete")).isZero();
    }

    @Test
    void theOrganiserRefundsAPaidReservationOnceAndTheBuyerIsTold() {
        String paid = paidReservation();
        settled();

        Reply refunded = admin("POST", "/reservations/" + paid + "/refund", null);
        Reply again = admin("POST", "/reservations/" + paid + "/refund", null);

        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
        assertThat(refunded.json().path("statut").asText()).isEqualTo("remboursee");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(stripe.refunds()).hasSize(1);
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY);
        assertThat(settled().deliveredFor(paid)).hasSize(2);
        assertRefused(admin("POST", "/reservations/res_inconnue/refund", null), 404, "reservation_not_found");
    }

    @Test
    void aPendingReservationIsNeitherRefundedNorResent() {
        String pending = postJson(BASE + "/stripe-session", SEED_JSON).json().path("reservationId").asText();

        assertRefused(admin("POST", "/reservations/" + pending + "/refund", null), 409, "change_refused");
        assertRefused(admin("POST", "/reservations/" + pending + "/resend", null), 409, "change_refused");
        assertThat(stripe.refunds()).isEmpty();
    }

    @Test
    void theOrganiserResendsAConfirmation() {
        String paid = paidReservation();
        settled();

        Reply resent = admin("POST", "/reservations/" + paid + "/resend", null);

        assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
        assertThat(resent.json().path("action").asText()).isEqualTo("sent_again");
        assertThat(settled().deliveredFor(paid)).hasSize(2);
    }

    @Test
    void aDisputeIsFlaggedOnThePaidReservationAndTheOrganiserToldWhenItOpensAndCloses() {
        String paid = paidReservation();
        String sessionId = stores.current().reservations().findById(paid).orElseThrow().stripeSessionId();
        settled();
        stripe.autoDeliver(false);
        SimulatedEvent opened = stripe.openDispute(sessionId, "fraudulent");
        SimulatedEvent closed = stripe.closeDispute(sessionId, "lost");

        Delivery first = stripe.deliver(opened);
        Delivery again = stripe.deliver(opened);
        Reply listed = admin("GET", "/sejours/" + SLUG + "/reservations?statut=payee", null);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.responseBody()).contains("applied");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.responseBody()).contains("duplicate");
        JsonNode dispute = listed.json().path("reservations").get(0).path("dispute");
        assertThat(dispute.path("id").asText()).startsWith("du_");
        assertThat(dispute.path("status").asText()).isEqualTo("needs_response");
        assertThat(dispute.path("closed").asBoolean()).isFalse();
        assertThat(dispute.path("reason").asText()).isEqualTo("fraudulent");
        assertThat(dispute.path("amount").asLong()).isEqualTo(2 * 90_000);
        assertThat(dispute.path("closedAt").isNull()).isTrue();

        assertThat(stripe.deliver(closed).responseBody()).contains("applied");
        assertThat(stripe.deliver(opened).responseBody()).as("an opening after the closing").contains("duplicate");
        assertThat(stripe.deliver(closed).responseBody()).contains("duplicate");

        JsonNode after = admin("GET", "/sejours/" + SLUG + "/reservations", null).json().path("reservations").get(0);
        assertThat(after.path("statut").asText()).as("the organiser decides").isEqualTo("payee");
        assertThat(after.path("dispute").path("status").asText()).isEqualTo("lost");
        assertThat(after.path("dispute").path("closed").asBoolean()).isTrue();
        assertThat(stores.placesLeft(SLUG)).isEqualTo(CAPACITY - 2);
        assertThat(admin("GET", "/sejours/" + SLUG + "/reservations.csv", null).body()).contains(";litige\r\n")
                .contains(";lost\r\n");
        assertThat(settled().deliveredFor(paid)).extracting(n -> n.kind()).containsExactly(
                Notification.Kind.CONFIRMATION, Notification.Kind.DISPUTE_OPENED, Notification.Kind.DISPUTE_CLOSED);
    }

    @Test
    void aDisputeOfAPaymentOfAnotherProductIsAcknowledgedAndChangesNothing() throws Exception {
        String paid = paidReservation();
        String sessionId = stores.current().reservations().findById(paid).orElseThrow().stripeSessionId();
        String intent = stores.current().reservations().findById(paid).orElseThrow().paymentIntentId();
        settled();
        notifier.clear();
        stripe.autoDeliver(false);
        byte[] foreign = stripe.openDispute(sessionId, "fraudulent").payload()
                .replace(intent, "pi_another_product_of_the_account").getBytes(UTF_8);

        Reply reply = postWebhook(BASE, foreign, WebhookSigner.signatureHeader(foreign, WEBHOOK_SECRET,
                clock.instant()));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("disposition").asText()).isEqualTo("ignored");
        assertThat(stores.current().reservations().findById(paid).orElseThrow().dispute()).isNull();
        assertThat(settled().delivered()).isEmpty();
    }

    @Test
    void everyAnswerMatchesTheOpenApiDescription() throws Exception {
        OpenApiDocument api = OpenApiDocument.get();
        String p = "/api/paiement";
        String a = "/api/admin";
        Reply created = postJson(BASE + "/stripe-session", SEED_JSON);
        api.assertAnswers("POST", p + "/stripe-session", created);
        String sessionId = created.json().path("sessionId").asText();
        String reservationId = created.json().path("reservationId").asText();
        api.assertAnswers("GET", p + "/reservation", get(BASE + "/reservation?session_id=" + sessionId));
        api.assertAnswers("POST", p + "/stripe-session", postJson(BASE + "/stripe-session", "{}"));
        api.assertAnswers("POST", p + "/stripe-session", postJson(BASE + "/stripe-session", seedWith("nbPlaces", "99")));
        api.assertAnswers("GET", p + "/reservation", get(BASE + "/reservation?session_id=cs_test_nope"));
        api.assertAnswers("GET", p + "/sejours", get(BASE + "/sejours"));
        api.assertAnswers("GET", p + "/sejours/{slug}", get(BASE + "/sejours/" + SLUG));
        api.assertAnswers("GET", p + "/sejours/{slug}", get(BASE + "/sejours/inconnu"));
        String paid = paidReservation();
        settled();
        api.assertAnswers("GET", a + "/sejours", admin("GET", "/sejours", null));
        api.assertAnswers("GET", a + "/sejours", admin("GET", "/sejours", null, null));
        api.assertAnswers("GET", a + "/sejours/{slug}", admin("GET", "/sejours/" + SLUG, null));
        api.assertAnswers("GET", a + "/sejours/{slug}/reservations",
                admin("GET", "/sejours/" + SLUG + "/reservations?limit=1", null));
        api.assertAnswers("GET", a + "/sejours/{slug}/reservations",
                admin("GET", "/sejours/" + SLUG + "/reservations?statut=x", null));
        api.assertAnswers("GET", a + "/sejours/{slug}/reservations.csv",
                admin("GET", "/sejours/" + SLUG + "/reservations.csv", null));
        String change = "{\"title\":\"Stage\",\"price\":100,\"currency\":\"eur\",\"places\":2}";
        api.assertAnswers("PUT", a + "/sejours/{slug}", admin("PUT", "/sejours/stage_openapi", change));
        api.assertAnswers("PUT", a + "/sejours/{slug}", admin("PUT", "/sejours/stage_openapi", change));
        api.assertAnswers("PUT", a + "/sejours/{slug}", admin("PUT", "/sejours/stage_openapi",
                "{\"title\":\"Stage\",\"price\":120,\"currency\":\"eur\"}"));
        api.assertAnswers("POST", a + "/sejours/{slug}/places",
                admin("POST", "/sejours/stage_openapi/places", "{\"delta\":1}"));
        api.assertAnswers("POST", a + "/sejours/{slug}/places",
                admin("POST", "/sejours/stage_openapi/places", "{\"delta\":-9}"));
        stripe.openDispute(stores.current().reservations().findById(paid).orElseThrow().stripeSessionId(), "general");
        api.assertAnswers("GET", a + "/sejours/{slug}/reservations",
                admin("GET", "/sejours/" + SLUG + "/reservations", null));
        api.assertAnswers("POST", a + "/reservations/{id}/resend",
                admin("POST", "/reservations/" + paid + "/resend", null));
        api.assertAnswers("POST", a + "/reservations/{id}/refund",
                admin("POST", "/reservations/" + paid + "/refund", null));
        api.assertAnswers("POST", a + "/reservations/{id}/refund",
                admin("POST", "/reservations/" + reservationId + "/refund", null));
        api.assertAnswers("POST", a + "/reservations/{id}/resend",
                admin("POST", "/reservations/res_nope/resend", null));
        api.assertAnswers("POST", p + "/reservation/cancel",
                postJson(BASE + "/reservation/cancel", "{\"reservationId\":\"" + reservationId + "\"}"));
        settled();
    }

    @Test
    void theOpenApiDescriptionInDocsIsTheOneOnTheClasspath() throws Exception {
        java.nio.file.Path docs = java.nio.file.Path.of("..", "docs", "openapi.yaml");
        assertThat(java.nio.file.Files.readString(docs, UTF_8)).isEqualTo(OpenApiDocument.get().text());
        assertThat(OpenApiDocument.get().document().path("openapi").asText()).isEqualTo("3.1.0");
    }

    RecordingNotifier settled() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> booking.notificationsInFlight() == 0);
        return notifier;
    }

    URI uri(String path) {
        return root.resolve(path);
    }

    Reply postJson(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json, UTF_8)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply postWebhook(String base, byte[] payload, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(base + "/stripe-webhook"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(BodyPublishers.ofByteArray(payload));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return send(request);
    }

    Reply send(HttpRequest.Builder request) {
        try {
            return Reply.of(http.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString(UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code head} (request line and headers; {@code Host} and the blank line are added when it
     * has no blank line yet) and {@code body}, without closing the output, and reads one response.
     */
    Reply rawExchange(byte[] head, byte[] body) throws IOException {
        String text = new String(head, UTF_8);
        if (!text.contains("\r\n\r\n")) {
            text = text + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n";
        }
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(text.getBytes(UTF_8));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** Reads the final response, skipping interim ones (Tomcat may send "100 Continue" before the servlet runs). */
    private static Reply readResponse(InputStream in) throws IOException {
        Reply reply = readOneResponse(in);
        while (reply.status() >= 100 && reply.status() < 200) {
            reply = readOneResponse(in);
        }
        return reply;
    }

    private static Reply readOneResponse(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int headEnd = -1;
        while (headEnd < 0) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response: " + received.toString(UTF_8));
            }
            received.write(b);
            byte[] sofar = received.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                headEnd = n;
            }
        }
        Reply head = Reply.parse(received.toString(UTF_8));
        String length = head.header("Content-Length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        return new Reply(head.status(), head.headers(), new String(body, UTF_8));
    }

    void assertRefused(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as("Content-Type of " + reply).startsWith("application/json");
        JsonNode json = reply.json();
        assertThat(json.path("error").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(json.path("message").isTextual()).as(reply.toString()).isTrue();
        assertThat(json.path("message").asText()).isNotBlank();
        assertThat(json.size()).as("fields of " + reply.body()).isEqualTo(2);
        assertSafe(reply.body());
    }

    static void assertSafe(String body) {
        assertThat(body).doesNotContain(SECRET_KEY, WEBHOOK_SECRET, "sk_test_", "sk_live_", "whsec_", "Exception",
                "\tat ", "java.", "jakarta.", "dev.sejour", "org.eclipse", "org.apache", "com.stripe",
                "com.fasterxml");
    }

    void assertNothingChanged() {
        assertThat(stores.placesLeft(SLUG)).as("places left").isEqualTo(CAPACITY);
        assertThat(stores.placesLeft(ALMOST_FULL_SLUG)).as("places left").isEqualTo(1);
        assertThat(stores.allReservations()).as("reservations").isEmpty();
        // A session id unknown here may be looked up at Stripe (a paid session whose reservation was lost is
        // rebuilt): a read, never a write.
        assertThat(stripe.requests()).as("Stripe requests other than reads")
                .filteredOn(r -> !r.method().equals("GET")).isEmpty();
        assertThat(settled().attempts()).as("notifications").isZero();
    }

    /** The seed's request with one field replaced by raw JSON (added if absent). */
    static String seedWith(String field, String rawJson) {
        Map<String, String> fields = seedFields();
        fields.put(field, rawJson);
        return render(fields);
    }

    static String seedWithout(String field) {
        Map<String, String> fields = seedFields();
        fields.remove(field);
        return render(fields);
    }

    private static Map<String, String> seedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("slug", "\"" + SLUG + "\"");
        fields.put("nbPlaces", "2");
        fields.put("email", "\"david@example.com\"");
        fields.put("nom", "\"Devillers\"");
        fields.put("prenom", "\"David\"");
        return fields;
    }

    private static String render(Map<String, String> fields) {
        List<String> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add("\"" + k + "\":" + v));
        return "{" + String.join(",", parts) + "}";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, UTF_8);
    }
}
