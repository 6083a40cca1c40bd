package dev.sejour.booking.examples;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts example servers the way a user would, in offline mode, on a free port and a temp data dir. */
final class TestServers {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServers() {
    }

    static ExampleServer startOffline(Path dataDir) throws Exception {
        return startOffline(dataDir, Map.of());
    }

    static ExampleServer startOffline(Path dataDir, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("BOOKING_DATA_DIR", dataDir.toString());
        env.putAll(extra);
        return ExampleServer.start(ExampleConfig.fromEnvironment(env));
    }

    static HttpResponse<String> get(ExampleServer server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> postJson(ExampleServer server, String path, String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
