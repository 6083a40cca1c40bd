package dev.sejour.booking.examples.spring;

import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The catalogue the pages read ({@code /api/sejours}), as the plain example answers it. */
@RestController
class SejoursController {

    private final SejourStore sejours;
    private final int maxPlacesPerOrder;

    SejoursController(SejourStore sejours, @Value("${sejour.booking.max-places-per-order:10}") int maxPlacesPerOrder) {
        this.sejours = sejours;
        this.maxPlacesPerOrder = maxPlacesPerOrder;
    }

    @GetMapping("/api/sejours")
    Map<String, Object> all() {
        List<Map<String, Object>> list = sejours.findAll().stream().map(SejoursController::json).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxPlacesPerOrder", maxPlacesPerOrder);
        body.put("sejours", list);
        return body;
    }

    @GetMapping("/api/sejours/{slug}")
    ResponseEntity<Map<String, Object>> one(@PathVariable String slug) {
        return sejours.findBySlug(slug).map(s -> ResponseEntity.ok(json(s)))
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of(
                        "error", "sejour_not_found", "message", "no séjour has this slug")));
    }

    private static Map<String, Object> json(Sejour s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slug", s.slug());
        json.put("title", s.title());
        json.put("pricePerPlace", s.pricePerPlace().minorUnits());
        json.put("currency", s.pricePerPlace().currency());
        json.put("placesLeft", s.placesLeft());
        return json;
    }
}
