package dev.sejour.booking.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The physical limit: the database's own rate for the conditional updates a hold or a transition needs,
 * written as plain JDBC over the same pool, with as many threads as the HTTP scenarios have senders.
 * Each thread works on its own rows (no lock waits); each row flips between {@code en_attente} and
 * {@code payee}, so the rows never run out.
 *
 * <ul>
 *   <li>{@code pair}: {@code UPDATE reservations SET status … WHERE id = ? AND status = ?} and
 *       {@code UPDATE sejours SET places_left = places_left + ? WHERE slug = ? AND places_left + ? >= 0}, one
 *       transaction: what a hold, a release or a late payment costs at least.</li>
 *   <li>{@code single}: the first update alone in its transaction: what {@code en_attente → payee}
 *       costs at least.</li>
 * </ul>
 */
final class RawLimit {

    static final int ROWS_PER_THREAD = 400;

    record Figures(double pairPerSecond, double singlePerSecond, int threads) {
    }

    private RawLimit() {
    }

    static Figures measure(Database db, int threads, Settings settings) throws Exception {
        db.freshStores();
        for (int t = 0; t < threads; t++) {
            db.insertSejour("raw_" + t, "Raw " + t, 1000, "eur", 1_000_000);
            db.insertPending("raw_" + t + "_", null, 0, ROWS_PER_THREAD, "raw_" + t, 1, 1000, "eur");
        }
        List<Double> pair = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        int ops = settings.opsPerRound();
        for (int round = -settings.warmupRounds(); round < settings.rounds(); round++) {
            // Interleaved, so that both see the same noise.
            Load.Result p = Load.run(threads, ops, workers(db, true));
            Load.Result s = Load.run(threads, ops, workers(db, false));
            check(p);
            check(s);
            if (round >= 0) {
                pair.add(p.perSecond());
                single.add(s.perSecond());
            }
        }
        return new Figures(Stats.median(pair), Stats.median(single), threads);
    }

    private static void check(Load.Result r) {
        if (r.failures() > 0) {
            throw new IllegalStateException("raw JDBC loop failed " + r.failures() + " times: " + r.firstFailure());
        }
    }

    private static Load.WorkerFactory workers(Database db, boolean withCapacity) {
        AtomicInteger threadIndex = new AtomicInteger();
        return () -> new FlipWorker(db, threadIndex.getAndIncrement(), withCapacity);
    }

    private static final class FlipWorker implements Load.Worker {
        private final Database db;
        private final String slug;
        private final String idPrefix;
        private final boolean withCapacity;
        private final boolean[] paid = new boolean[ROWS_PER_THREAD];
        private int cursor;

        FlipWorker(Database db, int thread, boolean withCapacity) throws SQLException {
            this.db = db;
            this.slug = "raw_" + thread;
            this.idPrefix = slug + "_";
            this.withCapacity = withCapacity;
            // Learn where each row stands (a previous round may have flipped it).
            try (Connection c = db.pool().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT id, status FROM " + Database.RESERVATIONS + " WHERE sejour_slug = ?")) {
                ps.setString(1, slug);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int row = Integer.parseInt(rs.getString(1).substring(idPrefix.length()));
                        paid[row] = "payee".equals(rs.getString(2));
                    }
                }
            }
        }

        @Override
        public boolean call(int index) throws SQLException {
            int row = cursor;
            cursor = (cursor + 1) % ROWS_PER_THREAD;
            String from = paid[row] ? "payee" : "en_attente";
            String to = paid[row] ? "en_attente" : "payee";
            int delta = paid[row] ? 1 : -1;
            try (Connection c = db.pool().getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement move = c.prepareStatement("UPDATE " + Database.RESERVATIONS
                        + " SET status = ?, paid_at = ? WHERE id = ? AND status = ?")) {
                    move.setString(1, to);
                    move.setTimestamp(2, Timestamp.from(Instant.now()));
                    move.setString(3, idPrefix + row);
                    move.setString(4, from);
                    if (move.executeUpdate() != 1) {
                        c.rollback();
                        return false;
                    }
                }
                if (withCapacity) {
                    try (PreparedStatement places = c.prepareStatement("UPDATE " + Database.SEJOURS
                            + " SET places_left = places_left + ? WHERE slug = ? AND places_left + ? >= 0")) {
                        places.setInt(1, delta);
                        places.setString(2, slug);
                        places.setInt(3, delta);
                        if (places.executeUpdate() != 1) {
                            c.rollback();
                            return false;
                        }
                    }
                }
                c.commit();
                c.setAutoCommit(true);
            }
            paid[row] = !paid[row];
            return true;
        }
    }
}
