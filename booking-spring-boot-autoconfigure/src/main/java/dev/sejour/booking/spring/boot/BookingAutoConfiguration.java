package dev.sejour.booking.spring.boot;

import dev.sejour.booking.BookingService;
import dev.sejour.booking.spi.BookingObserver;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The booking service, its stores, its notifier, its endpoints and its maintenance, each backing off when the
 * application declares its own bean. Runs after Spring Boot's DataSource, MongoDB and mail auto-configurations
 * (named by class name, so that Boot 3 and Boot 4, which moved them, both order it right).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration",
        "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
        "org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration",
        "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"})
@ConditionalOnProperty(prefix = "sejour.booking", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(BookingProperties.class)
@Import({BookingStoresConfiguration.MongoStores.class, BookingStoresConfiguration.JdbcStores.class,
        BookingNotifierConfiguration.MailNotifier.class, BookingNotifierConfiguration.NoNotifier.class,
        BookingMetricsConfiguration.class, BookingServletConfiguration.class, BookingMaintenanceConfiguration.class})
public class BookingAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public BookingService bookingService(BookingProperties properties, SejourStore sejourStore,
                                         ReservationStore reservationStore, Notifier notifier,
                                         ObjectProvider<NotificationOutbox> outbox,
                                         ObjectProvider<BookingObserver> observer,
                                         ObjectProvider<BookingServiceCustomizer> customizers) {
        BookingProperties.Stripe stripe = properties.getStripe();
        BookingProperties.Notifications n = properties.getNotifications();
        BookingService.Builder builder = BookingService.builder()
                .stores(sejourStore, reservationStore)
                .notificationOutbox(outbox(reservationStore, outbox))
                .notifier(notifier)
                .stripeSecretKey(stripe.getSecretKey())
                .webhookSecret(stripe.getWebhookSecret())
                .stripeApiBase(stripe.getApiBase())
                .stripeConnectTimeout(stripe.getConnectTimeout())
                .stripeReadTimeout(stripe.getReadTimeout())
                .stripeMaxNetworkRetries(stripe.getMaxNetworkRetries())
                .webhookTolerance(stripe.getWebhookTolerance())
                .stripeLookupInterval(stripe.getLookupInterval())
                .baseUrl(properties.getBaseUrl())
                .successUrl(properties.getSuccessUrl())
                .cancelUrl(properties.getCancelUrl())
                .holdDuration(properties.getHoldDuration())
                .maxPlacesPerOrder(properties.getMaxPlacesPerOrder())
                .maxPendingCheckoutsPerEmail(properties.getMaxPendingCheckoutsPerEmail())
                .latePaymentPolicy(properties.getLatePaymentPolicy())
                .delayedPaymentGrace(properties.getDelayedPaymentGrace())
                .adaptivePricing(properties.isAdaptivePricing())
                .batchSize(properties.getBatchSize())
                .notificationClaim(n.getClaim())
                .notificationThreads(n.getThreads())
                .notificationQueueCapacity(n.getQueueCapacity())
                .notificationRetryDelay(n.getRetryDelay())
                .maxNotificationRetryDelay(n.getMaxRetryDelay())
                .maxNotificationAttempts(n.getMaxAttempts())
                .notificationShutdownTimeout(n.getShutdownTimeout());
        // Every observer bean (the meters, the application's own) is told, each failure apart.
        List<BookingObserver> observers = observer.orderedStream().toList();
        if (!observers.isEmpty()) {
            builder.observer(observers.size() == 1 ? observers.get(0) : new AllObservers(observers));
        }
        try {
            if (properties.getPaymentMethodTypes() != null && !properties.getPaymentMethodTypes().isEmpty()) {
                builder.paymentMethodTypes(properties.getPaymentMethodTypes().toArray(String[]::new));
            }
            // Last, so that they may change any setting above.
            customizers.orderedStream().forEach(c -> c.customize(builder));
            return builder.build();
        } catch (IllegalArgumentException e) {
            // Name the properties rather than the builder's methods: that is what the user has to set.
            throw new IllegalStateException("sejour.booking: " + e.getMessage()
                    + " (set sejour.booking.stripe.secret-key, sejour.booking.stripe.webhook-secret and"
                    + " sejour.booking.base-url; see docs/spring-boot.md)", e);
        }
    }

    /**
     * The notification outbox: the reservation store when it is one (the shipped stores are), else the
     * application's {@link NotificationOutbox} bean.
     *
     * @throws IllegalStateException when there is neither
     */
    static NotificationOutbox outbox(ReservationStore reservations, ObjectProvider<NotificationOutbox> beans) {
        if (reservations instanceof NotificationOutbox own) {
            return own;
        }
        NotificationOutbox outbox = beans.getIfUnique();
        if (outbox == null) {
            throw new IllegalStateException("sejour.booking: the reservation store " + reservations.getClass().getName()
                    + " is no NotificationOutbox: declare a NotificationOutbox bean");
        }
        return outbox;
    }

    /** Tells each observer in turn; one that throws does not keep the others from being told. */
    record AllObservers(List<BookingObserver> observers) implements BookingObserver {

        @Override
        public void checkoutFinished(String outcome) {
            for (BookingObserver o : observers) {
                try {
                    o.checkoutFinished(outcome);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(BookingObserver.class).warn("Booking observer {} failed", o, e);
                }
            }
        }

        @Override
        public void webhookHandled(String type, String disposition, Duration duration) {
            for (BookingObserver o : observers) {
                try {
                    o.webhookHandled(type, disposition, duration);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(BookingObserver.class).warn("Booking observer {} failed", o, e);
                }
            }
        }
    }
}
