package dev.sejour.booking.examples;

import dev.sejour.booking.testsupport.RequiredServices;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Finds a Chrome or Chromium and its chromedriver where the usual systems put them, or where two
 * environment variables say: {@value #BROWSER_VARIABLE} (the browser's executable) and
 * {@value #DRIVER_VARIABLE} (chromedriver). A variable that is set wins and must point at an executable.
 */
final class Browsers {

    static final String BROWSER_VARIABLE = "BOOKING_TEST_CHROME";
    static final String DRIVER_VARIABLE = "BOOKING_TEST_CHROMEDRIVER";

    private static final List<String> BROWSER_NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome");
    private static final List<String> BROWSER_PATHS = List.of(
            "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium",
            "/usr/lib64/chromium-browser/chromium-browser", "/snap/bin/chromium", "/opt/google/chrome/chrome",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            System.getProperty("user.home") + "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
    private static final List<String> DRIVER_PATHS = List.of(
            "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "/usr/lib/chromium-browser/chromedriver",
            "/usr/lib64/chromium-browser/chromedriver", "/snap/bin/chromium.chromedriver",
            "/opt/homebrew/bin/chromedriver", "/usr/local/bin/chromedriver");

    private Browsers() {
    }

    /** The browser executable, or empty with nothing found. */
    static Optional<File> browser() {
        return find(BROWSER_VARIABLE, BROWSER_NAMES, BROWSER_PATHS);
    }

    /** The chromedriver executable, or empty with nothing found. */
    static Optional<File> driver() {
        return find(DRIVER_VARIABLE, List.of("chromedriver"), DRIVER_PATHS);
    }

    /**
     * Headless Chromium with the flags that keep it offline and quiet, its profile in {@code profileDir}.
     *
     * @param windowSize {@code "width,height"} in CSS pixels
     * @throws org.opentest4j.TestAbortedException (or a failure when BOOKING_IT_REQUIRED=1) if no browser or
     *     chromedriver is found
     */
    static ChromeDriver startHeadless(Path profileDir, String windowSize) {
        Optional<File> browser = browser();
        Optional<File> chromedriver = driver();
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            throw RequiredServices.unavailable("Chromium: " + howToProvide(), null);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.get());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + windowSize, "--lang=fr-FR",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        return new ChromeDriver(service, options);
    }

    /** What was looked for, for a skip message. */
    static String howToProvide() {
        return "no Chrome/Chromium with chromedriver found (PATH, /usr/bin, /usr/lib/chromium, /snap/bin,"
                + " /opt/google/chrome, /Applications, Homebrew): install them (Debian: apt-get install -y chromium"
                + " chromium-driver; macOS: brew install --cask chromium chromedriver) or set " + BROWSER_VARIABLE
                + " and " + DRIVER_VARIABLE + " to their paths";
    }

    private static Optional<File> find(String variable, List<String> names, List<String> paths) {
        String explicit = System.getenv(variable);
        if (explicit != null && !explicit.isBlank()) {
            File file = new File(explicit);
            if (!file.canExecute()) {
                throw new IllegalStateException(variable + "=" + explicit + " is not an executable file");
            }
            return Optional.of(file);
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                for (String name : names) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        paths.forEach(p -> candidates.add(Path.of(p)));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .map(Path::toFile).findFirst();
    }
}
