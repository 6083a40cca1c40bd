package dev.sejour.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Webhook fulfilment over HTTP: pending reservations are in the store (as {@code startCheckout} leaves
 * them), and their signed {@code checkout.session.completed} events are POSTed to
 * {@code /api/paiement/stripe-webhook} by N concurrent senders. Each answer must be 200 {@code applied}.
 *
 * <p>The events are the simulator's own event for one real checkout, with the ids of each reservation put
 * in: same shape, same size. Signing happens before the clock starts (it is Stripe's work, not ours).
 */
final class WebhookBench {

    static final String SLUG = "webhooks";
    static final long PRICE = 90_000;

    /**
     * @param drainPerSecond notifications recorded sent per second, from a round's first webhook until its
     *     last notification is recorded (median over rounds); only with an instant notifier
     * @param drainLagMs how long after a round's last webhook answer its last notification was recorded
     *     (median over rounds)
     */
    record Figures(double perSecond, double p50Ms, double p99Ms, int fulfilled, double notifiedPerEvent,
                   double drainPerSecond, double drainLagMs) {
    }

    private WebhookBench() {
    }

    static Figures measure(Database db, Settings settings) throws Exception {
        return measure(db, settings, Duration.ZERO);
    }

    /**
     * @param notifierDelay how long each notification takes; with a delay, the drain is not waited for
     *     (the notifications outlive the run: only the webhooks' answers are measured)
     */
    static Figures measure(Database db, Settings settings, Duration notifierDelay) throws Exception {
        try (BookingServer server = new BookingServer(db, notifierDelay)) {
            db.insertSejour(SLUG, "Yoga aux Choseaux", PRICE, "eur", 100_000_000);
            String template = template(server);
            while (notifierDelay.isZero() && server.booking().notificationsInFlight() > 0) {
                Thread.onSpinWait(); // the template's own confirmation, before the rounds count theirs
            }
            int perRound = settings.opsPerRound();
            int total = perRound * (settings.warmupRounds() + settings.rounds());
            db.insertPending("wh_", "cs_wh_", 0, total, SLUG, 1, PRICE, "eur");
            List<Double> rates = new ArrayList<>();
            List<Double> drainRates = new ArrayList<>();
            List<Double> drainLags = new ArrayList<>();
            List<long[]> latencies = new ArrayList<>();
            boolean drain = notifierDelay.isZero();
            int base = 0;
            for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
                byte[][] payloads = new byte[perRound][];
                String[] signatures = new String[perRound];
                Instant now = Instant.now();
                for (int i = 0; i < perRound; i++) {
                    int n = base + i;
                    String payload = template.replace("{R}", "wh_" + n).replace("{S}", "cs_wh_" + n)
                            .replace("{P}", "pi_wh_" + n).replace("{E}", "evt_wh_" + n);
                    payloads[i] = payload.getBytes(StandardCharsets.UTF_8);
                    signatures[i] = "Stripe-Signature: " + WebhookSigner.signatureHeader(payloads[i],
                            BookingServer.WEBHOOK_SECRET, now);
                }
                long notifiedBefore = server.notified();
                long roundStart = System.nanoTime();
                Load.Result result = Load.run(settings.threads(), perRound, () -> {
                    MiniHttp http = new MiniHttp(server.port());
                    return new Load.Worker() {
                        @Override
                        public boolean call(int i) throws Exception {
                            MiniHttp.Response r = http.post(BookingServer.BASE + "/stripe-webhook",
                                    "application/json; charset=utf-8", payloads[i], signatures[i]);
                            if (r.status() != 200 || !r.text().contains("\"applied\"")) {
                                throw new IllegalStateException("webhook answered " + r.status() + " " + r.text());
                            }
                            return true;
                        }

                        @Override
                        public void close() {
                            http.close();
                        }
                    };
                });
                if (result.failures() > 0) {
                    throw new IllegalStateException(result.failures() + " webhooks failed: " + result.firstFailure());
                }
                long answered = System.nanoTime();
                if (drain) {
                    // The notifications of this round, sent and recorded by the service's own threads.
                    long target = notifiedBefore + perRound;
                    while (server.notified() < target || server.booking().notificationsInFlight() > 0) {
                        Thread.onSpinWait();
                        if (System.nanoTime() - answered > 60_000_000_000L) {
                            throw new IllegalStateException("notifications did not drain within 60 s");
                        }
                    }
                }
                long drained = System.nanoTime();
                if (round >= 0) {
                    rates.add(result.perSecond());
                    latencies.add(result.latencies());
                    drainRates.add(perRound / ((drained - roundStart) / 1e9));
                    drainLags.add((drained - answered) / 1e6);
                }
                base += perRound;
            }
            long paid = db.count("FROM " + Database.RESERVATIONS + " WHERE status = 'payee' AND id LIKE 'wh\\_%'");
            if (paid != total) {
                throw new IllegalStateException(total + " webhooks applied but " + paid + " reservations paid");
            }
            if (drain) {
                long notified = db.count("FROM " + Database.RESERVATIONS
                        + " WHERE notified_at IS NOT NULL AND id LIKE 'wh\\_%'");
                if (notified != total) {
                    throw new IllegalStateException(total + " notifications sent but " + notified + " recorded");
                }
            }
            long[] all = Stats.concat(latencies);
            return new Figures(Stats.median(rates), Stats.percentileMs(all, 50), Stats.percentileMs(all, 99),
                    total, (server.notified() - 1) / (double) total, drain ? Stats.median(drainRates) : 0,
                    drain ? Stats.median(drainLags) : 0);
        }
    }

    /** One real checkout and payment through the simulator; its event with placeholders for the ids. */
    private static String template(BookingServer server) throws Exception {
        JsonNode started;
        try (MiniHttp http = new MiniHttp(server.port())) {
            MiniHttp.Response r = http.post(BookingServer.BASE + "/stripe-session", "application/json",
                    BookingServer.checkoutBody(SLUG, 1, 0));
            if (r.status() != 200) {
                throw new IllegalStateException("checkout answered " + r.status() + " " + r.text());
            }
            started = new ObjectMapper().readTree(r.body());
            SimulatedEvent paid = server.stripe().pay(started.get("sessionId").asText());
            MiniHttp.Response delivered = http.post(BookingServer.BASE + "/stripe-webhook", "application/json",
                    paid.payloadBytes(), "Stripe-Signature: " + paid.signatureHeader(BookingServer.WEBHOOK_SECRET));
            if (delivered.status() != 200 || !delivered.text().contains("\"applied\"")) {
                throw new IllegalStateException("the simulator's event answered " + delivered.status() + " "
                        + delivered.text());
            }
            JsonNode session = new ObjectMapper().readTree(paid.payload()).path("data").path("object");
            return paid.payload()
                    .replace(started.get("reservationId").asText(), "{R}")
                    .replace(started.get("sessionId").asText(), "{S}")
                    .replace(session.get("payment_intent").asText(), "{P}")
                    .replace(paid.id(), "{E}");
        }
    }
}
