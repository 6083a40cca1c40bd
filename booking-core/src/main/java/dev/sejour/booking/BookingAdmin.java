package dev.sejour.booking;

import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationCursor;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organiser's side of a {@link BookingService} ({@link BookingService#admin()}): who booked, a CSV
 * export, places changed safely, refunds and resent confirmations. Framework-neutral; an application guards
 * who may call it (the servlet module's admin servlet asks an authorizer). Thread-safe.
 */
public final class BookingAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BookingAdmin.class);
    /** Largest page {@link #reservations} answers. */
    public static final int MAX_PAGE = 500;
    /** Largest change of places in one call, either way. */
    public static final int MAX_DELTA = 100_000;
    private static final int SCAN_PAGE = 500;

    private final SejourStore sejours;
    private final ReservationStore reservations;
    private final NotificationOutbox outbox;
    private final Fulfilment fulfilment;
    private final NotificationDispatcher notifications;

    BookingAdmin(SejourStore sejours, ReservationStore reservations, NotificationOutbox outbox, Fulfilment fulfilment,
                 NotificationDispatcher notifications) {
        this.sejours = sejours;
        this.reservations = reservations;
        this.outbox = outbox;
        this.fulfilment = fulfilment;
        this.notifications = notifications;
    }

    /** Every séjour, by slug, with its reservations counted per status. */
    public List<SejourSummary> sejours() {
        List<SejourSummary> all = new ArrayList<>();
        for (Sejour sejour : sejours.findAll()) {
            all.add(summarise(sejour));
        }
        return all;
    }

    /**
     * One séjour with its reservations counted per status.
     *
     * @throws SejourNotFoundException no séjour has the slug
     */
    public SejourSummary sejour(String slug) {
        return summarise(find(slug));
    }

    /**
     * A page of the séjour's reservations, oldest first (by creation time, then id).
     *
     * @param status only this status; null for all
     * @param after the last reservation of the previous page; null for the first
     * @param limit 1 to {@link #MAX_PAGE}
     * @throws SejourNotFoundException no séjour has the slug
     * @throws InvalidRequestException the limit is out of range
     */
    public List<Reservation> reservations(String slug, @Nullable ReservationStatus status,
                                          @Nullable ReservationCursor after, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE);
        }
        find(slug);
        return reservations.findBySejour(slug, status, after, limit);
    }

    /**
     * Writes the séjour's reservations (all, or those of one status) as CSV; see {@link ReservationCsv}.
     * Pages through the store, so memory stays bounded however many there are.
     *
     * @param zone the zone times are written in
     * @throws SejourNotFoundException no séjour has the slug
     */
    public void exportCsv(String slug, @Nullable ReservationStatus status, ZoneId zone, Appendable out) {
        find(slug);
        ReservationCsv csv = ReservationCsv.start(out, zone);
        ReservationCursor after = null;
        while (true) {
            List<Reservation> page = reservations.findBySejour(slug, status, after, SCAN_PAGE);
            page.forEach(csv::write);
            if (page.size() < SCAN_PAGE) {
                return;
            }
            after = ReservationCursor.after(page.get(page.size() - 1));
        }
    }

    /**
     * Puts a new séjour on sale, or changes an existing one's title and price. Places are set only at
     * creation; afterwards they change only by {@link #adjustPlaces}, so a change never races the buyers.
     *
     * @param places the places of a new séjour; must be null for an existing one
     * @return true if the séjour was created, false if an existing one was changed
     * @throws InvalidRequestException a new séjour without places, or negative places
     * @throws ChangeRefusedException places given for an existing séjour
     */
    public boolean createSejour(String slug, String title, Money pricePerPlace, @Nullable Integer places) {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(pricePerPlace, "pricePerPlace");
        if (places != null && (places < 0 || places > MAX_DELTA)) {
            throw new InvalidRequestException("places must be between 0 and " + MAX_DELTA);
        }
        Optional<Sejour> existing = sejours.findBySlug(slug);
        if (existing.isEmpty()) {
            if (places == null) {
                throw new InvalidRequestException("places is required to create a séjour");
            }
            if (sejours.create(new Sejour(slug, title, pricePerPlace, places))) {
                LOG.info("Séjour {} created with {} places", slug, places);
                return true;
            }
        }
        if (places != null) {
            throw new ChangeRefusedException("séjour " + slug + " exists: its places change only by delta"
                    + " (places off sale never include held or sold ones)");
        }
        sejours.updateDetails(slug, title, pricePerPlace)
                .orElseThrow(() -> new SejourNotFoundException("no séjour " + slug));
        LOG.info("Séjour {}: title and price changed", slug);
        return false;
    }

    /** The reservation with this id, if any (a malformed id has none). */
    public Optional<Reservation> reservation(String reservationId) {
        if (reservationId == null || !Ids.isReservationId(reservationId)) {
            return Optional.empty();
        }
        return reservations.findById(reservationId);
    }

    /**
     * Adds places to a séjour, or takes unsold ones off sale, in one atomic conditional write: never below
     * zero places left, so held and sold places are never touched, and a change racing buyers never oversells.
     *
     * @param delta places to add (positive) or take off sale (negative), at most {@link #MAX_DELTA} either way
     * @return the séjour afterwards
     * @throws SejourNotFoundException no séjour has the slug
     * @throws ChangeRefusedException fewer than {@code -delta} places are left (nothing changed)
     * @throws InvalidRequestException the delta is out of range
     */
    public Sejour adjustPlaces(String slug, int delta) {
        if (Math.abs((long) delta) > MAX_DELTA) {
            throw new InvalidRequestException("delta must be between -" + MAX_DELTA + " and " + MAX_DELTA);
        }
        Objects.requireNonNull(slug, "slug");
        Optional<Sejour> changed = sejours.adjustPlaces(slug, delta);
        if (changed.isPresent()) {
            LOG.info("Places of séjour {} changed by {}: {} left", slug, delta, changed.get().placesLeft());
            return changed.get();
        }
        Sejour sejour = find(slug);
        throw new ChangeRefusedException("only " + sejour.placesLeft() + " places of " + slug
                + " are neither held nor sold: cannot take " + (-(long) delta) + " off sale");
    }

    /**
     * Refunds a paid reservation in full at Stripe (idempotency key from the payment, so a repeated call is
     * the same refund), marks it {@code remboursee}, gives its places back and tells the buyer. Harmless
     * when repeated: a reservation already refunded is answered as it is.
     *
     * @return the reservation afterwards
     * @throws ReservationNotFoundException no reservation has the id
     * @throws ChangeRefusedException it is neither paid nor refunded, or has no payment to refund
     * @throws PaymentProviderException Stripe failed; nothing changed here, the call can be repeated
     */
    public Reservation refund(String reservationId) {
        Reservation reservation = findReservation(reservationId);
        return fulfilment.refundByOrganiser(reservation);
    }

    /**
     * Tells the buyer again of a paid or refunded reservation. A notification that failed for good (a dead
     * letter) or is still due is handed to the outbox again, with its attempts back to zero; one delivered
     * before is sent again now, on this thread, without changing the record.
     *
     * @throws ReservationNotFoundException no reservation has the id
     * @throws ChangeRefusedException the reservation is neither paid nor refunded (nothing to tell)
     * @throws dev.sejour.booking.spi.NotificationException sending it again failed
     */
    public ResendResult resendNotification(String reservationId) {
        Reservation reservation = findReservation(reservationId);
        if (!NotificationDispatcher.needsNotification(reservation.status())) {
            throw new ChangeRefusedException("reservation " + reservationId + " is " + reservation.status().code()
                    + ": there is nothing to tell its buyer");
        }
        if (outbox.retryFailedNotification(reservationId)) {
            LOG.info("Failed notification of reservation {} re-triggered by the organiser", reservationId);
            notifications.submitIfDue(reservation.withNotifiedAt(null));
            return new ResendResult(reservation, ResendResult.Action.REQUEUED);
        }
        if (reservation.notifiedAt() == null) {
            // Still due (backing off, or being sent): the outbox delivers it; nudge it if nobody holds it.
            notifications.submitIfDue(reservation);
            return new ResendResult(reservation, ResendResult.Action.REQUEUED);
        }
        notifications.sendAgain(reservation);
        LOG.info("Notification of reservation {} sent again by the organiser", reservationId);
        return new ResendResult(reservation, ResendResult.Action.SENT_AGAIN);
    }

    private Reservation findReservation(String reservationId) {
        if (reservationId == null || !Ids.isReservationId(reservationId)) {
            throw new ReservationNotFoundException("no reservation " + reservationId);
        }
        return reservations.findById(reservationId)
                .orElseThrow(() -> new ReservationNotFoundException("no reservation " + reservationId));
    }

    private Sejour find(String slug) {
        return sejours.findBySlug(Objects.requireNonNull(slug, "slug"))
                .orElseThrow(() -> new SejourNotFoundException("no séjour " + slug));
    }

    /** Counts in the store (one {@code GROUP BY} or aggregation in the shipped stores). */
    private SejourSummary summarise(Sejour sejour) {
        return new SejourSummary(sejour, reservations.countBySejour(sejour.slug()));
    }
}
