package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's organiser endpoints and page exist only with {@code BOOKING_ADMIN_TOKEN}; the favicon always. */
class ExampleAdminHttpTest {

    private static final String TOKEN = "jeton-organisateur-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void withoutATokenNeitherTheEndpointsNorThePageExist() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir)) {
            assertThat(TestServers.get(server, "/api/admin/sejours").statusCode()).isEqualTo(404);
            assertThat(TestServers.get(server, "/admin").statusCode()).isEqualTo(404);
            HttpResponse<String> favicon = TestServers.get(server, "/favicon.ico");
            assertThat(favicon.statusCode()).isEqualTo(200);
            assertThat(favicon.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("image/svg+xml"));
        }
    }

    @Test
    void withATokenTheOrganiserGetsJsonAndTheCsvAndOthersGet401() throws Exception {
        try (ExampleServer server = TestServers.startOffline(dataDir, Map.of("BOOKING_ADMIN_TOKEN", TOKEN))) {
            assertThat(TestServers.get(server, "/admin").statusCode()).isEqualTo(200);
            assertThat(TestServers.get(server, "/api/admin/sejours").statusCode()).isEqualTo(401);

            HttpResponse<String> sejours = withToken(server, "/api/admin/sejours");
            HttpResponse<String> csv = withToken(server, "/api/admin/sejours/yoga_aux_choseaux/reservations.csv");

            assertThat(sejours.statusCode()).isEqualTo(200);
            assertThat(sejours.body()).contains("\"slug\":\"yoga_aux_choseaux\"").contains("\"held\":0");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.body()).startsWith("\uFEFFreference;");
        }
    }

    @Test
    void aTooShortTokenIsRefusedAtStart() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExampleConfig.fromEnvironment(
                        Map.of("BOOKING_ADMIN_TOKEN", "court")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("BOOKING_ADMIN_TOKEN");
    }

    private static HttpResponse<String> withToken(ExampleServer server, String path) throws Exception {
        return TestServers.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
