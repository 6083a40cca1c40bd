package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.Buyer;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Money;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.StatusCount;
import dev.sejour.booking.spi.DeliveredNotification;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationCursor;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;
import org.jspecify.annotations.Nullable;

/**
 * Reservations in the {@code reservations} table. Every change is one short transaction of conditional
 * {@code UPDATE}s ({@code ... WHERE status = :from}, {@code ... AND places_left >= :n}): the database
 * re-checks the condition on the newest row version after any lock wait, so READ COMMITTED is enough and
 * nothing is read, decided in Java and written back.
 *
 * <p>Instants are kept to the microsecond (cut, not rounded, so every database keeps the same value).
 *
 * <p>Obtained from {@link JdbcBookingStores#reservations()}; thread-safe.
 */
final class JdbcReservationStore implements ReservationStore, NotificationOutbox {

    private static final String COLUMNS = "id, sejour_slug, last_name, first_name, email, places, amount, currency, status,"
            + " stripe_session_id, payment_intent_id, created_at, expires_at, paid_at, notified_at";
    private static final String DISPUTE_COLUMNS = ", dispute_id, dispute_status, dispute_reason, dispute_amount,"
            + " dispute_currency, dispute_opened_at, dispute_closed_at";

    private final Transactor transactor;
    private final SqlDialect dialect;
    private final Tables tables;
    private final String select;
    private final String limit;

    JdbcReservationStore(Transactor transactor, SqlDialect dialect, Tables tables) {
        this.transactor = transactor;
        this.dialect = dialect;
        this.tables = tables;
        this.select = "SELECT " + COLUMNS + DISPUTE_COLUMNS + " FROM " + tables.reservations();
        this.limit = " " + dialect.limitClause();
    }

    @Override
    public HoldOutcome insertHold(Reservation pending) {
        Objects.requireNonNull(pending, "pending");
        return transactor.inTransaction("hold places for " + pending.id(), h -> hold(h, pending));
    }

