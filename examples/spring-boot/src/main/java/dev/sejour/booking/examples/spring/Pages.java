package dev.sejour.booking.examples.spring;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.mail.EmlOutboxNotifier;
import dev.sejour.booking.spi.Notifier;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The pages' routes, their security headers, and the sample séjours on first start. */
@Configuration(proxyBeanMethods = false)
class Pages implements WebMvcConfigurer {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    static final List<Sejour> SAMPLE = List.of(
            new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(90_000, "eur"), 12),
            new Sejour("randonnee_vercors", "Randonnée dans le Vercors", Money.of(45_000, "eur"), 8),
            new Sejour("retraite_silence_conques", "Retraite en silence à Conques", Money.of(65_000, "eur"), 2),
            new Sejour("atelier_ceramique", "Atelier céramique en Provence", Money.of(32_000, "eur"), 0));

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // The URLs Stripe sends the buyer back to (the service's default success and cancel URLs).
        registry.addViewController("/reservation/confirmation").setViewName("forward:/confirmation.html");
        registry.addViewController("/reservation/annulation").setViewName("forward:/annulation.html");
    }

    @Bean
    FilterRegistrationBean<Filter> securityHeaders() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("Content-Security-Policy", CSP);
            http.setHeader("X-Content-Type-Options", "nosniff");
            http.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(request, response);
        });
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Without {@code spring.mail.host}, the buyers' e-mails are written as {@code .eml} files under
     * {@code ./data/outbox} (open them with any mail client), as the plain example does offline.
     */
    @Bean
    @ConditionalOnExpression("'${spring.mail.host:}'.isEmpty()")
    Notifier outboxNotifier(@Value("${booking.outbox:data/outbox}") String outbox) {
        return EmlOutboxNotifier.create(Path.of(outbox), "Séjours <no-reply@localhost.localdomain>");
    }

    @Bean
    ApplicationRunner seedSampleSejours(SejourStore sejours) {
        return args -> {
            if (sejours.findAll().isEmpty()) {
                SAMPLE.forEach(sejours::save);
            }
        };
    }
}
