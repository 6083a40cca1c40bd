package dev.sejour.booking.servlet;

/** The endpoint suite in Tomcat 11. */
class TomcatBookingEndpointsTest extends BookingEndpointsContract {

    @Override
    ServletContainer newContainer() {
        return new TomcatContainer();
    }
}
