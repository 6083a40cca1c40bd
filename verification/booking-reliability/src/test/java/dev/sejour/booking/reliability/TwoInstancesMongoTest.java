package dev.sejour.booking.reliability;

/** Two instances sharing a MongoDB wire-protocol server (mongo-java-server). */
class TwoInstancesMongoTest extends TwoInstancesTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.mongo();
    }
}
