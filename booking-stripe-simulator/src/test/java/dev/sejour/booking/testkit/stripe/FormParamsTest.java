package dev.sejour.booking.testkit.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParamsTest {

    @Test
    void nestsBracketKeysIntoMapsAndIndexedLists() {
        FormParams p = FormParams.parse("mode=payment"
                + "&line_items[1][quantity]=1&line_items[0][quantity]=2"
                + "&line_items[0][price_data][product_data][name]=Yoga+%26+rando"
                + "&metadata[reservation_id]=r%C3%A9s-1&expand[0]=line_items");

        assertThat(p.nested()).containsEntry("mode", "payment")
                .containsEntry("metadata", Map.of("reservation_id", "rés-1"))
                .containsEntry("expand", List.of("line_items"));
        List<?> items = (List<?>) p.nested().get("line_items");
        assertThat(items).hasSize(2);
        assertThat(((Map<?, ?>) items.get(0)).get("quantity")).isEqualTo("2");
        assertThat(p.flat()).containsEntry("line_items[0][price_data][product_data][name]",
                "Yoga & rando");
    }

    @Test
    void acceptsPercentEncodedBrackets() {
        FormParams p = FormParams.parse("metadata%5Bslug%5D=yoga");

        assertThat(p.nested()).containsEntry("metadata", Map.of("slug", "yoga"));
    }

    @Test
    void anEmptiedListIsAnEmptyString() {
        assertThat(FormParams.parse("expand=").nested()).containsEntry("expand", "");
    }
}
