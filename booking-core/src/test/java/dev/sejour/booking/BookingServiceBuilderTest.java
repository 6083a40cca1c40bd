package dev.sejour.booking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BookingServiceBuilderTest {

    // The builder never calls the stores; a proxy that fails on use proves it.
    private final SejourStore sejours = unused(SejourStore.class);
    // Like every shipped store, the reservation store is its notification outbox too.
    private final ReservationStore reservations = unused(ReservationStore.class, NotificationOutbox.class);

    private BookingService.Builder valid() {
        return BookingService.builder().stores(sejours, reservations)
                .stripeSecretKey("sk_test_123").webhookSecret("whsec_123").baseUrl("https://example.org/");
    }

    @Test
    void aCompleteConfigurationBuilds() {
        assertThatCode(() -> valid().build()).doesNotThrowAnyException();
    }

    @Test
    void missingSecretsAndUrlsAreNamed() {
        assertThatThrownBy(() -> valid().stripeSecretKey(null).build()).hasMessageContaining("stripeSecretKey");
        assertThatThrownBy(() -> valid().stripeSecretKey("pk_test_123").build()).hasMessageContaining("secret key");
        assertThatThrownBy(() -> valid().webhookSecret(" ").build()).hasMessageContaining("webhookSecret");
        assertThatThrownBy(() -> valid().baseUrl("example.org").build()).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> BookingService.builder().stripeSecretKey("sk_test_1").webhookSecret("w")
                .baseUrl("http://x").build()).hasMessageContaining("stores");
    }

    @Test
    void holdsLastFiveMinutesToTwentyFourHours() {
        assertThatThrownBy(() -> valid().holdDuration(Duration.ofMinutes(5).minusSeconds(1)).build())
                .hasMessageContaining("holdDuration");
        assertThatThrownBy(() -> valid().holdDuration(Duration.ofHours(24).plusSeconds(1)).build())
                .hasMessageContaining("holdDuration");
        assertThatThrownBy(() -> valid().holdDuration(null).build()).hasMessageContaining("holdDuration");
        assertThatCode(() -> valid().holdDuration(Duration.ofMinutes(5)).build()).doesNotThrowAnyException();
        assertThatCode(() -> valid().holdDuration(Duration.ofHours(24)).build()).doesNotThrowAnyException();
    }

    @Test
    void theDelayedPaymentGraceIsZeroToFourteenDays() {
        assertThatThrownBy(() -> valid().delayedPaymentGrace(Duration.ofDays(14).plusSeconds(1)).build())
                .hasMessageContaining("delayedPaymentGrace");
        assertThatThrownBy(() -> valid().delayedPaymentGrace(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("delayedPaymentGrace");
        assertThatCode(() -> valid().delayedPaymentGrace(Duration.ZERO).build()).doesNotThrowAnyException();
        assertThatCode(() -> valid().delayedPaymentGrace(Duration.ofDays(14)).build()).doesNotThrowAnyException();
    }

    @Test
    void stripeLookupsAreOneSecondToOneMinuteApart() {
        assertThatThrownBy(() -> valid().stripeLookupInterval(Duration.ofMillis(999)).build())
                .hasMessageContaining("stripeLookupInterval");
        assertThatThrownBy(() -> valid().stripeLookupInterval(Duration.ofSeconds(61)).build())
                .hasMessageContaining("stripeLookupInterval");
        assertThatCode(() -> valid().stripeLookupInterval(Duration.ofSeconds(1)).build()).doesNotThrowAnyException();
    }

    @Test
    void pendingCheckoutsPerEmailAreAtLeastOne() {
        assertThatThrownBy(() -> valid().maxPendingCheckoutsPerEmail(0).build())
                .hasMessageContaining("maxPendingCheckoutsPerEmail");
        assertThatCode(() -> valid().maxPendingCheckoutsPerEmail(1).build()).doesNotThrowAnyException();
    }

    @Test
    void paymentMethodTypesAreStripesOwn() {
        assertThatThrownBy(() -> valid().paymentMethodTypes("card", "carte_bleue"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carte_bleue");
        assertThatCode(() -> valid().paymentMethodTypes("card", "link").build()).doesNotThrowAnyException();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> valid().maxPlacesPerOrder(0).build()).hasMessageContaining("maxPlacesPerOrder");
        assertThatThrownBy(() -> valid().stripeReadTimeout(Duration.ZERO).build()).hasMessageContaining("timeouts");
        assertThatThrownBy(() -> valid().stripeMaxNetworkRetries(-1).build()).hasMessageContaining("Retries");
    }

    @Test
    void notificationSettingsMustMakeSense() {
        assertThatThrownBy(() -> valid().notificationThreads(0).build()).hasMessageContaining("notificationThreads");
        assertThatThrownBy(() -> valid().notificationQueueCapacity(0).build())
                .hasMessageContaining("notificationQueueCapacity");
        assertThatThrownBy(() -> valid().notificationRetryDelay(Duration.ZERO).build())
                .hasMessageContaining("notificationRetryDelay");
        assertThatThrownBy(() -> valid().maxNotificationRetryDelay(Duration.ofSeconds(10)).build())
                .hasMessageContaining("maxNotificationRetryDelay");
        assertThatThrownBy(() -> valid().maxNotificationAttempts(0).build())
                .hasMessageContaining("maxNotificationAttempts");
        assertThatThrownBy(() -> valid().notificationShutdownTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("notificationShutdownTimeout");
        valid().notificationThreads(1).notificationQueueCapacity(1).notificationRetryDelay(Duration.ofSeconds(1))
                .maxNotificationRetryDelay(Duration.ofSeconds(1)).maxNotificationAttempts(1)
                .notificationShutdownTimeout(Duration.ZERO).build().close();
    }

    @Test
    void theReservationStoreIsTheOutboxUnlessOneIsGiven() {
        ReservationStore withoutOutbox = unused(ReservationStore.class);

        assertThatThrownBy(() -> valid().stores(sejours, withoutOutbox).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notificationOutbox is required")
                .hasMessageContaining("does not implement NotificationOutbox");
        valid().stores(sejours, withoutOutbox).notificationOutbox(unused(NotificationOutbox.class)).build().close();
    }

    @Test
    void anApplicationsOwnStripeClientNeedsTheModeFromTheKeyOrSaidExplicitly() {
        StripeClient client = StripeClient.builder().setApiKey("sk_test_own").build();

        assertThatThrownBy(() -> valid().stripeSecretKey(null).stripeClient(client).build())
                .hasMessageContaining("livemode is required with a stripeClient");
        valid().stripeSecretKey(null).stripeClient(client).livemode(false).build().close();
        valid().stripeClient(client).build().close(); // the mode read from the key, as without a client
        assertThatThrownBy(() -> valid().stripeSecretKey(null).build())
                .hasMessageContaining("stripeSecretKey is required (or a stripeClient and livemode)");
        assertThatThrownBy(() -> valid().stripeClient(client).livemode(true).build())
                .hasMessageContaining("livemode(true) contradicts the stripeSecretKey, which is a test key");
    }

    private static <T> T unused(Class<T> type) {
        return unused(type, new Class<?>[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unused(Class<T> type, Class<?>... more) {
        Class<?>[] types = new Class<?>[more.length + 1];
        types[0] = type;
        System.arraycopy(more, 0, types, 1, more.length);
        return (T) Proxy.newProxyInstance(type.getClassLoader(), types, (proxy, method, args) -> {
            throw new AssertionError("the builder must not call " + method.getName());
        });
    }
}
