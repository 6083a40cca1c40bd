package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import dev.sejour.booking.store.jdbc.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process death, the way it happens: the real example jar on its default embedded database, SIGKILLed in the
 * middle of bursts of checkouts (four threads) and of signed paid webhooks (two threads), restarted on the
 * same data directory, again and again (3 kills in CI, {@code BOOKING_RELIABILITY_ROUNDS × 3 / 20} in the
 * long profile). Stripe is the simulator in this JVM, so its sessions and payments outlive every kill.
 *
 * <p>After each kill, before the restart, the database file is read: every checkout answered 2xx has its
 * reservation, linked to its session; every paid webhook answered 2xx reads {@code payee} without any
 * redelivery; the books balance. At the end every payment event is delivered again (as Stripe would for
 * those never acknowledged): each paid reservation then has exactly one confirmation {@code .eml}.
 */
class ExampleCrashTest {

    // State and helpers are package-private: ExampleCrashH2Measurement runs the same bursts on H2.

    static final String SLUG = "stage-crash";
    static final int CAPACITY = 100_000;
    static final int CHECKOUT_THREADS = 4;
    static final int WEBHOOK_THREADS = 2;

    @TempDir
    Path dataDir;

    final StripeSimulator stripe = StripeSimulator.builder().apiKey(ExampleProcess.SECRET_KEY).autoDeliver(false).start();
    final Http http = new Http();
    final Random random = new Random(12);

    /** 2xx checkouts: session id → reservation id. */
    final Map<String, String> ackedCheckouts = new ConcurrentHashMap<>();
    /** Reservations whose paid webhook answered 2xx. */
    final Set<String> ackedPaid = ConcurrentHashMap.newKeySet();
    /** Every payment event produced, acknowledged or not: reservation id → event. */
    final Map<String, SimulatedEvent> paymentEvents = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> payable = new ConcurrentLinkedQueue<>();
    final AtomicInteger buyers = new AtomicInteger();
    final AtomicInteger requestsCut = new AtomicInteger();

    static int kills() {
        return Math.max(3, Summary.rounds() * 3 / 20);
    }

    @Test
    void nothingAnswered2xxIsLostWhenTheServerIsKilledMidBurst() throws Exception {
        ExampleProcess.createSejour(dataDir, SLUG, CAPACITY);
        Map<String, String> env = Map.of("BOOKING_MAINTENANCE_INTERVAL_SECONDS", "1",
                "BOOKING_NOTIFICATION_CLAIM_SECONDS", "2");
        int kills = kills();
        List<Long> burstMillis = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int kill = 1; kill <= kills; kill++) {
                long t0 = System.nanoTime();
                ExampleProcess server = ExampleProcess.start(dataDir, stripe, dataDir.resolve("run-" + kill + ".log"), env);
                restartMillis.add(millisSince(t0));
                long t1 = System.nanoTime();
                burstThenKill(server, 15 + random.nextInt(30));
                burstMillis.add(millisSince(t1));
                checkNothingAcknowledgedIsLost("after kill " + kill);
            }

