package dev.sejour.booking.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rush: B buyers, each on its own connection opened beforehand, ask for one place of a séjour that has
 * P, all at once. Measured: from the start signal to the last answer. Expected: exactly P answers 200,
 * B − P answers 409 {@code not_enough_places}, no place left, P pending reservations. Once the séjour shows
 * no place left, a refusal costs two reads and no write transaction.
 */
final class ContentionBench {

    record Figures(double settleMs, double worstSettleMs, int winners, int refused, int buyers, int places) {
    }

    private ContentionBench() {
    }

    static Figures measure(Database db, Settings settings) throws Exception {
        try (BookingServer server = new BookingServer(db)) {
            List<Double> settle = new ArrayList<>();
            int winners = 0;
            int refused = 0;
            for (int round = -settings.warmupRounds(); round < settings.contentionRounds(); round++) {
                String slug = "rush_" + (round + settings.warmupRounds());
                // New addresses each round: a winner of earlier rounds still has pending checkouts, and the
                // per-buyer limit would refuse a third (429), which is not what this measures.
                int firstBuyer = (round + settings.warmupRounds()) * settings.buyers();
                db.insertSejour(slug, "Rush", 90_000, "eur", settings.places());
                AtomicInteger won = new AtomicInteger();
                AtomicInteger full = new AtomicInteger();
                Load.Result result = Load.run(settings.buyers(), settings.buyers(), () -> {
                    MiniHttp http = new MiniHttp(server.port());
                    return new Load.Worker() {
                        @Override
                        public boolean call(int i) throws Exception {
                            MiniHttp.Response r = http.post(BookingServer.BASE + "/stripe-session",
                                    "application/json", BookingServer.checkoutBody(slug, 1, firstBuyer + i));
                            if (r.status() == 200) {
                                won.incrementAndGet();
                                return true;
                            }
                            if (r.status() == 409 && r.text().contains("\"not_enough_places\"")) {
                                full.incrementAndGet();
                                return true;
                            }
                            throw new IllegalStateException("buyer " + i + " got " + r.status() + " " + r.text());
                        }

                        @Override
                        public void close() {
                            http.close();
                        }
                    };
                });
                if (result.failures() > 0) {
                    throw new IllegalStateException(result.failures() + " buyers failed: " + result.firstFailure());
                }
                long pending = db.count("FROM " + Database.RESERVATIONS + " WHERE sejour_slug = '" + slug + "'");
                long left = db.count("FROM " + Database.SEJOURS + " WHERE slug = '" + slug + "' AND places_left = 0");
                if (won.get() != settings.places() || pending != settings.places() || left != 1) {
                    throw new IllegalStateException("rush " + slug + ": " + won.get() + " winners, " + pending
                            + " reservations, places left 0: " + (left == 1));
                }
                if (round >= 0) {
                    settle.add(result.elapsedNanos() / 1e6);
                    winners = won.get();
                    refused = full.get();
                }
            }
            return new Figures(Stats.median(settle), settle.stream().mapToDouble(d -> d).max().orElse(Double.NaN),
                    winners, refused, settings.buyers(), settings.places());
        }
    }
}
