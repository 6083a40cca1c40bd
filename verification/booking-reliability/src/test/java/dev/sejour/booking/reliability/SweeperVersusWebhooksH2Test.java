package dev.sejour.booking.reliability;

/** The sweeper racing late webhooks, on H2. */
class SweeperVersusWebhooksH2Test extends SweeperVersusWebhooksTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.H2);
    }
}
