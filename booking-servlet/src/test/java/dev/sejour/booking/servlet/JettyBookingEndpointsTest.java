package dev.sejour.booking.servlet;

/** The endpoint suite in Jetty 12 (ee10). */
class JettyBookingEndpointsTest extends BookingEndpointsContract {

    @Override
    ServletContainer newContainer() {
        return new JettyContainer();
    }
}