    @Override
    public boolean insertReleased(Reservation released) {
        Objects.requireNonNull(released, "released");
        if (released.status().occupiesPlaces()) {
            throw new IllegalArgumentException("a released reservation holds no places: " + released.status());
        }
        try {
            // One INSERT: the unique keys on id and stripe_session_id make a second delivery's insert fail.
            return transactor.inTransaction("store released reservation " + released.id(), h -> {
                insertReservation(h, released);
                return true;
            });
        } catch (Transactor.DuplicateKeyException storedByAnotherDelivery) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: one transaction that first locks the buyer's row of {@code reservations_buyer_locks}
     * ({@code SELECT … FOR UPDATE}; inserted by the address's first hold), so that holds of one address are
     * counted one after the other; then releases the replaced hold, counts the buyer's pending holds, takes
     * the places and stores the reservation, or rolls everything back (a refusal commits nothing). Two first
     * holds of one address clash on the lock row's key: the loser starts again and then waits for the row
     * like any other.
     */
    @Override
    public HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, @Nullable String replacedReservationId) {
        Objects.requireNonNull(pending, "pending");
        String buyer = pending.buyer().normalisedEmail();
        for (int attempt = 1; ; attempt++) {
            try {
                return transactor.inTransaction("hold places for " + pending.id(),
                        h -> limitedHold(h, pending, buyer, maxPendingPerBuyer, replacedReservationId));
            } catch (Transactor.DuplicateKeyException e) {
                if (attempt == 3) {
                    throw e;
                }
                // A concurrent first hold of this address created its lock row: it exists now.
            }
        }
    }

    private HoldOutcome limitedHold(Handle h, Reservation pending, String buyer, int maxPending,
            @Nullable String replacedId) {
        // The buyer's lock first, the séjour's row last: holds of one séjour queue on its row, so the time
        // between taking it and committing is kept to the two writes of the hold itself.
        lockBuyer(h, buyer);
        if (replacedId != null) {
            int released = h.createUpdate("UPDATE " + tables.reservations() + " SET status = :expired,"
                            + " notified_at = NULL, notify_claimed_until = NULL"
                            + " WHERE id = :id AND status = :pending AND buyer_key = :buyer")
                    .bind("expired", ReservationStatus.EXPIRED.code())
                    .bind("id", replacedId)
                    .bind("pending", ReservationStatus.PENDING.code())
                    .bind("buyer", buyer)
                    .execute();
            if (released == 0) {
                h.rollback();
                return HoldOutcome.REPLACED_NOT_PENDING;
            }
            int places = h.createQuery("SELECT places FROM " + tables.reservations() + " WHERE id = :id")
                    .bind("id", replacedId)
                    .mapTo(Integer.class)
                    .one();
            addPlaces(h, replacedId, places);
        }
        // Read after the buyer's lock is held (on MariaDB's REPEATABLE READ, the first plain read fixes the
        // snapshot: none comes before the lock), so every earlier hold of this address is counted.
        int pendingNow = h.createQuery("SELECT COUNT(*) FROM " + tables.reservations()
                        + " WHERE buyer_key = :buyer AND status = :pending")
                .bind("buyer", buyer)
                .bind("pending", ReservationStatus.PENDING.code())
                .mapTo(Integer.class)
                .one();
        if (pendingNow >= maxPending) {
            h.rollback();
            return HoldOutcome.TOO_MANY_PENDING;
        }
        HoldOutcome held = hold(h, pending);
        if (held != HoldOutcome.HELD) {
            h.rollback();
        }
        return held;
    }

    /** Locks the buyer's row of {@code reservations_buyer_locks} until the transaction ends, creating it if missing. */
    private void lockBuyer(Handle h, String buyer) {
        String upsert = dialect.upsertBuyerLock(tables);
        if (upsert != null) {
            h.createUpdate(upsert).bind("buyer", buyer).execute();
            return;
        }
        boolean locked = h.createQuery("SELECT buyer_key FROM " + tables.buyerLocks()
                        + " WHERE buyer_key = :buyer" + dialect.forUpdate())
                .bind("buyer", buyer)
                .mapTo(String.class)
                .findOne()
                .isPresent();
        if (!locked) {
            // The address's first hold: its row, locked by this transaction until it ends (and gone with it
            // if the hold is refused). A concurrent first hold of the same address clashes on the key.
            h.createUpdate("INSERT INTO " + tables.buyerLocks() + " (buyer_key) VALUES (:buyer)")
                    .bind("buyer", buyer)
                    .execute();
        }
    }

    @Override
    public List<Reservation> findPendingByBuyer(String normalisedEmail) {
        return transactor.withHandle("find pending holds of a buyer", h -> h.createQuery(select
                        + " WHERE buyer_key = :buyer AND status = :pending ORDER BY created_at, id")
                .bind("buyer", Objects.requireNonNull(normalisedEmail, "normalisedEmail"))
                .bind("pending", ReservationStatus.PENDING.code())
                .map((rs, ctx) -> reservation(rs))
                .list());
    }

    private HoldOutcome hold(Handle h, Reservation pending) {
        int taken = h.createUpdate("UPDATE " + tables.sejours() + " SET places_left = places_left - :places"
                        + " WHERE slug = :slug AND places_left >= :places")
                .bind("places", pending.places())
                .bind("slug", pending.sejourSlug())
                .execute();
        if (taken == 0) {
            // Nothing changed: only the answer depends on why.
            return sejourExists(h, pending.sejourSlug()) ? HoldOutcome.NOT_ENOUGH_PLACES : HoldOutcome.SEJOUR_NOT_FOUND;
        }
        insertReservation(h, pending);
        return HoldOutcome.HELD;
    }

    private void insertReservation(Handle h, Reservation pending) {
        h.createUpdate("INSERT INTO " + tables.reservations() + " (" + COLUMNS + ", buyer_key) VALUES (:id, :slug,"
                        + " :last_name, :first_name, :email, :places, :amount, :currency, :status, :session, :intent,"
                        + " :createdAt, :expiresAt, :paidAt, :notifiedAt, :buyerKey)")
                .bind("buyerKey", pending.buyer().normalisedEmail())
                .bind("id", pending.id())
                .bind("slug", pending.sejourSlug())
                .bind("last_name", pending.buyer().lastName())
                .bind("first_name", pending.buyer().firstName())
                .bind("email", pending.buyer().email())
                .bind("places", pending.places())
                .bind("amount", pending.amount().minorUnits())
                .bind("currency", pending.amount().currency())
                .bind("status", pending.status().code())
                .bind("session", pending.stripeSessionId())
                .bind("intent", pending.paymentIntentId())
                .bind("createdAt", instant(pending.createdAt()))
                .bind("expiresAt", instant(pending.expiresAt()))
                .bind("paidAt", instant(pending.paidAt()))
                .bind("notifiedAt", instant(pending.notifiedAt()))
                .execute();
    }

    @Override
    public boolean attachSession(String reservationId, String stripeSessionId) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(stripeSessionId, "stripeSessionId");
        try {
            return transactor.inTransaction("attach session to " + reservationId, h -> {
                int attached = h.createUpdate("UPDATE " + tables.reservations() + " SET stripe_session_id = :session"
                                + " WHERE id = :id AND stripe_session_id IS NULL")
                        .bind("session", stripeSessionId)
                        .bind("id", reservationId)
                        .execute();
                if (attached == 1) {
                    return true;
                }
                // Attaching the same session again is a success that changes nothing.
                return h.createQuery("SELECT stripe_session_id FROM " + tables.reservations() + " WHERE id = :id")
                        .bind("id", reservationId)
                        .mapTo(String.class)
                        .findOne()
                        .filter(stripeSessionId::equals)
                        .isPresent();
            });
        } catch (Transactor.DuplicateKeyException anotherReservationHasIt) {
            return false;
        }
    }

