package dev.sejour.booking.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.servlet.BookingServlet;
import dev.sejour.booking.testkit.BookingStores;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** docs/servlet.md's Spring Boot registration, as shown there: with the starter present, the starter's backs off. */
class OwnServletRegistrationTest {

    @Test
    void theDocumentedRegistrationReplacesTheStartersOne() {
        BookingStores stores = BookingStores.inMemory();
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withBean(dev.sejour.booking.spi.SejourStore.class, stores::sejours)
                .withBean(dev.sejour.booking.spi.ReservationStore.class, stores::reservations)
                .withUserConfiguration(BookingEndpointsConfig.class)
                .withPropertyValues("sejour.booking.stripe.secret-key=sk_test_own",
                        "sejour.booking.stripe.webhook-secret=whsec_own",
                        "sejour.booking.base-url=https://sejours.example.org",
                        "sejour.booking.maintenance.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ServletRegistrationBean.class);
                    ServletRegistrationBean<?> registration = context.getBean(ServletRegistrationBean.class);
                    assertThat(registration.getServletName()).isEqualTo("sejour-booking");
                    assertThat(registration.getUrlMappings()).containsExactly("/api/paiement/*");
                });
    }

    @Configuration(proxyBeanMethods = false) // (not in the docs)
    static class BookingEndpointsConfig { // (not in the docs)
        // tag::servlet-spring-boot[]
        @Bean // the starter's own registration has this name, so it backs off
        ServletRegistrationBean<BookingServlet> bookingServletRegistration(BookingService booking) {
            ServletRegistrationBean<BookingServlet> registration =
                    new ServletRegistrationBean<>(new BookingServlet(booking), "/api/paiement/*");
            registration.setName("sejour-booking");
            registration.setLoadOnStartup(1);
            return registration;
        }
        // end::servlet-spring-boot[]
    } // (not in the docs)
}
