package dev.sejour.booking.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.sejour.booking.BookingMaintenance;
import dev.sejour.booking.BookingService;
import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.InvalidRequestException;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.micrometer.BookingMetrics;
import dev.sejour.booking.servlet.BookingServlet;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import dev.sejour.booking.store.mongo.MongoBookingStores;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.MutableClock;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import org.awaitility.Awaitility;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every condition and back-off of the auto-configuration, on contexts without a server. */
@ExtendWith(OutputCaptureExtension.class)
class BookingAutoConfigurationTest {

    private static final String[] REQUIRED = {
            "sejour.booking.stripe.secret-key=sk_test_autoconfigure",
            "sejour.booking.stripe.webhook-secret=whsec_autoconfigure",
            "sejour.booking.base-url=https://sejours.example.org"};

    private static MongoServer mongo;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class,
                    BookingHealthAutoConfiguration.class))
            .withPropertyValues(REQUIRED);

    private final ApplicationContextRunner withH2 = runner
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID().toString().replace("-", "")
                    + ";DB_CLOSE_DELAY=-1", "sejour.booking.jdbc.create-tables=true");

    @BeforeAll
    static void startMongo() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @Test
    void jdbcStoresOnTheApplicationsDataSourceWithTheTablePrefix() {
        withH2.withPropertyValues("sejour.booking.jdbc.table-prefix=shop_").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(JdbcBookingStores.class)
                    .hasSingleBean(BookingService.class).doesNotHaveBean(MongoBookingStores.class);
            assertThat(context.getBean(JdbcBookingStores.class).tablePrefix()).isEqualTo("shop_");
            assertThat(context.getBean(SejourStore.class)).isSameAs(context.getBean(JdbcBookingStores.class).sejours());
            assertThat(context.getBean(SejourStore.class).findAll()).isEmpty(); // the tables were created
        });
    }

    @Test
    void theApplicationsStoresWinOverTheDataSource() {
        withH2.withUserConfiguration(InMemoryStores.class).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdbcBookingStores.class);
            assertThat(context.getBean(SejourStore.class)).isSameAs(InMemoryStores.STORES.sejours());
        });
    }

    @Test
    void mongoStoresWhenTheDatabaseIsNamedAndAClientExists() {
        withH2.withUserConfiguration(Mongo.class)
                .withPropertyValues("sejour.booking.mongo.database=booking_" + UUID.randomUUID().toString().substring(0, 8))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(MongoBookingStores.class)
                            .doesNotHaveBean(JdbcBookingStores.class);
                    assertThat(context.getBean(ReservationStore.class))
                            .isSameAs(context.getBean(MongoBookingStores.class).reservations());
                });
    }

    @Test
    void mongoTransactionsAreChosenByTheirPropertyAndRequiredFailsTheStartOnAServerWithout() {
        String database = "sejour.booking.mongo.database=booking_" + UUID.randomUUID().toString().substring(0, 8);
        withH2.withUserConfiguration(Mongo.class).withPropertyValues(database)
                .run(context -> assertThat(context.getBean(MongoBookingStores.class).usesTransactions())
                        .as("mongo-java-server: auto finds none").isFalse());
        withH2.withUserConfiguration(Mongo.class).withPropertyValues(database, "sejour.booking.mongo.transactions=required")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("transactions(REQUIRED)"));
        withH2.withUserConfiguration(Mongo.class).withPropertyValues(database, "sejour.booking.mongo.transactions=often")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("must be auto, required or off, not 'often'"));
    }

    @Test
    void aMongoClientWithoutTheDatabasePropertyLeavesTheJdbcStores() {
        withH2.withUserConfiguration(Mongo.class).run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(JdbcBookingStores.class).doesNotHaveBean(MongoBookingStores.class));
    }

    @Test
    void eachOptionalModuleMayBeMissingFromTheClassPath() {
        withH2.withClassLoader(new FilteredClassLoader(MongoBookingStores.class)).run(context -> assertThat(context)
                .hasNotFailed().hasSingleBean(JdbcBookingStores.class));
        withH2.withUserConfiguration(Mongo.class)
                .withPropertyValues("sejour.booking.mongo.database=booking_nojdbc")
                .withClassLoader(new FilteredClassLoader(JdbcBookingStores.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MongoBookingStores.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class,
                        BookingHealthAutoConfiguration.class, BookingBoot4HealthAutoConfiguration.class,
                        MailSenderAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class)
                .withPropertyValues(REQUIRED)
                .withPropertyValues("spring.mail.host=127.0.0.1")
                .withClassLoader(new FilteredClassLoader(BookingServlet.class, BookingMetrics.class,
                        dev.sejour.booking.mail.MessageComposer.class, HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(BookingService.class)
                        .doesNotHaveBean(ServletRegistrationBean.class).doesNotHaveBean(BookingMetrics.class)
                        .doesNotHaveBean(JavaMailSenderNotifier.class).doesNotHaveBean("bookingHealthIndicator"));
    }

    @Test
    void noStoreAndNoDatabaseFailsAtStartNamingTheStore() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageMatching("(?s).*dev\\.sejour\\.booking\\.spi\\.(Sejour|Reservation)Store.*");
        });
    }

    @Test
    void missingKeysFailAtStartNamingTheProperties() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class)
                .withPropertyValues("sejour.booking.base-url=https://sejours.example.org")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining(
                            "sejour.booking: stripeSecretKey is required")
                            .hasStackTraceContaining("sejour.booking.stripe.secret-key");
                });
    }

    @Test
    void listPropertiesBindAndABadValueFailsAtStartNamingThePrefix() {
        runner.withUserConfiguration(InMemoryStores.class)
                .withPropertyValues("sejour.booking.payment-method-types=card,link",
                        "sejour.booking.max-pending-checkouts-per-email=3", "sejour.booking.stripe.lookup-interval=2s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BookingProperties properties = context.getBean(BookingProperties.class);
                    assertThat(properties.getPaymentMethodTypes()).containsExactly("card", "link");
                    assertThat(properties.getMaxPendingCheckoutsPerEmail()).isEqualTo(3);
                    assertThat(properties.getStripe().getLookupInterval()).isEqualTo(Duration.ofSeconds(2));
                });
        runner.withUserConfiguration(InMemoryStores.class)
                .withPropertyValues("sejour.booking.payment-method-types=card,carrier_pigeon")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("sejour.booking: ")
                            .hasStackTraceContaining("carrier_pigeon");
                });
    }

    @Test
    void disabledConfiguresNothing() {
        withH2.withPropertyValues("sejour.booking.enabled=false").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(BookingService.class).doesNotHaveBean(JdbcBookingStores.class));
    }

    @Test
    void theApplicationsServiceWins() {
        runner.withUserConfiguration(InMemoryStores.class, OwnService.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BookingService.class);
            assertThat(context.getBean(BookingService.class)).isSameAs(context.getBean("ownService"));
        });
    }

    @Test
    void theServiceIsClosedWithTheContext() {
        runner.withUserConfiguration(InMemoryStores.class).run(context -> assertThat(
                context.getBeanFactory().getBeanDefinition("bookingService").getDestroyMethodName())
                .isIn("(inferred)", "close"));
    }

    @Test
    void theApplicationsNotifierWins() {
        runner.withUserConfiguration(InMemoryStores.class, OwnNotifier.class)
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=127.0.0.1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Notifier.class);
                    assertThat(context.getBean(Notifier.class)).isSameAs(OwnNotifier.NOTIFIER);
                });
    }

    @Test
    void theMailNotifierWhenSpringMailIsConfigured() {
        runner.withUserConfiguration(InMemoryStores.class)
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=127.0.0.1", "sejour.booking.mail.from=contact@example.org")
                .run(context -> assertThat(context).hasNotFailed().getBean(Notifier.class)
                        .isInstanceOf(JavaMailSenderNotifier.class));
    }

    @Test
    void theDefaultFromAddressIsValidForAnyBaseUrl() {
        assertThat(BookingNotifierConfiguration.MailNotifier.defaultFrom("https://sejours.example.org/shop"))
                .isEqualTo("no-reply@sejours.example.org");
        for (String local : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", null, "::"}) {
            assertThat(BookingNotifierConfiguration.MailNotifier.defaultFrom(local)).as(local)
                    .isEqualTo("no-reply@localhost.localdomain");
        }
        runner.withUserConfiguration(InMemoryStores.class)
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withPropertyValues("spring.mail.host=127.0.0.1", "sejour.booking.base-url=http://localhost:8080")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(JavaMailSenderNotifier.class));
    }

    @Test
    void noNotifierWithOneWarning(CapturedOutput output) {
        runner.withUserConfiguration(InMemoryStores.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Notifier.class)
                    .doesNotHaveBean(JavaMailSenderNotifier.class);
            assertThat(output.getAll()).containsOnlyOnce("buyers get no e-mail");
        });
    }

    @Test
    void theServletAtTheConfiguredPathInAServletWebApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class)
                .withPropertyValues(REQUIRED)
                .withPropertyValues("sejour.booking.servlet.path=/shop/pay/")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ServletRegistrationBean<?> registration = context.getBean(
                            BookingServletConfiguration.REGISTRATION_BEAN, ServletRegistrationBean.class);
                    assertThat(registration.getUrlMappings()).containsExactly("/shop/pay/*");
                    assertThat(registration.getServlet()).isInstanceOf(BookingServlet.class);
                });
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class)
                .withPropertyValues(REQUIRED)
                .run(context -> assertThat(context.getBean(BookingServletConfiguration.REGISTRATION_BEAN,
                        ServletRegistrationBean.class).getUrlMappings()).containsExactly("/api/paiement/*"));
    }

    @Test
    void noServletWhenDisabledOrNotAWebApplicationOrRegisteredByTheApplication() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class)
                .withPropertyValues(REQUIRED)
                .withPropertyValues("sejour.booking.servlet.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ServletRegistrationBean.class));
        runner.withUserConfiguration(InMemoryStores.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ServletRegistrationBean.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BookingAutoConfiguration.class))
                .withUserConfiguration(InMemoryStores.class, OwnRegistration.class)
                .withPropertyValues(REQUIRED)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ServletRegistrationBean.class)
                        .getBean(ServletRegistrationBean.class).extracting(ServletRegistrationBean::getUrlMappings)
                        .asInstanceOf(Assertions.COLLECTION).containsExactly("/own/*"));
    }

    @Test
    void maintenanceRunsWithTheContextUnlessDisabled() {
        runner.withUserConfiguration(InMemoryStores.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BookingMaintenance.class);
            assertThat(context.getBean(BookingMaintenance.class).interval()).isEqualTo(Duration.ofSeconds(60));
        });
        runner.withUserConfiguration(InMemoryStores.class)
                .withPropertyValues("sejour.booking.maintenance.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BookingMaintenance.class));
    }

    @Test
    void theScheduledMaintenanceReleasesAnExpiredHoldAndCustomizersReachTheBuilder() {
        MutableClock clock = MutableClock.startingNow();
        BookingStores stores = BookingStores.inMemory();
        stores.sejours().save(new Sejour("yoga", "Yoga", Money.of(90_000, "eur"), 3));
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey("sk_test_autoconfigure").clock(clock)
                .autoDeliver(false).start()) {
            runner.withBean(SejourStore.class, stores::sejours).withBean(ReservationStore.class, stores::reservations)
                    .withBean(BookingServiceCustomizer.class, () -> builder -> builder.clock(clock))
                    .withPropertyValues("sejour.booking.stripe.api-base=" + stripe.apiBase(),
                            "sejour.booking.maintenance.interval=50ms")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        BookingService booking = context.getBean(BookingService.class);
                        booking.startCheckout(new CheckoutRequest("yoga", 2, "a@example.org", "A", "B"));
                        assertThat(stores.countPlaces("yoga").held()).isEqualTo(2);
                        clock.advance(Duration.ofMinutes(40)); // past the 31-minute hold
                        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                                assertThat(stores.countPlaces("yoga").held()).isZero());
                        assertThat(stores.sejours().findBySlug("yoga").orElseThrow().placesLeft()).isEqualTo(3);
                    });
        }
    }

    @Test
    void healthIndicatorNamedBookingUnlessDisabled() {
        runner.withUserConfiguration(InMemoryStores.class).run(context -> {
            assertThat(context).hasNotFailed().hasBean("bookingHealthIndicator");
            HealthIndicator health = context.getBean("bookingHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("failedNotifications", 0);
        });
        runner.withUserConfiguration(InMemoryStores.class)
                .withPropertyValues("management.health.booking.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("bookingHealthIndicator"));
    }

    @Test
    void metersObserveTheServiceAndBackOffForTheApplicationsOwn() {
        runner.withUserConfiguration(InMemoryStores.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BookingMetrics.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(BookingMetrics.class).bindTo(registry);
            BookingService booking = context.getBean(BookingService.class);
            Assertions.assertThatThrownBy(() -> booking.startCheckout(
                    new CheckoutRequest("yoga", 0, "a@example.org", "A", "B")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(registry.get("booking.checkouts").tag("outcome", "invalid_request").counter().count())
                    .isEqualTo(1);
        });
        runner.withUserConfiguration(InMemoryStores.class, OwnMetrics.class).run(context ->
                assertThat(context).hasNotFailed().hasSingleBean(BookingMetrics.class).hasBean("ownMetrics"));
    }

    @Test
    void theApplicationsObserversAreToldAlongsideTheMeters() {
        java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        runner.withUserConfiguration(InMemoryStores.class)
                .withBean("brokenObserver", dev.sejour.booking.spi.BookingObserver.class,
                        () -> new dev.sejour.booking.spi.BookingObserver() {
                            @Override
                            public void checkoutFinished(String outcome) {
                                throw new IllegalStateException("broken");
                            }
                        })
                .withBean("auditObserver", dev.sejour.booking.spi.BookingObserver.class,
                        () -> new dev.sejour.booking.spi.BookingObserver() {
                            @Override
                            public void checkoutFinished(String outcome) {
                                told.add(outcome);
                            }
                        })
                .run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(BookingMetrics.class).bindTo(registry);
                    Assertions.assertThatThrownBy(() -> context.getBean(BookingService.class).startCheckout(
                            new CheckoutRequest("yoga", 0, "a@example.org", "A", "B")))
                            .isInstanceOf(InvalidRequestException.class);
                    assertThat(told).containsExactly("invalid_request");
                    assertThat(registry.get("booking.checkouts").tag("outcome", "invalid_request").counter().count())
                            .isEqualTo(1);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class InMemoryStores {
        static final BookingStores STORES = BookingStores.inMemory();

        @Bean
        SejourStore sejourStore() {
            return STORES.sejours();
        }

        @Bean
        ReservationStore reservationStore() {
            return STORES.reservations();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Mongo {
        @Bean(destroyMethod = "close")
        MongoClient mongoClient() {
            return MongoClients.create("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnService {
        @Bean
        BookingService ownService(SejourStore sejours, ReservationStore reservations) {
            return BookingService.builder().stores(sejours, reservations).stripeSecretKey("sk_test_own")
                    .webhookSecret("whsec_own").baseUrl("https://own.example.org").build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnNotifier {
        static final Notifier NOTIFIER = notification -> { };

        @Bean
        Notifier ownNotifier() {
            return NOTIFIER;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistration {
        @Bean(name = BookingServletConfiguration.REGISTRATION_BEAN)
        ServletRegistrationBean<BookingServlet> own(BookingService booking) {
            return new ServletRegistrationBean<>(new BookingServlet(booking), "/own/*");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetrics {
        @Bean
        BookingMetrics ownMetrics(ReservationStore reservations) {
            return new BookingMetrics(reservations, (dev.sejour.booking.spi.NotificationOutbox) reservations,
                    java.time.Clock.systemUTC());
        }
    }
}