            try (ExampleProcess server = ExampleProcess.start(dataDir, stripe, dataDir.resolve("final.log"), env)) {
                // Stripe delivers again every event not acknowledged; delivering all of them again also
                // proves that redelivering acknowledged ones changes nothing.
                for (SimulatedEvent event : paymentEvents.values()) {
                    Http.Answer answer = deliver(server, event);
                    assertThat(answer.status()).as("redelivery of %s: %s", event.id(), answer).isEqualTo(200);
                }
                Set<String> paid = paymentEvents.keySet();
                Awaitility.await("one confirmation per paid reservation").atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> confirmations().keySet().containsAll(paid) && allNotified(paid));
                ExampleProcess.withDatabase(dataDir, stores -> {
                    for (String id : paid) {
                        assertThat(stores.reservations().findById(id)).as("paid reservation %s", id)
                                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.PAID));
                    }
                    BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);
                });
                Map<String, Long> perReservation = confirmations();
                assertThat(perReservation).as("confirmation files per reservation").allSatisfy((id, count) ->
                        assertThat(count).as("confirmations of %s", id).isEqualTo(1));
                assertThat(perReservation.keySet()).containsExactlyInAnyOrderElementsOf(paid);
                assertThat(server.log()).doesNotContain(ExampleProcess.SECRET_KEY);
            }
        } finally {
            Summary.of("ExampleCrashTest(sqlite, real jar)")
                    .put("kills", kills)
                    .put("checkoutsAcknowledged", ackedCheckouts.size())
                    .put("paidWebhooksAcknowledged", ackedPaid.size())
                    .put("paymentsMade", paymentEvents.size())
                    .put("requestsCutByKills", requestsCut.get())
                    .put("acknowledgedChangesLost", 0)
                    .put("burstMillis", burstMillis)
                    .put("startMillis", restartMillis)
                    .put("totalSeconds", millisSince(started) / 1000)
                    .print();
            http.close();
            stripe.close();
        }
        assertThat(ackedCheckouts).hasSizeGreaterThanOrEqualTo(kills * 5);
        assertThat(ackedPaid).isNotEmpty();
    }

    /** Bursts of checkouts and paid webhooks; SIGKILL once {@code acks} more changes were acknowledged. */
    void burstThenKill(ExampleProcess server, int acks) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger acknowledged = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(CHECKOUT_THREADS + WEBHOOK_THREADS);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < CHECKOUT_THREADS; i++) {
            threads.execute(() -> loop(stop, failures, () -> checkout(server, acknowledged)));
        }
        for (int i = 0; i < WEBHOOK_THREADS; i++) {
            threads.execute(() -> loop(stop, failures, () -> payOne(server, acknowledged)));
        }
        Awaitility.await("acknowledged changes before the kill").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> acknowledged.get() >= acks || !failures.isEmpty() || !server.alive());
        server.kill(); // SIGKILL, with requests in flight
        stop.set(true);
        threads.shutdown();
        assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).as("unexpected failures during the burst").isEmpty();
    }

    void loop(AtomicBoolean stop, List<Throwable> failures, Runnable step) {
        while (!stop.get()) {
            try {
                step.run();
            } catch (UncheckedIOException cut) {
                requestsCut.incrementAndGet(); // the process died under this request: no answer, no promise
            } catch (Throwable e) {
                if (!stop.get()) {
                    failures.add(e);
                }
                return;
            }
        }
    }

    void checkout(ExampleProcess server, AtomicInteger acknowledged) {
        ObjectNode buyer = Http.buyer(SLUG, 1 + buyers.get() % 2, buyers.incrementAndGet());
        Http.Answer answer;
        try {
            answer = http.post(server.uri(ExampleProcess.API + "/stripe-session"), "application/json",
                    Http.JSON.writeValueAsBytes(buyer), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (answer.status() / 100 == 2) {
            String sessionId = answer.json().get("sessionId").asText();
            ackedCheckouts.put(sessionId, answer.json().get("reservationId").asText());
            payable.add(sessionId);
            acknowledged.incrementAndGet();
        } else {
            assertThat(answer.status()).as("checkout: %s", answer).isBetween(500, 599);
        }
    }

    void payOne(ExampleProcess server, AtomicInteger acknowledged) {
        String sessionId = payable.poll();
        if (sessionId == null) {
            Thread.onSpinWait();
            return;
        }
        String reservationId = ackedCheckouts.get(sessionId);
        SimulatedEvent paid = stripe.pay(sessionId);
        paymentEvents.put(reservationId, paid);
        Http.Answer answer = deliver(server, paid);
        if (answer.status() / 100 == 2) {
            ackedPaid.add(reservationId);
            acknowledged.incrementAndGet();
        } else {
            assertThat(answer.status()).as("paid webhook: %s", answer).isBetween(500, 599);
        }
    }

    Http.Answer deliver(ExampleProcess server, SimulatedEvent event) {
        byte[] payload = event.payloadBytes();
        return http.post(server.uri(ExampleProcess.API + "/stripe-webhook"), "application/json; charset=utf-8",
                payload, WebhookSigner.signatureHeader(payload, ExampleProcess.WEBHOOK_SECRET, Instant.now()));
    }

    void checkNothingAcknowledgedIsLost(String when) {
        checkNothingAcknowledgedIsLost(SqliteDatabase.url(dataDir.resolve("booking.db")), when);
    }

    void checkNothingAcknowledgedIsLost(String jdbcUrl, String when) {
        ExampleProcess.withDatabase(jdbcUrl, stores -> {
            ackedCheckouts.forEach((sessionId, reservationId) -> {
                Reservation reservation = stores.reservations().findById(reservationId).orElseThrow(
                        () -> new AssertionError(when + ": the 2xx checkout of reservation " + reservationId + " is lost"));
                assertThat(reservation.stripeSessionId()).as("%s: session of %s", when, reservationId).isEqualTo(sessionId);
            });
            for (String id : ackedPaid) {
                assertThat(stores.reservations().findById(id).orElseThrow().status())
                        .as("%s: reservation %s whose paid webhook answered 2xx", when, id).isEqualTo(ReservationStatus.PAID);
            }
            BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);
        });
    }

    /** Whether the server recorded each delivery (it writes the file first, then records it). */
    boolean allNotified(Set<String> reservationIds) {
        boolean[] all = {true};
        ExampleProcess.withDatabase(dataDir, stores -> {
            for (String id : reservationIds) {
                all[0] &= stores.reservations().findById(id).map(r -> r.notifiedAt() != null).orElse(false);
            }
        });
        return all[0];
    }

    /** Confirmation files per reservation id, read from the names {@code <id>-confirmation.eml}. */
    Map<String, Long> confirmations() {
        return ExampleProcess.emlFiles(dataDir).stream()
                .filter(n -> n.endsWith("-confirmation.eml"))
                .collect(Collectors.groupingBy(n -> n.substring(0, n.length() - "-confirmation.eml".length()),
                        Collectors.counting()));
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
