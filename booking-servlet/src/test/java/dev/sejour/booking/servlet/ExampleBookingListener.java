package dev.sejour.booking.servlet;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.BookingStores;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * The listener {@code docs/servlet.md} shows for a {@code web.xml} application (declared with
 * {@code <listener>}): the servlet needs a {@link BookingService} in its constructor, so the application
 * builds one and registers the endpoints itself. Settings come from {@code <context-param>}s, falling
 * back to environment variables. Here the stores are in memory; an application passes its own.
 */
public class ExampleBookingListener implements ServletContextListener {

    private BookingService booking;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        BookingStores stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(90_000, "eur"), 10));
        booking = BookingService.builder()
                .stores(stores.sejours(), stores.reservations())
                .stripeSecretKey(setting(context, "STRIPE_SECRET_KEY"))
                .webhookSecret(setting(context, "STRIPE_WEBHOOK_SECRET"))
                .baseUrl(setting(context, "BOOKING_BASE_URL"))
                .stripeApiBase(context.getInitParameter("STRIPE_API_BASE"))
                .build();
        BookingEndpoints.register(context, booking, "/api/paiement");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        booking.close(); // deliveries under way finish; unsent emails stay due for the next start
    }

    private static String setting(ServletContext context, String name) {
        String value = context.getInitParameter(name);
        return value != null ? value : System.getenv(name);
    }
}
