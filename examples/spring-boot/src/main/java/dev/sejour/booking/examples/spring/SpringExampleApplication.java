package dev.sejour.booking.examples.spring;

import dev.sejour.booking.testkit.stripe.StripeSimulator;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The example's pages on Spring Boot: everything booking-related comes from the starter and
 * {@code application.properties}. Without {@code STRIPE_SECRET_KEY} it runs offline, as the plain example does:
 * the testkit's Stripe simulator plays Stripe Checkout and delivers signed webhooks to this application.
 */
@SpringBootApplication
public class SpringExampleApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SpringExampleApplication.class);

    public static void main(String[] args) {
        start(args);
    }

    /** Starts the application (offline unless a Stripe key is configured); close the context to stop it. */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(SpringExampleApplication.class);
        application.addInitializers(SpringExampleApplication::offlineStripe);
        return application.run(args);
    }

    /** No Stripe key: start the simulator, give the service random test keys and its address. */
    private static void offlineStripe(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String key = environment.getProperty("sejour.booking.stripe.secret-key");
        if (key != null && !key.isBlank()) {
            return;
        }
        String secretKey = "sk_test_offline_" + random(12);
        String webhookSecret = "whsec_offline_" + random(16);
        StripeSimulator simulator = StripeSimulator.builder().apiKey(secretKey).publicHost("localhost").start();
        environment.getPropertySources().addFirst(new MapPropertySource("offlineStripe", Map.of(
                "sejour.booking.stripe.secret-key", secretKey,
                "sejour.booking.stripe.webhook-secret", webhookSecret,
                "sejour.booking.stripe.api-base", simulator.apiBase())));
        context.getBeanFactory().registerSingleton("stripeSimulator", simulator);
        context.addApplicationListener(event -> {
            if (event instanceof WebServerInitializedEvent started) {
                // The webhook goes to this application's real port, known only now.
                String path = environment.getProperty("sejour.booking.servlet.path", "/api/paiement");
                simulator.webhookEndpoint(URI.create("http://127.0.0.1:" + started.getWebServer().getPort() + path
                        + "/stripe-webhook"), webhookSecret);
                LOG.info("OFFLINE — simulated Stripe Checkout at {} (no real payment, no account needed);"
                        + " open http://localhost:{}/", simulator.apiBase(), started.getWebServer().getPort());
            } else if (event instanceof ContextClosedEvent) {
                simulator.close();
            }
        });
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
