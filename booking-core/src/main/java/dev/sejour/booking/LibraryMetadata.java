package dev.sejour.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The metadata this library puts on every Checkout Session it creates ({@code reservation_id},
 * {@code sejourSlug}, {@code nbPlaces}, {@code email}, {@code nom}, {@code prenom}; see
 * {@link StripeGateway}), read back to rebuild a reservation the store lost (a crash, a restored backup, a
 * table emptied by hand) when its session is paid anyway.
 */
final class LibraryMetadata {

    // More than any order the checkout allows; a larger number is not ours.
    private static final int MAX_PLACES = 10_000;

    private LibraryMetadata() {
    }

    /** Whether the session names a reservation of this library: a well-formed id in its metadata. */
    static boolean namesReservation(SessionState session) {
        String id = session.metadata().get(SessionState.METADATA_RESERVATION_ID);
        return id != null && Ids.isReservationId(id);
    }

    /** What a session naming one of our reservations lacks to rebuild it; empty when nothing is missing. */
    static List<String> missing(SessionState session) {
        List<String> missing = new ArrayList<>();
        if (!namesReservation(session)) {
            missing.add(SessionState.METADATA_RESERVATION_ID);
        }
        if (blank(session.metadata().get(SessionState.METADATA_SLUG))) {
            missing.add(SessionState.METADATA_SLUG);
        }
        if (places(session) == 0) {
            missing.add(SessionState.METADATA_PLACES);
        }
        for (String field : List.of(SessionState.METADATA_EMAIL, SessionState.METADATA_LAST_NAME,
                SessionState.METADATA_FIRST_NAME)) {
            if (session.metadata().get(field) == null) {
                missing.add(field);
            }
        }
        if (session.id() == null) {
            missing.add("id");
        }
        if (session.merchantAmount() == null) {
            missing.add("amount_total/currency");
        }
        return missing;
    }

    /**
     * The pending reservation the session was paid for, as it was held: the id, séjour, places and buyer
     * from the metadata, the amount in the merchant's currency from the session itself, the session's id.
     * Created and ending {@code now}: it is settled at once.
     *
     * @return empty unless {@link #missing} is empty
     */
    static Optional<Reservation> rebuild(SessionState session, Instant now) {
        if (!missing(session).isEmpty()) {
            return Optional.empty();
        }
        var m = session.metadata();
        Buyer buyer = new Buyer(present(m, SessionState.METADATA_LAST_NAME),
                present(m, SessionState.METADATA_FIRST_NAME), present(m, SessionState.METADATA_EMAIL));
        return Optional.of(Reservation.pending(present(m, SessionState.METADATA_RESERVATION_ID),
                present(m, SessionState.METADATA_SLUG), buyer, places(session),
                Objects.requireNonNull(session.merchantAmount(), "amount"), now, now)
                .withStripeSessionId(Objects.requireNonNull(session.id(), "id")));
    }

    /** A metadata value {@link #missing} found there. */
    private static String present(Map<String, String> metadata, String key) {
        return Objects.requireNonNull(metadata.get(key), key);
    }

    private static int places(SessionState session) {
        String text = session.metadata().get(SessionState.METADATA_PLACES);
        if (text == null || !text.matches("[1-9][0-9]{0,4}")) {
            return 0;
        }
        int places = Integer.parseInt(text);
        return places <= MAX_PLACES ? places : 0;
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
