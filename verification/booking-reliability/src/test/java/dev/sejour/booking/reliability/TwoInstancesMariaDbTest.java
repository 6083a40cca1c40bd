package dev.sejour.booking.reliability;

/** Two instances sharing MariaDB. */
class TwoInstancesMariaDbTest extends TwoInstancesTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.MARIADB);
    }
}
