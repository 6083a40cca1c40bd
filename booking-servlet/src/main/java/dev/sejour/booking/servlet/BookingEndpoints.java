package dev.sejour.booking.servlet;

import dev.sejour.booking.BookingService;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

/**
 * Mounts the endpoints in a running application, from a {@code ServletContainerInitializer}, a
 * {@code ServletContextListener} or an embedded container's set-up:
 *
 * <pre>{@code
 * BookingEndpoints.register(servletContext, bookingService, "/api/paiement");
 * }</pre>
 */
public final class BookingEndpoints {

    /** The seed's base path. */
    public static final String DEFAULT_BASE_PATH = "/api/paiement";

    private BookingEndpoints() {
    }

    public static ServletRegistration.Dynamic register(ServletContext context, BookingService booking) {
        return register(context, booking, DEFAULT_BASE_PATH, EndpointLimits.DEFAULT);
    }

    public static ServletRegistration.Dynamic register(ServletContext context, BookingService booking,
                                                       String basePath) {
        return register(context, booking, basePath, EndpointLimits.DEFAULT);
    }

    /**
     * Registers a {@link BookingServlet} for {@code basePath/*}.
     *
     * @param basePath where the endpoints live, e.g. {@code /api/paiement}; no trailing slash
     */
    public static ServletRegistration.Dynamic register(ServletContext context, BookingService booking,
                                                       String basePath, EndpointLimits limits) {
        String base = normalize(basePath);
        ServletRegistration.Dynamic registration =
                context.addServlet("sejour-booking" + base.replace('/', '-'), new BookingServlet(booking, limits));
        if (registration == null) {
            throw new IllegalStateException("a servlet is already registered for " + base);
        }
        registration.addMapping(base + "/*");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Registers a {@link BookingAdminServlet} for {@code adminPath/*}, guarded by {@code authorizer}.
     *
     * @param adminPath where the organiser's endpoints live, e.g. {@code /api/admin}; not the root
     * @param authorizer who may call them, e.g. {@link AdminAuthorizer#bearerToken}; required
     */
    public static ServletRegistration.Dynamic registerAdmin(ServletContext context, BookingService booking,
                                                            String adminPath, AdminAuthorizer authorizer) {
        String base = normalize(adminPath);
        if (base.isEmpty()) {
            throw new IllegalArgumentException("the admin endpoints need a path of their own, e.g. /api/admin");
        }
        ServletRegistration.Dynamic registration = context.addServlet("sejour-booking-admin" + base.replace('/', '-'),
                new BookingAdminServlet(booking.admin(), authorizer));
        if (registration == null) {
            throw new IllegalStateException("a servlet is already registered for " + base);
        }
        registration.addMapping(base + "/*");
        return registration;
    }

    /**
     * Applies a per-client limit ({@link ClientLimit}) to the buyer-facing endpoints under {@code basePath}:
     * {@code stripe-session}, {@code reservation} and {@code reservation/cancel}. Stripe's webhook is never
     * limited. Opt-in: without this call, no client is limited by the library.
     */
    public static jakarta.servlet.FilterRegistration.Dynamic limitClients(ServletContext context, String basePath,
                                                                          ClientLimit limit) {
        String base = normalize(basePath);
        jakarta.servlet.FilterRegistration.Dynamic registration =
                context.addFilter("sejour-booking-client-limit" + base.replace('/', '-'), new ClientLimitFilter(limit));
        if (registration == null) {
            throw new IllegalStateException("a client limit is already registered for " + base);
        }
        registration.addMappingForUrlPatterns(null, false, base + BookingServlet.CHECKOUT,
                base + BookingServlet.RESERVATION, base + BookingServlet.CANCEL);
        return registration;
    }

    static String normalize(String basePath) {
        if (basePath == null || basePath.isBlank() || basePath.equals("/")) {
            return "";
        }
        String base = basePath.startsWith("/") ? basePath : "/" + basePath;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
