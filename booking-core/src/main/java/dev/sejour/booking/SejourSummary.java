package dev.sejour.booking;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A séjour as its organiser sees it: its places left and its reservations counted per status. The books
 * balance when {@code placesLeft + held + paid} is the séjour's total capacity.
 *
 * @param sejour the séjour (its places left are those neither held nor sold)
 * @param counts every status, with {@link StatusCount#NONE} for those without reservations
 */
public record SejourSummary(Sejour sejour, Map<ReservationStatus, StatusCount> counts) {

    public SejourSummary {
        Objects.requireNonNull(sejour, "sejour");
        EnumMap<ReservationStatus, StatusCount> all = new EnumMap<>(ReservationStatus.class);
        for (ReservationStatus status : ReservationStatus.values()) {
            all.put(status, counts.getOrDefault(status, StatusCount.NONE));
        }
        counts = Collections.unmodifiableMap(all);
    }

    /** Places held by pending checkouts. */
    public int held() {
        return counts.getOrDefault(ReservationStatus.PENDING, StatusCount.NONE).places();
    }

    /** Places sold (paid). */
    public int paid() {
        return counts.getOrDefault(ReservationStatus.PAID, StatusCount.NONE).places();
    }

    /** Places left, held and sold: the séjour's capacity now. */
    public int capacity() {
        return sejour.placesLeft() + held() + paid();
    }
}
