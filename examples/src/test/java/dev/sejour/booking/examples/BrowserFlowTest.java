package dev.sejour.booking.examples;

import dev.sejour.booking.testkit.stripe.Fault;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
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
 * The whole offline demo in headless Chromium, as a first-time user meets it: list, book, pay on the
 * simulated Stripe Checkout, confirmation, places decreased, email in the outbox. Screenshots of each
 * step go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserFlowTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path profileDir;

    private ExampleServer server;
    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        driver = Browsers.startHeadless(profileDir, "1280,900");
        server = TestServers.startOffline(dataDir);
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
    void aBuyerBooksPaysOnTheSimulatedCheckoutAndSeesTheConfirmation() throws Exception {
        driver.get(server.baseUrl() + "/");
        WebElement yoga = card("yoga_aux_choseaux");
        assertThat(yoga.findElement(By.cssSelector(".title")).getText()).isEqualTo("Yoga aux Choseaux");
        assertThat(spaces(yoga.findElement(By.cssSelector(".price")).getText())).contains("900,00").contains("€");
        assertThat(yoga.findElement(By.cssSelector(".places")).getText()).isEqualTo("12 places restantes");
        assertThat(card("atelier_ceramique").findElement(By.cssSelector(".places")).getText()).isEqualTo("Complet");
        assertThat(driver.findElements(By.cssSelector("article[data-slug]"))).last()
                .satisfies(c -> assertThat(c.getAttribute("data-slug")).isEqualTo("atelier_ceramique"));
        assertThat(yoga.getText()).doesNotContain("yoga_aux_choseaux");
        screenshot("01-liste-des-sejours");

        fill(yoga, "2", "david@example.com", "Devillers", "David");
        screenshot("02-formulaire-rempli");
        yoga.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.urlContains("/checkout/cs_test_"));
        assertThat(driver.getCurrentUrl()).startsWith(server.simulator().orElseThrow().apiBase()
                .replace("127.0.0.1", "localhost"));
        assertThat(spaces(driver.findElement(By.tagName("body")).getText())).contains("Yoga aux Choseaux").contains("1 800,00");
        screenshot("03-paiement-stripe-simule");
        driver.findElement(By.cssSelector("button.pay")).click();

        wait.until(ExpectedConditions.urlContains("/reservation/confirmation?session_id=cs_test_"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Payée"));
        wait.until(ExpectedConditions.textToBe(By.id("sejour-title"), "Yoga aux Choseaux"));
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("yoga_aux_choseaux");
        assertThat(text("places")).isEqualTo("2 places");
        assertThat(text("email")).isEqualTo("david@example.com");
        assertThat(text("buyer")).isEqualTo("David Devillers");
        assertThat(text("amount")).contains("1 800,00").contains("€");
        assertThat(text("heading")).isEqualTo("Réservation confirmée");
        screenshot("04-confirmation");

        driver.get(server.baseUrl() + "/");
        assertThat(card("yoga_aux_choseaux").findElement(By.cssSelector(".places")).getText())
                .isEqualTo("10 places restantes");
        screenshot("05-places-restantes-apres-paiement");

        List<Path> emails = outbox();
        assertThat(emails).hasSize(1);
        assertThat(Files.readString(emails.get(0), StandardCharsets.UTF_8))
                .contains("To: David Devillers <david@example.com>")
                .contains("Choseaux");
    }

    @Test
    void askingForMorePlacesThanLeftShowsAFrenchMessageAndStaysOnThePage() throws Exception {
        driver.get(server.baseUrl() + "/");
        WebElement retreat = card("retraite_silence_conques");
        assertThat(retreat.findElement(By.cssSelector(".places")).getText()).isEqualTo("2 places restantes");
        fill(retreat, "3", "claire@example.com", "Martin", "Claire");
        retreat.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOf(retreat.findElement(By.cssSelector(".error"))));
        assertThat(error.getText()).startsWith("Il ne reste pas assez de places");
        assertThat(retreat.findElement(By.name("nbPlaces")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        assertThat(retreat.findElement(By.cssSelector("button[type=submit]")).isEnabled()).isTrue();
        screenshot("06-erreur-pas-assez-de-places");
    }

    @Test
    void anAddressTheRuleRefusesIsShownAtTheEmailFieldWithoutCallingTheServer() throws Exception {
        driver.get(server.baseUrl() + "/");
        WebElement yoga = card("yoga_aux_choseaux");
        int sessionsBefore = server.simulator().orElseThrow().sessions().size();
        fill(yoga, "1", "camille@example..org", "Martin", "Camille");
        yoga.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement note = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(yoga,
                By.cssSelector(".field-error")));
        assertThat(note.getText()).isEqualTo("L’adresse e-mail n’est pas valide.");
        WebElement email = yoga.findElement(By.name("email"));
        assertThat(email.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(email.getAttribute("aria-describedby")).isEqualTo(note.getAttribute("id"));
        assertThat(server.simulator().orElseThrow().sessions()).hasSize(sessionsBefore);
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView()", yoga);
        screenshot("08-erreur-adresse");
    }

    @Test
    void anAddressStripeRefusesIsShownAtTheEmailFieldAndHoldsNothing() throws Exception {
        driver.get(server.baseUrl() + "/");
        WebElement yoga = card("yoga_aux_choseaux");
        String placesBefore = yoga.findElement(By.cssSelector(".places")).getText();
        server.simulator().orElseThrow().enqueueFault(Fault.invalidEmail());
        fill(yoga, "1", "camille@example.org", "Martin", "Camille");
        yoga.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement note = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(yoga,
                By.cssSelector(".field-error")));
        assertThat(note.getText()).startsWith("Le service de paiement refuse cette adresse e-mail");
        assertThat(yoga.findElement(By.name("email")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(yoga.findElement(By.cssSelector(".error")).isDisplayed()).isFalse();
        assertThat(driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
        ((ChromeDriver) driver).executeScript("arguments[0].scrollIntoView()", yoga);
        screenshot("09-adresse-refusee-par-stripe");
        driver.get(server.baseUrl() + "/");
        assertThat(card("yoga_aux_choseaux").findElement(By.cssSelector(".places")).getText()).isEqualTo(placesBefore);
    }

    @Test
    void theCancelPageLinksBackToTheList() throws Exception {
        driver.get(server.baseUrl() + "/reservation/annulation");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Paiement annulé");
        driver.findElement(By.linkText("Retour aux séjours")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article[data-slug]")));
        assertThat(driver.getCurrentUrl()).isEqualTo(server.baseUrl() + "/");
    }

    @Test
    void aBuyerWhoCancelsOnTheCheckoutGetsThePlacesReleasedAtOnce() throws Exception {
        driver.get(server.baseUrl() + "/");
        String before = card("randonnee_vercors").findElement(By.cssSelector(".places")).getText();
        fill(card("randonnee_vercors"), "1", "zoe@example.com", "Lefèvre", "Zoé");
        card("randonnee_vercors").findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/checkout/cs_test_"));

        driver.findElement(By.cssSelector("button.cancel")).click();

        wait.until(ExpectedConditions.urlContains("/reservation/annulation?reservation_id=res_"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-message"),
                "vos places ont été libérées"));
        screenshot("07-annulation");
        driver.get(server.baseUrl() + "/");
        assertThat(card("randonnee_vercors").findElement(By.cssSelector(".places")).getText()).isEqualTo(before);
    }

    @Test
    void aBuyerWhoWentBackFromTheCheckoutIsOfferedToResumeTheirPayment() throws Exception {
        driver.get(server.baseUrl() + "/");
        WebElement hike = card("randonnee_vercors");
        String before = hike.findElement(By.cssSelector(".places")).getText();
        fill(hike, before.replaceAll("\\D+", ""), "retour@example.com", "Bernard", "Léa");
        hike.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/checkout/cs_test_"));
        String checkoutUrl = driver.getCurrentUrl();

        driver.navigate().back();

        WebElement resume = wait.until(ExpectedConditions.visibilityOf(
                card("randonnee_vercors").findElement(By.cssSelector(".resume"))));
        assertThat(card("randonnee_vercors").findElement(By.cssSelector(".places")).getText()).isEqualTo("Complet");
        assertThat(resume.getText()).contains("Vous avez un paiement en cours pour ce séjour");
        screenshot("08-reprendre-le-paiement");
        resume.findElement(By.linkText("Reprendre le paiement")).click();
        wait.until(ExpectedConditions.urlToBe(checkoutUrl));

        driver.findElement(By.cssSelector("button.cancel")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status-message"),
                "vos places ont été libérées"));
        driver.get(server.baseUrl() + "/");
        assertThat(card("randonnee_vercors").findElement(By.cssSelector(".places")).getText()).isEqualTo(before);
        assertThat(card("randonnee_vercors").findElement(By.cssSelector(".resume")).isDisplayed()).isFalse();
    }

    @Test
    void aThirdCheckoutInProgressFromOneAddressShowsAFrenchMessage() throws Exception {
        String email = "trois@example.com";
        for (String slug : List.of("yoga_aux_choseaux", "randonnee_vercors")) {
            driver.get(server.baseUrl() + "/");
            fill(card(slug), "1", email, "Petit", "Jean");
            card(slug).findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.urlContains("/checkout/cs_test_"));
        }
        driver.get(server.baseUrl() + "/");
        WebElement retreat = card("retraite_silence_conques");
        fill(retreat, "1", email, "Petit", "Jean");
        retreat.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOf(retreat.findElement(By.cssSelector(".error"))));
        assertThat(error.getText()).startsWith("Cette adresse e-mail a déjà des paiements en cours");
        assertThat(retreat.findElement(By.cssSelector(".places")).getText()).isEqualTo("2 places restantes");
        screenshot("09-trop-de-paiements-en-cours");

        // Leave the séjours as they were for the other tests: cancel both checkouts.
        String stored = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return localStorage.getItem('booking.pendingCheckouts')");
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("res_[A-Za-z0-9]+").matcher(stored);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        int cancelled = 0;
        while (ids.find()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/api/paiement/reservation/cancel"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"reservationId\":\"" + ids.group() + "\"}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            cancelled++;
        }
        assertThat(cancelled).isEqualTo(2);
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("localStorage.clear()");
    }

    @Test
    void anUnknownSessionShowsAFrenchMessage() {
        driver.get(server.baseUrl() + "/reservation/confirmation?session_id=cs_test_unknown");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).startsWith("Aucune réservation ne correspond à ce lien");
    }

    private WebElement card(String slug) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("article[data-slug='" + slug + "']")));
    }

    private String text(String id) {
        return spaces(driver.findElement(By.id(id)).getText());
    }

    /** French number formatting groups digits with (narrow) no-break spaces; compare with plain ones. */
    private static String spaces(String text) {
        return text.replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    private static void fill(WebElement card, String places, String email, String nom, String prenom) {
        WebElement nb = card.findElement(By.name("nbPlaces"));
        nb.clear();
        nb.sendKeys(places);
        card.findElement(By.name("email")).sendKeys(email);
        card.findElement(By.name("nom")).sendKeys(nom);
        card.findElement(By.name("prenom")).sendKeys(prenom);
    }

    private List<Path> outbox() throws IOException {
        try (Stream<Path> files = Files.list(server.outboxDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".eml")).toList();
        }
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }
}