    @Override
    public TransitionOutcome transition(Transition t) {
        Objects.requireNonNull(t, "transition");
        StringBuilder set = new StringBuilder("status = :to, notified_at = NULL, notify_claimed_until = "
                + (t.notificationClaimUntil() == null ? "NULL" : ":claim")
                + ", notify_attempts = 0, notify_failed_at = NULL, notify_last_error = NULL");
        if (t.stripeSessionId() != null) {
            set.append(", stripe_session_id = :session");
        }
        if (t.paymentIntentId() != null) {
            set.append(", payment_intent_id = :intent");
        }
        if (t.to() == ReservationStatus.PAID) {
            set.append(", paid_at = :at");
        }
        String move = "UPDATE " + tables.reservations() + " SET " + set + " WHERE id = :id AND status = :from";
        return transactor.inTransaction("move " + t.reservationId() + " from " + t.from() + " to " + t.to(), h -> {
            Update update = h.createUpdate(move)
                    .bind("to", t.to().code())
                    .bind("id", t.reservationId())
                    .bind("from", t.from().code());
            if (t.stripeSessionId() != null) {
                update.bind("session", t.stripeSessionId());
            }
            if (t.paymentIntentId() != null) {
                update.bind("intent", t.paymentIntentId());
            }
            if (t.to() == ReservationStatus.PAID) {
                update.bind("at", instant(t.at()));
            }
            if (t.notificationClaimUntil() != null) {
                update.bind("claim", instant(t.notificationClaimUntil()));
            }
            if (update.execute() == 0) {
                return reservationExists(h, t.reservationId()) ? TransitionOutcome.STALE : TransitionOutcome.NOT_FOUND;
            }
            if (t.placesDelta() != 0 && !addPlaces(h, t.reservationId(), t.placesDelta())) {
                h.rollback();
                return TransitionOutcome.NOT_ENOUGH_PLACES;
            }
            return TransitionOutcome.APPLIED;
        });
    }

    private boolean addPlaces(Handle h, String reservationId, int delta) {
        return h.createUpdate("UPDATE " + tables.sejours() + " SET places_left = places_left + :delta"
                        + " WHERE slug = (SELECT sejour_slug FROM " + tables.reservations() + " WHERE id = :id)"
                        + " AND places_left + :delta >= 0")
                .bind("delta", delta)
                .bind("id", reservationId)
                .execute() == 1;
    }

    @Override
    public Optional<Reservation> findById(String reservationId) {
        return findOne("find reservation " + reservationId, "id", reservationId);
    }

    @Override
    public Optional<Reservation> findByStripeSessionId(String stripeSessionId) {
        return findOne("find reservation of session " + stripeSessionId, "stripe_session_id", stripeSessionId);
    }

    @Override
    public Optional<Reservation> findByPaymentIntentId(String paymentIntentId) {
        // Not unique in the schema (a PaymentIntent is recorded only once paid); the oldest one is the answer.
        return transactor.withHandle("find reservation of payment " + paymentIntentId, h -> h.createQuery(
                        select + " WHERE payment_intent_id = :value ORDER BY created_at, id" + limit)
                .bind("value", Objects.requireNonNull(paymentIntentId, "paymentIntentId"))
                .bind("limit", 1)
                .map((rs, ctx) -> reservation(rs))
                .findOne());
    }

