package dev.sejour.booking.reliability;

import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.testkit.BookingAssertions;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurement behind the example's choice of SQLite, kept runnable; its name keeps it out of the default
 * test run ({@code mvn -pl verification/booking-reliability -am verify -Dtest=ExampleCrashH2Measurement
 * -Dsurefire.failIfNoSpecifiedTests=false}). It counts, it does not assert.
 */
class ExampleCrashH2Measurement extends ExampleCrashTest {

    /** Not run here: an overriding method without {@code @Test} is not a test (JUnit 5). */
    @Override
    void nothingAnswered2xxIsLostWhenTheServerIsKilledMidBurst() {
    }

    /**
     * Not a test of this library but the measurement behind its choice of embedded database (see
     * docs/reliability.md): the same kills on H2 with {@code url} as {@code BOOKING_JDBC_URL}, counting what
     * was acknowledged and lost instead of failing. Run with {@code -Dbooking.crash.measureH2=true}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", ";WRITE_DELAY=0"})
    void measureH2(String settings) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("booking").toString().replace('\\', '/') + settings;
        ExampleProcess.createSejour(url, SLUG, CAPACITY);
        Map<String, String> env = Map.of("BOOKING_JDBC_URL", url);
        int kills = Math.max(10, kills());
        int lostCheckouts = 0;
        int lostPayments = 0;
        int unbalanced = 0;
        try {
            for (int kill = 1; kill <= kills; kill++) {
                ExampleProcess server = ExampleProcess.start(dataDir, stripe, dataDir.resolve("run-" + kill + ".log"), env);
                burstThenKill(server, 15 + random.nextInt(30));
                int[] lost = new int[3];
                ExampleProcess.withDatabase(url, stores -> {
                    ackedCheckouts.forEach((sessionId, id) -> {
                        if (stores.reservations().findById(id).filter(r -> sessionId.equals(r.stripeSessionId())).isEmpty()) {
                            lost[0]++;
                        }
                    });
                    for (String id : ackedPaid) {
                        if (stores.reservations().findById(id).filter(r -> r.status() == ReservationStatus.PAID).isEmpty()) {
                            lost[1]++;
                        }
                    }
                    try {
                        BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);
                    } catch (AssertionError e) {
                        lost[2]++;
                    }
                });
                lostCheckouts += lost[0];
                lostPayments += lost[1];
                unbalanced += lost[2];
                // What was lost stays lost: forget it, so that each kill counts its own losses.
                ackedCheckouts.clear();
                ackedPaid.clear();
                payable.clear();
            }
        } finally {
            Summary.of("ExampleCrashTest.measureH2(" + (settings.isEmpty() ? "default" : settings) + ")")
                    .put("kills", kills).put("checkoutsAcknowledgedLost", lostCheckouts)
                    .put("paidWebhooksAcknowledgedLost", lostPayments).put("killsLeavingBooksUnbalanced", unbalanced)
                    .print();
            http.close();
            stripe.close();
        }
    }

}
