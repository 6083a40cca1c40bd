package dev.sejour.booking.spring.boot;

import dev.sejour.booking.mail.MessageComposer;
import dev.sejour.booking.spi.Notifier;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * The notifier: the application's {@link Notifier} bean; else the mail module's messages through Spring's
 * {@link JavaMailSender} when {@code spring.mail.host} made one; else {@link Notifier#none()} with one WARN line.
 */
final class BookingNotifierConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BookingNotifierConfiguration.class);

    private BookingNotifierConfiguration() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MessageComposer.class, JavaMailSender.class, jakarta.mail.internet.MimeMessage.class})
    @ConditionalOnBean(JavaMailSender.class)
    @ConditionalOnMissingBean(Notifier.class)
    static class MailNotifier {

        @Bean
        JavaMailSenderNotifier bookingNotifier(JavaMailSender sender, BookingProperties properties) {
            BookingProperties.Mail mail = properties.getMail();
            MessageComposer composer = MessageComposer.builder()
                    .from(mail.getFrom() != null && !mail.getFrom().isBlank() ? mail.getFrom()
                            : defaultFrom(properties.getBaseUrl()))
                    .replyTo(mail.getReplyTo())
                    .operator(mail.getOperator())
                    .locale(java.util.Locale.forLanguageTag(mail.getLocale()))
                    .build();
            return new JavaMailSenderNotifier(sender, composer);
        }

        /**
         * no-reply@ the host of the base URL; for a host that is no domain name (localhost, an IP address) a
         * placeholder domain, since the mail module accepts only addresses with a top-level domain. A base URL
         * that is missing fails later with its own message.
         */
        static String defaultFrom(@Nullable String baseUrl) {
            String host = null;
            try {
                host = baseUrl == null ? null : URI.create(baseUrl).getHost();
            } catch (IllegalArgumentException e) {
                // left to the service's own check of base-url
            }
            boolean domain = host != null && host.matches("(?i)([a-z0-9-]+\\.)+[a-z]{2,63}");
            return "no-reply@" + (domain ? host : "localhost.localdomain");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Notifier.class)
    static class NoNotifier {

        @Bean
        Notifier bookingNotifier() {
            LOG.warn("Booking: no Notifier bean and no JavaMailSender (spring.mail.host): buyers get no e-mail."
                    + " Set spring.mail.* or declare a Notifier bean.");
            return Notifier.none();
        }
    }
}
