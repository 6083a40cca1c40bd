package dev.sejour.booking.reliability;

/** Two instances sharing PostgreSQL. */
class TwoInstancesPostgresTest extends TwoInstancesTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }
}
