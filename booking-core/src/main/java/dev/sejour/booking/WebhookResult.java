package dev.sejour.booking;

import org.jspecify.annotations.Nullable;

/**
 * What a verified webhook event did. Every result is acknowledged to Stripe with a 2xx.
 *
 * @param eventId Stripe's event id ({@code evt_…})
 * @param type the event type
 * @param disposition what happened
 * @param reservationId the reservation concerned, or null
 */
public record WebhookResult(@Nullable String eventId, String type, Disposition disposition,
                            @Nullable String reservationId) {

    public enum Disposition {
        /** The event changed a reservation (or notified its buyer). */
        APPLIED,
        /** The event was already applied, or came too late to matter: nothing changed. */
        DUPLICATE,
        /** Not an event for this library (another type, another application's session, other mode). */
        IGNORED
    }
}
