// tag::servlet-listener[]
package org.example.shop;
import dev.sejour.booking.BookingService; // (not in the docs)
import dev.sejour.booking.servlet.BookingEndpoints; // (not in the docs)
import dev.sejour.booking.spi.Notifier; // (not in the docs)
import dev.sejour.booking.spi.ReservationStore; // (not in the docs)
import dev.sejour.booking.spi.SejourStore; // (not in the docs)
import dev.sejour.booking.testkit.BookingStores; // (not in the docs)
import jakarta.servlet.ServletContext; // (not in the docs)
import jakarta.servlet.ServletContextEvent; // (not in the docs)
import jakarta.servlet.ServletContextListener; // (not in the docs)

public class BookingListener implements ServletContextListener {
    private final BookingStores stores = BookingStores.inMemory(); // (not in the docs)
    private final SejourStore sejourStore = stores.sejours(); // (not in the docs)
    private final ReservationStore reservationStore = stores.reservations(); // (not in the docs)
    private final Notifier notifier = notification -> { }; // (not in the docs)

    private BookingService booking;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        booking = BookingService.builder()
                .stores(sejourStore, reservationStore)          // your stores
                .notifier(notifier)                             // optional
                .stripeSecretKey(setting(context, "STRIPE_SECRET_KEY"))
                .webhookSecret(setting(context, "STRIPE_WEBHOOK_SECRET"))
                .baseUrl(setting(context, "BOOKING_BASE_URL"))
                .build();
        BookingEndpoints.register(context, booking, "/api/paiement");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        booking.close(); // deliveries under way finish; unsent emails stay due for the next start
    }

    /** A <context-param>, else an environment variable (keep secrets out of web.xml). */
    private static String setting(ServletContext context, String name) {
        String value = context.getInitParameter(name);
        return value != null ? value : System.getenv(name);
    }
}
// end::servlet-listener[]