    @Override
    public List<Reservation> findExpiredHolds(Instant now, int limit) {
        return transactor.withHandle("find expired holds", h -> h.createQuery(select
                        + " WHERE status = :pending AND expires_at <= :now ORDER BY expires_at, id" + this.limit)
                .bind("pending", ReservationStatus.PENDING.code())
                .bind("now", instant(Objects.requireNonNull(now, "now")))
                .bind("limit", limit)
                .map((rs, ctx) -> reservation(rs))
                .list());
    }

    @Override
    public List<Reservation> findBySejour(String sejourSlug, @Nullable ReservationStatus status,
                                          @Nullable ReservationCursor after,
                                          int limit) {
        Objects.requireNonNull(sejourSlug, "sejourSlug");
        String sql = select + " WHERE sejour_slug = :slug"
                + (status == null ? "" : " AND status = :status")
                + (after == null ? "" : " AND (created_at > :afterAt OR (created_at = :afterAt AND id > :afterId))")
                + " ORDER BY created_at, id" + this.limit;
        return transactor.withHandle("list reservations of séjour " + sejourSlug, h -> {
            var query = h.createQuery(sql).bind("slug", sejourSlug).bind("limit", limit);
            if (status != null) {
                query.bind("status", status.code());
            }
            if (after != null) {
                query.bind("afterAt", instant(after.createdAt())).bind("afterId", after.id());
            }
            return query.map((rs, ctx) -> reservation(rs)).list();
        });
    }

    @Override
    public List<Reservation> findNotificationsDue(Instant now, int limit) {
        return transactor.withHandle("find notifications due", h -> h.createQuery(select
                        + " WHERE status IN (:paid, :refunded) AND notified_at IS NULL AND notify_failed_at IS NULL"
                        + " AND (notify_claimed_until IS NULL OR notify_claimed_until <= :now)"
                        // Never claimed (or released) first, then by when the claim or backoff ended; NULLS
                        // FIRST is not portable (MariaDB).
                        + " ORDER BY CASE WHEN notify_claimed_until IS NULL THEN 0 ELSE 1 END,"
                        + " notify_claimed_until, created_at, id" + this.limit)
                .bind("paid", ReservationStatus.PAID.code())
                .bind("refunded", ReservationStatus.REFUNDED.code())
                .bind("now", instant(Objects.requireNonNull(now, "now")))
                .bind("limit", limit)
                .map((rs, ctx) -> reservation(rs))
                .list());
    }

