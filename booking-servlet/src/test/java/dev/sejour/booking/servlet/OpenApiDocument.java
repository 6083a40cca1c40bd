package dev.sejour.booking.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI 3.1 description shipped on the classpath ({@code dev/sejour/booking/servlet/openapi.yaml}),
 * used to check real answers: the operation must declare the status, and a JSON body must match its schema
 * (JSON Schema 2020-12, OpenAPI 3.1's dialect, checked by networknt's json-schema-validator).
 */
final class OpenApiDocument {

    static final String RESOURCE = "dev/sejour/booking/servlet/openapi.yaml";
    private static final OpenApiDocument INSTANCE = new OpenApiDocument();

    private final JsonNode document;
    private final String text;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        document = new YAMLMapper().readTree(text);
    }

    static OpenApiDocument get() {
        return INSTANCE;
    }

    String text() {
        return text;
    }

    JsonNode document() {
        return document;
    }

    /** Checks an answer of {@code method path} (the path as written in the document) against the document. */
    void assertAnswers(String method, String path, Reply reply) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
        assertThat(operation.isObject()).as(method + " " + path + " is described").isTrue();
        JsonNode response = operation.path("responses").path(Integer.toString(reply.status()));
        assertThat(response.isObject()).as(method + " " + path + " declares " + reply.status() + ": " + reply).isTrue();
        String pointer;
        if (response.has("$ref")) {
            pointer = response.path("$ref").asText() + "/content/application~1json/schema";
        } else if (response.path("content").has("application/json")) {
            pointer = "#/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/"
                    + reply.status() + "/content/application~1json/schema";
        } else {
            assertThat(response.path("content").has(contentType(reply))).as("declared media type of " + reply).isTrue();
            return;
        }
        assertThat(reply.contentType()).startsWith("application/json");
        Schema schema = registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE + pointer));
        JsonNode body = JsonMapper.shared().readTree(reply.body());
        List<Error> errors = schema.validate(body);
        assertThat(errors).as(method + " " + path + " " + reply.status() + " " + reply.body()).isEmpty();
    }

    private static String contentType(Reply reply) {
        String type = reply.contentType();
        int semicolon = type.indexOf(';');
        return semicolon < 0 ? type : type.substring(0, semicolon).trim();
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }
}
