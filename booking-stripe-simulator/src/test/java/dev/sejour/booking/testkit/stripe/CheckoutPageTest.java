package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.WEBHOOK_SECRET;
import static dev.sejour.booking.testkit.stripe.Fixtures.client;
import static dev.sejour.booking.testkit.stripe.Fixtures.yogaSession;
import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.model.checkout.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckoutPageTest {

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final StripeSimulator stripe = StripeSimulator.builder()
            .webhookEndpoint(receiver.uri(), WEBHOOK_SECRET).start();
    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @AfterEach
    void close() {
        stripe.close();
        receiver.close();
    }

    private Session newSession() throws Exception {
        return client(stripe).v1().checkout().sessions().create(yogaSession("res-1", Instant.now()));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBrokenFormEncodingIs400AndPaysNothing() throws Exception {
        Session s = newSession();

        HttpResponse<String> answer = post(s.getUrl() + "/pay", "method=%zz");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Formulaire invalide");
        assertThat(stripe.session(s.getId()).isOpen()).isTrue();
        assertThat(stripe.events()).isEmpty();
    }

    @Test
    void showsTheOrder() throws Exception {
        Session s = newSession();

        HttpResponse<String> page = get(s.getUrl());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body())
                .contains("Payer 1\u00a0800,00\u00a0€")
                .contains("Yoga &amp; randonnée – Vercors")
                .contains("camille+test@example.org")
                .contains("Annuler")
                .contains("action=\"/checkout/" + s.getId() + "/pay\"")
                .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void payingRedirectsToTheSuccessUrlAfterTheWebhook() throws Exception {
        Session s = newSession();

        HttpResponse<String> answer = post(s.getUrl() + "/pay", "");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location"))
                .hasValue("https://sejour.example/merci?session_id=" + s.getId());
        assertThat(stripe.session(s.getId()).isPaid()).isTrue();
        assertThat(receiver.take().bodyText()).contains("checkout.session.completed");
        assertThat(get(s.getUrl()).statusCode()).isEqualTo(410);
    }

    @Test
    void theDelayedButtonStartsADelayedPayment() throws Exception {
        Session s = newSession();

        post(s.getUrl() + "/pay", "method=delayed");

        SimulatedSession after = stripe.session(s.getId());
        assertThat(after.status()).isEqualTo("complete");
        assertThat(after.paymentStatus()).isEqualTo("unpaid");
    }

    @Test
    void cancellingRedirectsToTheCancelUrlAndLeavesTheSessionOpen() throws Exception {
        Session s = newSession();

        HttpResponse<String> answer = post(s.getUrl() + "/cancel", "");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location"))
                .hasValue("https://sejour.example/reserver/yoga-vercors");
        assertThat(stripe.session(s.getId()).isOpen()).isTrue();
        assertThat(stripe.events()).isEmpty();
    }

    @Test
    void anExpiredSessionSaysSo() throws Exception {
        Session s = newSession();
        stripe.expire(s.getId());

        HttpResponse<String> page = get(stripe.apiBase() + "/checkout/" + s.getId());

        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("Session expirée");
        assertThat(post(stripe.apiBase() + "/checkout/" + s.getId() + "/pay", "").statusCode())
                .isEqualTo(409);
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        assertThat(get(stripe.apiBase() + "/checkout/cs_test_nope").statusCode()).isEqualTo(404);
    }

    @Test
    void thePublicBaseUrlShapesSessionUrls() throws Exception {
        try (StripeSimulator behindProxy = StripeSimulator.builder()
                .publicBaseUrl("http://localhost:12111/").start()) {
            Session s = client(behindProxy).v1().checkout().sessions()
                    .create(yogaSession("res-2", Instant.now()));

            assertThat(s.getUrl()).isEqualTo("http://localhost:12111/checkout/" + s.getId());
        }
    }

    @Test
    void formatsAmountsInFrench() {
        assertThat(CheckoutPage.money(180_000, "eur")).isEqualTo("1\u00a0800,00\u00a0€");
        assertThat(CheckoutPage.money(5_000, "jpy")).isEqualTo("5\u00a0000\u00a0JPY");
    }
}
