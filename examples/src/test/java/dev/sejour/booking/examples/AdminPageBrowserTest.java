package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The organiser's page ({@code /admin}) of the offline example in headless Chromium: sign in with the token,
 * see counts and buyers, refund with a confirmation step, change places. Screenshots go to
 * {@code target/screenshots/admin-*.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPageBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String TOKEN = "jeton-organisateur-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profileDir;

    private ExampleServer server;
    private WebDriver driver;
    private WebDriverWait wait;
    /** The Checkout Session of the last {@link #paidBooking}. */
    private String lastSessionId;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        driver = Browsers.startHeadless(profileDir, "1280,1400");
        server = TestServers.startOffline(dataDir, Map.of("BOOKING_ADMIN_TOKEN", TOKEN));
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theOrganiserSeesTheBuyerRefundsAfterConfirmingAndChangesPlaces() throws Exception {
        String reservationId = paidBooking("randonnee_vercors", 2, "lea@example.com");

        driver.get(server.baseUrl() + "/admin");
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        token.sendKeys("pas-le-bon-jeton-du-tout");
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Jeton incorrect."));
        screenshot("admin-01-jeton-incorrect");

        token = driver.findElement(By.id("token"));
        token.clear();
        token.sendKeys(TOKEN);
        driver.findElement(By.cssSelector("#login button[type=submit]")).click();
        WebElement vercors = section("randonnee_vercors");
        WebElement row = wait.until(d -> vercors.findElement(By.cssSelector("tr[data-reservation='" + reservationId + "']")));
        assertThat(vercors.findElement(By.cssSelector(".left")).getText()).isEqualTo("6");
        assertThat(vercors.findElement(By.cssSelector(".paid")).getText()).isEqualTo("2");
        assertThat(vercors.findElement(By.cssSelector(".capacity")).getText()).isEqualTo("8");
        assertThat(row.getText()).contains("Léa Martin").contains("lea@example.com").contains("Payée");
        screenshot("admin-02-sejours-et-acheteurs");

        row.findElement(By.cssSelector("button.refund")).click();
        WebElement question = wait.until(d -> row.findElement(By.cssSelector(".confirm-question")));
        assertThat(spaces(question.getText())).contains("900,00").contains("lea@example.com").contains("2 place");
        screenshot("admin-03-confirmation-du-remboursement");
        row.findElement(By.cssSelector("button.cancel-refund")).click();
        WebElement sameRow = wait.until(d -> section("randonnee_vercors")
                .findElement(By.cssSelector("tr[data-reservation='" + reservationId + "'] button.refund")));
        assertThat(reservationStatus(reservationId)).isEqualTo("payee");

        sameRow.click();
        wait.until(d -> section("randonnee_vercors").findElement(By.cssSelector("button.confirm-refund"))).click();
        wait.until(d -> section("randonnee_vercors")
                .findElement(By.cssSelector("tr[data-reservation='" + reservationId + "'] .statut"))
                .getText().equals("Remboursée"));
        wait.until(d -> section("randonnee_vercors").findElement(By.cssSelector(".left")).getText().equals("8"));
        assertThat(reservationStatus(reservationId)).isEqualTo("remboursee");
        screenshot("admin-04-rembourse");

        WebElement form = section("randonnee_vercors").findElement(By.cssSelector(".places-form"));
        form.findElement(By.name("delta")).sendKeys("-9");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement error = wait.until(d -> {
            WebElement e = section("randonnee_vercors").findElement(By.cssSelector(".places-error"));
            return e.isDisplayed() ? e : null;
        });
        assertThat(error.getText()).startsWith("Modification refusée");
        screenshot("admin-05-retrait-refuse");
        WebElement delta = section("randonnee_vercors").findElement(By.name("delta"));
        delta.clear();
        delta.sendKeys("3");
        section("randonnee_vercors").findElement(By.cssSelector(".places-form button[type=submit]")).click();
        wait.until(d -> section("randonnee_vercors").findElement(By.cssSelector(".left")).getText().equals("11"));
        screenshot("admin-06-places-ajoutees");

        // A dispute (chargeback) on another paid booking: flagged with a badge, the reservation stays paid.
        String disputed = paidBooking("randonnee_vercors", 1, "hugo@example.com");
        server.simulator().orElseThrow().openDispute(lastSessionId, "fraudulent");
        driver.navigate().refresh();
        WebElement badge = wait.until(d -> section("randonnee_vercors")
                .findElement(By.cssSelector("tr[data-reservation='" + disputed + "'] .statut .badge.dispute")));
        assertThat(badge.getText()).isEqualTo("Litige : réponse attendue");
        assertThat(badge.getAttribute("title")).contains("fraudulent").contains("tableau de bord Stripe");
        assertThat(section("randonnee_vercors").findElement(By.cssSelector("tr[data-reservation='" + disputed
                + "'] .statut")).getText()).startsWith("Payée");
        assertThat(section("randonnee_vercors").findElements(By.cssSelector(".badge.dispute"))).hasSize(1);
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", badge);
        screenshot("admin-07-litige-ouvert");

        server.simulator().orElseThrow().closeDispute(lastSessionId, "lost");
        driver.navigate().refresh();
        wait.until(d -> section("randonnee_vercors")
                .findElement(By.cssSelector("tr[data-reservation='" + disputed + "'] .badge.dispute"))
                .getText().equals("Litige clos : perdu"));
        assertThat(reservationStatus(disputed)).isEqualTo("payee");
        assertThat(section("randonnee_vercors").findElements(By.cssSelector("tr[data-reservation='" + disputed
                + "'] button.refund"))).as("a lost dispute cannot be refunded again").isEmpty();
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", section(
                "randonnee_vercors").findElement(By.cssSelector(".badge.dispute")));
        screenshot("admin-08-litige-perdu");

        // Buyers a page at a time: with one per page, "Afficher plus" walks the API's pages to the last one.
        int reservations = JSON.readTree(adminGet("/sejours/randonnee_vercors/reservations")).path("reservations").size();
        assertThat(reservations).isGreaterThan(1);
        driver.get(server.baseUrl() + "/admin?parPage=1");
        wait.until(d -> section("randonnee_vercors").findElements(By.cssSelector(".buyers tbody tr")).size() == 1);
        for (int shown = 1; shown < reservations; shown++) {
            WebElement more = wait.until(ExpectedConditions.elementToBeClickable(
                    section("randonnee_vercors").findElement(By.cssSelector("button.more-buyers"))));
            ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", more);
            more.click();
            int expected = shown + 1;
            wait.until(d -> section("randonnee_vercors").findElements(By.cssSelector(".buyers tbody tr")).size()
                    == expected);
        }
        screenshot("admin-09-acheteurs-par-page");
        wait.until(d -> !section("randonnee_vercors").findElement(By.cssSelector("button.more-buyers")).isDisplayed());
        assertThat(section("randonnee_vercors").findElements(By.cssSelector(".buyers tbody tr"))).hasSize(reservations);
    }

    private String adminGet(String path) throws IOException, InterruptedException {
        return TestServers.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/admin" + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    private WebElement section(String slug) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("section[data-slug='" + slug + "']")));
    }

    /** A checkout through the API, paid on the simulator (which delivers the webhook to the server). */
    private String paidBooking(String slug, int places, String email) throws Exception {
        HttpResponse<String> created = TestServers.postJson(server, "/api/paiement/stripe-session",
                "{\"slug\":\"" + slug + "\",\"nbPlaces\":" + places + ",\"email\":\"" + email
                        + "\",\"nom\":\"Martin\",\"prenom\":\"Léa\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode checkout = JSON.readTree(created.body());
        lastSessionId = checkout.path("sessionId").asText();
        server.simulator().orElseThrow().pay(lastSessionId);
        String id = checkout.path("reservationId").asText();
        wait.until(d -> {
            try {
                return reservationStatus(id).equals("payee");
            } catch (Exception e) {
                return false;
            }
        });
        return id;
    }

    private String reservationStatus(String reservationId) throws IOException, InterruptedException {
        HttpResponse<String> page = TestServers.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/api/admin/sejours/randonnee_vercors/reservations"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (JsonNode r : JSON.readTree(page.body()).path("reservations")) {
            if (r.path("reservationId").asText().equals(reservationId)) {
                return r.path("statut").asText();
            }
        }
        return "absent";
    }

    private static String spaces(String text) {
        return text.replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
