package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.servlet.BookingServlet;
import dev.sejour.booking.servlet.EndpointLimits;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The booking endpoints at {@code sejour.booking.servlet.path} in a servlet web application. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({BookingServlet.class, ServletRegistrationBean.class})
@ConditionalOnProperty(prefix = "sejour.booking.servlet", name = "enabled", havingValue = "true",
        matchIfMissing = true)
class BookingServletConfiguration {

    /** The registration's bean name: declare a bean of that name to register the servlet yourself. */
    static final String REGISTRATION_BEAN = "bookingServletRegistration";

    @Bean(name = REGISTRATION_BEAN)
    @ConditionalOnMissingBean(name = REGISTRATION_BEAN)
    ServletRegistrationBean<BookingServlet> bookingServletRegistration(BookingService booking,
                                                                      BookingProperties properties,
                                                                      ObjectProvider<EndpointLimits> limits) {
        String base = normalize(properties.getServlet().getPath());
        ServletRegistrationBean<BookingServlet> registration = new ServletRegistrationBean<>(
                new BookingServlet(booking, limits.getIfAvailable(() -> EndpointLimits.DEFAULT)), base + "/*");
        registration.setName("sejour-booking");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** {@code /api/paiement/} and {@code api/paiement} both mean {@code /api/paiement}; {@code /} means the root. */
    static String normalize(String path) {
        if (path == null || path.isBlank() || path.equals("/")) {
            return "";
        }
        String base = path.startsWith("/") ? path : "/" + path;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
