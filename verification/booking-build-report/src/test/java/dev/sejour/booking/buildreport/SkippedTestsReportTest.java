package dev.sejour.booking.buildreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedTestsReportTest {

    @TempDir
    Path root;

    @Test
    void namesEachMissingServiceWithItsCountModulesAndHowToRunThem() throws Exception {
        report("booking-store-jdbc", "surefire-reports", "TEST-PostgresStoresTest.xml", """
                <testsuite>
                  <testcase classname="PostgresStoresTest" name="a"><skipped message="PostgreSQL not reachable at jdbc:postgresql://127.0.0.1:5432/test (set BOOKING_IT_REQUIRED=1 to fail instead)"/></testcase>
                  <testcase classname="PostgresStoresTest" name="b"><skipped message="PostgreSQL not reachable"/></testcase>
                  <testcase classname="H2StoresTest" name="c"/>
                </testsuite>""");
        report("examples", "surefire-reports", "TEST-BrowserFlowTest.xml", """
                <testsuite>
                  <testcase classname="BrowserFlowTest" name=""><skipped message="Chromium: no Chrome/Chromium with chromedriver found"/></testcase>
                </testsuite>""");
        report("examples", "failsafe-reports", "TEST-SomethingIT.xml", """
                <testsuite><testcase classname="SomethingIT" name="d"><skipped message="not today"/></testcase></testsuite>""");

        String printed = print(Instant.EPOCH);

        assertThat(printed).contains("Tests: 5 in this build, 4 SKIPPED")
                .contains("PostgreSQL missing: 2 skipped in booking-store-jdbc")
                .contains("BOOKING_IT_POSTGRES_URL")
                .contains("Chrome/Chromium + chromedriver missing: 1 skipped in examples")
                .contains("BOOKING_TEST_CHROME")
                .contains("other reasons: 1 skipped in examples")
                .contains("SomethingIT.d: not today")
                .contains("BOOKING_IT_REQUIRED=1")
                .doesNotContain("MariaDB");
    }

    @Test
    void reportsOfEarlierBuildsDoNotCount() throws Exception {
        Path old = report("booking-store-jdbc", "surefire-reports", "TEST-MariaDbStoresTest.xml", """
                <testsuite><testcase classname="MariaDbStoresTest" name="a"><skipped message="MariaDB not reachable"/></testcase></testsuite>""");
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        report("booking-core", "surefire-reports", "TEST-MoneyTest.xml", """
                <testsuite><testcase classname="MoneyTest" name="a"/></testsuite>""");

        String printed = print(Instant.parse("2026-06-01T00:00:00Z"));

        assertThat(printed).contains("Tests: 1 ran; none was skipped for a missing service.")
                .doesNotContain("MariaDB");
    }

    @Test
    void printsNothingWhenNoTestRan() throws Exception {
        assertThat(print(Instant.EPOCH)).isEmpty();
    }

    private Path report(String module, String folder, String name, String xml) throws Exception {
        Path dir = Files.createDirectories(root.resolve(module).resolve("target").resolve(folder));
        return Files.writeString(dir.resolve(name), xml);
    }

    private String print(Instant since) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SkippedTestsReport.print(root, since, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
