package dev.sejour.booking.reliability;

/** The sweeper racing late webhooks, on Mongo. */
class SweeperVersusWebhooksMongoTest extends SweeperVersusWebhooksTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.mongo();
    }
}
