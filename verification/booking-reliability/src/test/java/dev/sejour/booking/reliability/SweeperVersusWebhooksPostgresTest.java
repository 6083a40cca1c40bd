package dev.sejour.booking.reliability;

/** The sweeper racing late webhooks, on Postgres. */
class SweeperVersusWebhooksPostgresTest extends SweeperVersusWebhooksTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }
}
