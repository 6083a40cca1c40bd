package dev.sejour.booking.reliability;

import dev.sejour.booking.ReservationStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One try of the event storm: a few reservations, what each buyer does at Stripe, and how deliveries are
 * shuffled ({@code seed}), whether the holds' time runs out before the events arrive ({@code lateEvents}),
 * and whether the sweeper runs while they are delivered ({@code sweepDuring}).
 */
record StormScenario(List<Outcome> outcomes, long seed, boolean lateEvents, boolean sweepDuring) {

    /** What happens at Stripe for one reservation, and where the state machine says it must end. */
    enum Outcome {
        /** Card payment: {@code checkout.session.completed} (paid). */
        PAID(ReservationStatus.PAID),
        /** Delayed method that clears: {@code completed} (unpaid), then {@code async_payment_succeeded}. */
        DELAYED_SUCCEEDED(ReservationStatus.PAID),
        /** Delayed method that fails: {@code completed} (unpaid), then {@code async_payment_failed}. */
        DELAYED_FAILED(ReservationStatus.FAILED),
        /** The session expires: {@code checkout.session.expired}. */
        EXPIRED(ReservationStatus.EXPIRED),
        /** Paid, then refunded in full from the dashboard: {@code completed} (paid), {@code charge.refunded}. */
        REFUNDED_FROM_DASHBOARD(ReservationStatus.REFUNDED),
        /** The buyer leaves; no event until the sweeper expires the session at Stripe. */
        ABANDONED(ReservationStatus.EXPIRED),
        /** Paid, but the webhook never arrives: the sweeper finds the payment at Stripe. */
        PAID_WEBHOOK_LOST(ReservationStatus.PAID);

        final ReservationStatus expected;

        Outcome(ReservationStatus expected) {
            this.expected = expected;
        }
    }

    static StormScenario random(Random random) {
        int size = 1 + random.nextInt(7);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            outcomes.add(Outcome.values()[random.nextInt(Outcome.values().length)]);
        }
        return new StormScenario(outcomes, random.nextLong(), random.nextBoolean(), random.nextBoolean());
    }
}
