package dev.sejour.booking.testkit.stripe;

import static dev.sejour.booking.testkit.stripe.Fixtures.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Form bodies stripe-java never sends but a hand-written client (curl, another SDK) can: each gets
 * Stripe's error JSON with its status, never a dropped connection or a 500.
 */
class MalformedRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALID_ITEM = "&line_items[0][quantity]=1"
            + "&line_items[0][price_data][unit_amount]=100";

    private final StripeSimulator stripe = StripeSimulator.start();

    @AfterEach
    void close() {
        stripe.close();
    }

    @Test
    void aNestedCurrencyIsAnInvalidString() throws Exception {
        HttpResponse<String> response = post("/v1/checkout/sessions", "mode=payment"
                + "&success_url=https://x.example/ok" + VALID_ITEM
                + "&line_items[0][price_data][product_data][name]=Yoga"
                + "&line_items[0][price_data][currency][x]=eur");

        assertStripeError(response, 400, "line_items[0][price_data][currency]");
        assertThat(stripe.sessions()).isEmpty();
    }

    @Test
    void aNestedProductNameIsAnInvalidString() throws Exception {
        HttpResponse<String> response = post("/v1/checkout/sessions", "mode=payment"
                + "&success_url=https://x.example/ok" + VALID_ITEM
                + "&line_items[0][price_data][currency]=eur"
                + "&line_items[0][price_data][product_data][name][x]=Yoga");

        assertStripeError(response, 400, "line_items[0][price_data][product_data][name]");
        assertThat(stripe.sessions()).isEmpty();
    }

    @Test
    void aBrokenPercentEncodingIs400() throws Exception {
        HttpResponse<String> response = post("/v1/checkout/sessions", "mode=%zz");

        assertStripeError(response, 400, null);
        assertThat(stripe.sessions()).isEmpty();
    }

    @Test
    void expiringAnUnknownSessionIs404() throws Exception {
        HttpResponse<String> response = post("/v1/checkout/sessions/cs_test_nope/expire", "");

        assertStripeError(response, 404, "session");
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
                .isEqualTo("resource_missing");
    }

    private HttpResponse<String> post(String path, String form) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(stripe.apiBase() + path))
                        .header("Authorization", "Bearer " + API_KEY)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStripeError(HttpResponse<String> response, int status, String param)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).isNotEmpty();
        if (param != null) {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }
}
