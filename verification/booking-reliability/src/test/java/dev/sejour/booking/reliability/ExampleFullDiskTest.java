package dev.sejour.booking.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.testkit.BookingAssertions;
import dev.sejour.booking.testsupport.RequiredServices;
import dev.sejour.booking.testkit.stripe.SimulatedEvent;
import dev.sejour.booking.testkit.stripe.StripeSimulator;
import dev.sejour.booking.testkit.stripe.WebhookSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, the way it happens: the real example jar with its data directory on a 16 MB tmpfs, filled by
 * a file. While it is full, checkouts and paid webhooks answer 5xx (never 2xx: Stripe retries) and
 * {@code /health} answers 503; once the file is removed, the same server recovers by itself (SQLite reports
 * {@code SQLITE_FULL} and rolls back; the next transaction simply works), and everything it answered 2xx
 * is there. Needs root to mount: skipped with a message otherwise, failed under {@code BOOKING_IT_REQUIRED=1}.
 */
class ExampleFullDiskTest {

    static final String SLUG = "stage-disque-plein";
    static final int CAPACITY = 1_000;

    @TempDir
    Path temp;

    @Test
    void aFullDiskAnswers5xxAndUnhealthyThenTheServerRecoversByItselfWithNothingLost() throws Exception {
        Path dataDir = Files.createDirectories(temp.resolve("tmpfs"));
        mountTmpfs(dataDir);
        try (StripeSimulator stripe = StripeSimulator.builder().apiKey(ExampleProcess.SECRET_KEY).autoDeliver(false).start();
             Http http = new Http()) {
            ExampleProcess.createSejour(dataDir, SLUG, CAPACITY);
            try (ExampleProcess server = ExampleProcess.start(dataDir, stripe, temp.resolve("server.log"),
                    Map.of("BOOKING_MAINTENANCE_INTERVAL_SECONDS", "1", "BOOKING_NOTIFICATION_CLAIM_SECONDS", "2"))) {
                List<String> acked = new ArrayList<>();
                Http.Answer before = checkout(http, server, 1);
                assertThat(before.status()).as(before.toString()).isEqualTo(200);
                acked.add(before.json().get("sessionId").asText());
                Http.Answer second = checkout(http, server, 2);
                assertThat(second.status()).as(second.toString()).isEqualTo(200);
                String toPay = second.json().get("sessionId").asText();
                acked.add(toPay);
                assertThat(http.get(server.uri("/health")).status()).isEqualTo(200);

                Path filler = fill(dataDir);
                SimulatedEvent paid = stripe.pay(toPay);
                List<Http.Answer> whileFull = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    whileFull.add(checkout(http, server, 10 + i));
                    whileFull.add(deliver(http, server, paid));
                }
                Http.Answer health = http.get(server.uri("/health"));

                assertThat(whileFull).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isBetween(500, 599));
                assertThat(health.status()).as(health.toString()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("unavailable");
                assertThat(server.alive()).isTrue();
                assertThat(server.log()).as("the cause, in the server's log").contains("SQLITE_FULL");

                Files.delete(filler);
                Awaitility.await("/health recovers by itself").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> http.get(server.uri("/health")).status() == 200);
                Http.Answer redelivered = deliver(http, server, paid);
                Http.Answer after = checkout(http, server, 3);

                assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(200);
                assertThat(after.status()).as(after.toString()).isEqualTo(200);
                acked.add(after.json().get("sessionId").asText());
                ExampleProcess.withDatabase(dataDir, stores -> {
                    for (String sessionId : acked) {
                        assertThat(stores.reservations().findByStripeSessionId(sessionId)).as(sessionId).isPresent();
                    }
                    assertThat(stores.reservations().findByStripeSessionId(toPay).orElseThrow().status())
                            .isEqualTo(ReservationStatus.PAID);
                    BookingAssertions.assertBooksBalance(stores, SLUG, CAPACITY);
                });
                Awaitility.await("the confirmation is written once there is space").atMost(Duration.ofSeconds(30))
                        .until(() -> ExampleProcess.emlFiles(dataDir).stream().anyMatch(n -> n.endsWith("-confirmation.eml")));
                assertThat(ExampleProcess.emlFiles(dataDir)).hasSize(1);
            }
        } finally {
            umount(dataDir);
        }
    }

    private static Http.Answer checkout(Http http, ExampleProcess server, int buyer) throws IOException {
        return http.post(server.uri(ExampleProcess.API + "/stripe-session"), "application/json",
                Http.JSON.writeValueAsBytes(Http.buyer(SLUG, 1, buyer)), null);
    }

    private static Http.Answer deliver(Http http, ExampleProcess server, SimulatedEvent event) {
        byte[] payload = event.payloadBytes();
        return http.post(server.uri(ExampleProcess.API + "/stripe-webhook"), "application/json; charset=utf-8",
                payload, WebhookSigner.signatureHeader(payload, ExampleProcess.WEBHOOK_SECRET, Instant.now()));
    }

    /** Writes a file until the file system refuses: 1 MB blocks, then 4 KB ones (tmpfs's page). */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler.bin");
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int block : new int[] {1 << 20, 4096, 1}) {
                byte[] bytes = new byte[block];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                    }
                } catch (IOException full) {
                    // this block size no longer fits: try a smaller one
                }
            }
        } catch (IOException closingAFullFile) {
            // the last buffered bytes did not fit either: the disk is full, which is the point
        }
        return filler;
    }

    private static void mountTmpfs(Path dir) {
        String result = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString());
        if (result != null) {
            throw RequiredServices.unavailable("cannot mount a 16 MB tmpfs at " + dir + " to fill it (needs root): "
                    + result, null);
        }
    }

    private static void umount(Path dir) {
        if (run("umount", dir.toString()) != null) {
            run("umount", "-l", dir.toString());
        }
    }

    /** Runs a command; null when it succeeded, else its exit code and output. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
