package dev.sejour.booking.buildreport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints, at the end of {@code mvn verify}, one summary of the tests this build skipped because a service
 * was missing (PostgreSQL, MariaDB, a browser, a real mongod…), so that a green build on a laptop does not
 * hide that a third of the database tests never ran. It reads the Surefire and Failsafe XML reports written
 * since the build started ({@code args[1]}, ISO-8601 UTC) under the reactor's root ({@code args[0]}); it
 * never fails the build ({@code .ci/check-skipped} does that in CI).
 */
public final class SkippedTestsReport {

    /** A service the tests may need: how a skip message names it, and how to provide it. */
    private record Service(String name, List<String> markers, String howToRun) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("PostgreSQL", List.of("PostgreSQL"),
                    "a server on 127.0.0.1:5432 (trust auth, database 'test'), or BOOKING_IT_POSTGRES_URL/_USER/_PASSWORD"),
            new Service("MariaDB", List.of("MariaDB"),
                    "a server on 127.0.0.1:3306 (root, no password, database 'test'), or BOOKING_IT_MARIADB_URL/_USER/_PASSWORD"),
            new Service("Chrome/Chromium + chromedriver", List.of("Chromium", "chromedriver"),
                    "install them (Debian: apt-get install chromium chromium-driver), or BOOKING_TEST_CHROME and"
                            + " BOOKING_TEST_CHROMEDRIVER"),
            new Service("a real mongod", List.of("BOOKING_TEST_MONGO_URI", "mongod"),
                    "BOOKING_TEST_MONGO_URI=mongodb://127.0.0.1:27017 (the in-process server runs the rest)"),
            new Service("root (to mount a tmpfs)", List.of("tmpfs"),
                    "run the build as root (the full-disk tests mount a 16 MB tmpfs)"));

    private SkippedTestsReport() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toRealPath();
        Instant since = args.length > 1 ? parseOrEpoch(args[1]) : Instant.EPOCH;
        print(root, since, System.out);
    }

    static void print(Path root, Instant since, PrintStream out) throws Exception {
        int total = 0;
        Map<String, Integer> skippedBy = new LinkedHashMap<>();
        Map<String, TreeSet<String>> modulesBy = new LinkedHashMap<>();
        List<String> otherReasons = new ArrayList<>();
        for (Path report : reports(root, since)) {
            String module = root.relativize(report).getName(0).toString();
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
            NodeList cases = doc.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                total++;
                Element testcase = (Element) cases.item(i);
                NodeList skipped = testcase.getElementsByTagName("skipped");
                if (skipped.getLength() == 0) {
                    continue;
                }
                Element skip = (Element) skipped.item(0);
                String reason = skip.getAttribute("message") + " " + skip.getTextContent();
                String service = SERVICES.stream()
                        .filter(s -> s.markers().stream().anyMatch(reason::contains))
                        .map(Service::name).findFirst().orElse(null);
                String key = service != null ? service : "other";
                skippedBy.merge(key, 1, Integer::sum);
                modulesBy.computeIfAbsent(key, k -> new TreeSet<>()).add(module);
                if (service == null && otherReasons.size() < 5) {
                    otherReasons.add(testcase.getAttribute("classname") + "." + testcase.getAttribute("name") + ": "
                            + oneLine(reason));
                }
            }
        }
        if (total == 0) {
            return;
        }
        int skippedTotal = skippedBy.values().stream().mapToInt(Integer::intValue).sum();
        String rule = "-".repeat(72);
        out.println(rule);
        if (skippedTotal == 0) {
            out.println("Tests: " + total + " ran; none was skipped for a missing service.");
            out.println(rule);
            return;
        }
        out.println("Tests: " + total + " in this build, " + skippedTotal + " SKIPPED (the build is green without them):");
        for (Service service : SERVICES) {
            Integer count = skippedBy.get(service.name());
            if (count != null) {
                out.println("  " + service.name() + " missing: " + count + " skipped in "
                        + String.join(", ", modulesBy.get(service.name())));
                out.println("      to run them: " + service.howToRun());
            }
        }
        Integer others = skippedBy.get("other");
        if (others != null) {
            out.println("  other reasons: " + others + " skipped in " + String.join(", ", modulesBy.get("other")));
            otherReasons.forEach(r -> out.println("      " + r));
        }
        out.println("  Then run mvn -B verify again; BOOKING_IT_REQUIRED=1 turns a missing service into a failure"
                + " (docs/testing-with-the-simulator.md, .ci/run).");
        out.println(rule);
    }

    private static List<Path> reports(Path root, Instant since) throws IOException {
        try (Stream<Path> files = Files.walk(root, 6)) {
            return files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> {
                        String dir = p.getParent().getFileName().toString();
                        return dir.equals("surefire-reports") || dir.equals("failsafe-reports");
                    })
                    .filter(p -> modifiedSince(p, since))
                    .sorted()
                    .toList();
        }
    }

    private static boolean modifiedSince(Path file, Instant since) {
        try {
            // The timestamp has whole seconds: a report written in the build's first second still counts.
            return !Files.getLastModifiedTime(file).toInstant().isBefore(since.minusSeconds(1));
        } catch (IOException e) {
            return false;
        }
    }

    private static Instant parseOrEpoch(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }
}