    @Override
    public boolean claimNotification(String reservationId, ReservationStatus status, Instant now, Instant until) {
        return transactor.inTransaction("claim notification of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET notify_claimed_until = :until"
                                + " WHERE id = :id AND status = :status AND notified_at IS NULL"
                                + " AND notify_failed_at IS NULL"
                                + " AND (notify_claimed_until IS NULL OR notify_claimed_until <= :now)")
                .bind("until", instant(Objects.requireNonNull(until, "until")))
                .bind("id", reservationId)
                .bind("status", status.code())
                .bind("now", instant(Objects.requireNonNull(now, "now")))
                .execute() == 1);
    }

    @Override
    public void releaseNotificationClaim(String reservationId) {
        transactor.inTransaction("release notification claim of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET notify_claimed_until = NULL WHERE id = :id")
                .bind("id", reservationId)
                .execute());
    }

    @Override
    public boolean markNotified(String reservationId, ReservationStatus status, Instant at) {
        return transactor.inTransaction("mark " + reservationId + " notified", h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET notified_at = :at, notify_claimed_until = NULL"
                                + " WHERE id = :id AND status = :status")
                .bind("at", instant(Objects.requireNonNull(at, "at")))
                .bind("id", reservationId)
                .bind("status", status.code())
                .execute() == 1);
    }

    /** {@inheritDoc} Here: one transaction, the updates sent as one JDBC batch. */
    @Override
    public int markAllNotified(List<DeliveredNotification> delivered) {
        Objects.requireNonNull(delivered, "delivered");
        if (delivered.isEmpty()) {
            return 0;
        }
        return transactor.inTransaction("mark " + delivered.size() + " notified", h -> {
            PreparedBatch batch = h.prepareBatch("UPDATE " + tables.reservations()
                    + " SET notified_at = :at, notify_claimed_until = NULL WHERE id = :id AND status = :status");
            for (DeliveredNotification d : delivered) {
                batch.bind("at", instant(d.at())).bind("id", d.reservationId()).bind("status", d.status().code())
                        .add();
            }
            int marked = 0;
            for (int count : batch.execute()) {
                // A driver may answer SUCCESS_NO_INFO (-2) for a statement of a batch: it did run.
                marked += count == 1 || count == java.sql.Statement.SUCCESS_NO_INFO ? 1 : 0;
            }
            return marked;
        });
    }

    @Override
    public int notificationAttempts(String reservationId) {
        return transactor.withHandle("read notification attempts of " + reservationId, h -> h.createQuery(
                        "SELECT notify_attempts FROM " + tables.reservations() + " WHERE id = :id")
                .bind("id", Objects.requireNonNull(reservationId, "reservationId"))
                .mapTo(Integer.class)
                .findOne()
                .orElse(0));
    }

    @Override
    public boolean recordNotificationFailure(NotificationFailure f) {
        Objects.requireNonNull(f, "failure");
        // A compare-and-set on the attempts count: two instances never both record one attempt.
        String set = f.isFinal()
                ? "notify_failed_at = :at, notify_claimed_until = NULL"
                : "notify_failed_at = NULL, notify_claimed_until = :retry";
        return transactor.inTransaction("record failed notification of " + f.reservationId(), h -> {
            Update update = h.createUpdate("UPDATE " + tables.reservations() + " SET notify_attempts = :attempt,"
                            + " notify_last_error = :error, " + set
                            + " WHERE id = :id AND status = :status AND notified_at IS NULL"
                            + " AND notify_failed_at IS NULL AND notify_attempts = :previous")
                    .bind("attempt", f.attempt())
                    .bind("error", f.error())
                    .bind("id", f.reservationId())
                    .bind("status", f.status().code())
                    .bind("previous", f.attempt() - 1);
            if (f.isFinal()) {
                update.bind("at", instant(f.at()));
            } else {
                update.bind("retry", instant(f.retryAt()));
            }
            return update.execute() == 1;
        });
    }

    @Override
    public List<FailedNotification> findFailedNotifications(int limit) {
        return transactor.withHandle("find failed notifications", h -> h.createQuery("SELECT " + COLUMNS
                        + DISPUTE_COLUMNS
                        + ", notify_attempts, notify_failed_at, notify_last_error FROM " + tables.reservations()
                        + " WHERE notify_failed_at IS NOT NULL ORDER BY notify_failed_at, id" + this.limit)
                .bind("limit", limit)
                .map((rs, ctx) -> new FailedNotification(reservation(rs), rs.getInt("notify_attempts"),
                        Objects.requireNonNull(dialect.readInstant(rs, "notify_failed_at"), "notify_failed_at"),
                        rs.getString("notify_last_error")))
                .list());
    }

    @Override
    public int countFailedNotifications() {
        return transactor.withHandle("count failed notifications", h -> h.createQuery(
                        "SELECT COUNT(*) FROM " + tables.reservations() + " WHERE notify_failed_at IS NOT NULL")
                .mapTo(Integer.class)
                .one());
    }

    @Override
    public boolean retryFailedNotification(String reservationId) {
        return transactor.inTransaction("retry failed notification of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET notify_failed_at = NULL, notify_attempts = 0,"
                                + " notify_claimed_until = NULL, notify_last_error = NULL"
                                + " WHERE id = :id AND notify_failed_at IS NOT NULL")
                .bind("id", Objects.requireNonNull(reservationId, "reservationId"))
                .execute() == 1);
    }

    @Override
    public boolean extendHold(String reservationId, Instant until) {
        return transactor.inTransaction("extend hold " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET expires_at = :until"
                                + " WHERE id = :id AND status = :pending AND expires_at < :until")
                .bind("until", instant(Objects.requireNonNull(until, "until")))
                .bind("id", reservationId)
                .bind("pending", ReservationStatus.PENDING.code())
                .execute() == 1);
    }

    /**
     * Places of the séjour held by pending reservations and taken by paid ones: an inspection for checks
     * and dashboards, not part of the SPI (the engine never needs it).
     *
     * @return places by status, with exactly {@link ReservationStatus#PENDING} and {@link ReservationStatus#PAID}
     *     (0 when none)
     */
    Map<ReservationStatus, Integer> countPlaces(String sejourSlug) {
        return transactor.withHandle("count places of " + sejourSlug, h -> h.createQuery(
                        "SELECT status, SUM(places) AS places FROM " + tables.reservations()
                                + " WHERE sejour_slug = :slug AND status IN (:pending, :paid) GROUP BY status")
                .bind("slug", Objects.requireNonNull(sejourSlug, "sejourSlug"))
                .bind("pending", ReservationStatus.PENDING.code())
                .bind("paid", ReservationStatus.PAID.code())
                .reduceResultSet(noPlaces(), (count, rs, ctx) -> {
                    count.merge(ReservationStatus.fromCode(rs.getString("status")),
                            Math.toIntExact(rs.getLong("places")), Integer::sum);
                    return count;
                }));
    }

    /** {@inheritDoc} Here: one {@code SELECT … GROUP BY status} on the séjour's index. */
    @Override
    public Map<ReservationStatus, StatusCount> countBySejour(String sejourSlug) {
        return transactor.withHandle("count reservations of " + sejourSlug, h -> h.createQuery(
                        "SELECT status, COUNT(*) AS reservations, SUM(places) AS places FROM " + tables.reservations()
                                + " WHERE sejour_slug = :slug GROUP BY status")
                .bind("slug", Objects.requireNonNull(sejourSlug, "sejourSlug"))
                .reduceResultSet(new EnumMap<ReservationStatus, StatusCount>(ReservationStatus.class),
                        (counts, rs, ctx) -> {
                            counts.put(ReservationStatus.fromCode(rs.getString("status")),
                                    new StatusCount(Math.toIntExact(rs.getLong("reservations")),
                                            Math.toIntExact(rs.getLong("places"))));
                            return counts;
                        }));
    }

    private static Map<ReservationStatus, Integer> noPlaces() {
        Map<ReservationStatus, Integer> count = new EnumMap<>(ReservationStatus.class);
        count.put(ReservationStatus.PENDING, 0);
        count.put(ReservationStatus.PAID, 0);
        return count;
    }

    private Optional<Reservation> findOne(String what, String column, String value) {
        Objects.requireNonNull(value, column);
        return transactor.withHandle(what, h -> h.createQuery(select + " WHERE " + column + " = :value")
                .bind("value", value)
                .map((rs, ctx) -> reservation(rs))
                .findOne());
    }

    private boolean sejourExists(Handle h, String slug) {
        return h.createQuery("SELECT COUNT(*) FROM " + tables.sejours() + " WHERE slug = :slug")
                .bind("slug", slug)
                .mapTo(Integer.class)
                .one() > 0;
    }

    private boolean reservationExists(Handle h, String id) {
        return h.createQuery("SELECT COUNT(*) FROM " + tables.reservations() + " WHERE id = :id")
                .bind("id", id)
                .mapTo(Integer.class)
                .one() > 0;
    }

    private Argument instant(@Nullable Instant value) {
        Instant cut = value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
        return (position, statement, ctx) -> dialect.bindInstant(statement, position, cut);
    }

    private Reservation reservation(ResultSet rs) throws SQLException {
        return new Reservation(
                rs.getString("id"),
                rs.getString("sejour_slug"),
                new Buyer(rs.getString("last_name"), rs.getString("first_name"), rs.getString("email")),
                rs.getInt("places"),
                Money.of(rs.getLong("amount"), rs.getString("currency")),
                ReservationStatus.fromCode(rs.getString("status")),
                rs.getString("stripe_session_id"),
                rs.getString("payment_intent_id"),
                Objects.requireNonNull(dialect.readInstant(rs, "created_at"), "created_at"),
                Objects.requireNonNull(dialect.readInstant(rs, "expires_at"), "expires_at"),
                dialect.readInstant(rs, "paid_at"),
                dialect.readInstant(rs, "notified_at"),
                dispute(rs));
    }

    private @Nullable Dispute dispute(ResultSet rs) throws SQLException {
        String id = rs.getString("dispute_id");
        if (id == null) {
            return null;
        }
        return new Dispute(id, rs.getString("dispute_status"), rs.getString("dispute_reason"),
                Money.of(rs.getLong("dispute_amount"), rs.getString("dispute_currency")),
                Objects.requireNonNull(dialect.readInstant(rs, "dispute_opened_at"), "dispute_opened_at"),
                dialect.readInstant(rs, "dispute_closed_at"));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here: one conditional {@code UPDATE} ({@code … WHERE dispute_id IS NULL}, or for a closing {@code OR
     * (dispute_id = :id AND dispute_closed_at IS NULL)}, or for an open chargeback {@code OR (dispute_id = :id
     * AND dispute_closed_at IS NULL AND SUBSTR(dispute_status, 1, 8) = 'warning_')}): the database re-checks it
     * on the newest row version.
     */
    @Override
    public boolean recordDispute(String reservationId, Dispute dispute,
                                 @Nullable Instant noticeDueAt) {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(dispute, "dispute");
        // The forward rule of Dispute.isOvertakenBy, in the write's condition. SUBSTR rather than LIKE: its
        // escaping of '_' differs between the dialects, SUBSTR works the same on all of them.
        String forward;
        if (dispute.closed()) {
            forward = " AND (dispute_id IS NULL OR (dispute_id = :disputeId AND dispute_closed_at IS NULL))";
        } else if (dispute.inquiry()) {
            forward = " AND dispute_id IS NULL";
        } else {
            forward = " AND (dispute_id IS NULL OR (dispute_id = :disputeId AND dispute_closed_at IS NULL"
                    + " AND SUBSTR(dispute_status, 1, " + Dispute.INQUIRY_PREFIX.length() + ") = :inquiryPrefix))";
        }
        return transactor.inTransaction("record dispute " + dispute.id() + " of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET dispute_id = :disputeId, dispute_status = :status,"
                                + " dispute_reason = :reason, dispute_amount = :amount, dispute_currency = :currency,"
                                + " dispute_opened_at = :openedAt, dispute_closed_at = :closedAt,"
                                + " dispute_notice_due_at = :due, dispute_notice_attempts = 0"
                                + " WHERE id = :id" + forward)
                .bind("disputeId", dispute.id())
                .bind("status", dispute.status())
                .bind("reason", dispute.reason())
                .bind("amount", dispute.amount().minorUnits())
                .bind("currency", dispute.amount().currency())
                .bind("openedAt", instant(dispute.openedAt()))
                .bind("closedAt", instant(dispute.closedAt()))
                .bind("due", instant(noticeDueAt))
                .bind("id", reservationId)
                .bind("inquiryPrefix", Dispute.INQUIRY_PREFIX)
                .execute() == 1);
    }

    @Override
    public List<Reservation> findDisputeNoticesDue(Instant now, int limit) {
        return transactor.withHandle("find dispute notices due", h -> h.createQuery(select
                        + " WHERE dispute_notice_due_at IS NOT NULL AND dispute_notice_due_at <= :now"
                        + " ORDER BY dispute_notice_due_at, id" + this.limit)
                .bind("now", instant(Objects.requireNonNull(now, "now")))
                .bind("limit", limit)
                .map((rs, ctx) -> reservation(rs))
                .list());
    }

    @Override
    public boolean claimDisputeNotice(String reservationId, String disputeStatus, Instant now, Instant until) {
        return transactor.inTransaction("claim dispute notice of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET dispute_notice_due_at = :until"
                                + " WHERE id = :id AND dispute_status = :status AND dispute_notice_due_at IS NOT NULL"
                                + " AND dispute_notice_due_at <= :now")
                .bind("until", instant(Objects.requireNonNull(until, "until")))
                .bind("id", reservationId)
                .bind("status", disputeStatus)
                .bind("now", instant(Objects.requireNonNull(now, "now")))
                .execute() == 1);
    }

    @Override
    public boolean finishDisputeNotice(String reservationId, String disputeStatus, int attempts,
                                       @Nullable Instant retryAt) {
        return transactor.inTransaction("finish dispute notice of " + reservationId, h -> h.createUpdate(
                        "UPDATE " + tables.reservations() + " SET dispute_notice_due_at = :retry,"
                                + " dispute_notice_attempts = :attempts"
                                + " WHERE id = :id AND dispute_status = :status AND dispute_notice_due_at IS NOT NULL")
                .bind("retry", instant(retryAt))
                .bind("attempts", attempts)
                .bind("id", reservationId)
                .bind("status", disputeStatus)
                .execute() == 1);
    }

    @Override
    public int disputeNoticeAttempts(String reservationId) {
        return transactor.withHandle("read dispute notice attempts of " + reservationId, h -> h.createQuery(
                        "SELECT dispute_notice_attempts FROM " + tables.reservations() + " WHERE id = :id")
                .bind("id", Objects.requireNonNull(reservationId, "reservationId"))
                .mapTo(Integer.class)
                .findOne()
                .orElse(0));
    }
}
