package dev.sejour.booking.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MongoMappingTest {

    @Test
    void theDefaultsAreTheNextJsAppsNames() {
        MongoMapping defaults = MongoMapping.defaults();

        assertThat(defaults.sejoursCollection()).isEqualTo("sejours");
        assertThat(defaults.reservationsCollection()).isEqualTo("reservations");
        assertThat(defaults.slugField()).isEqualTo("slug");
        assertThat(defaults.titleField()).isEqualTo("titre");
        assertThat(defaults.priceField()).isEqualTo("prix");
        assertThat(defaults.capacityField()).isEqualTo("capacity");
        assertThat(defaults.currencyField()).isEqualTo("devise");
        assertThat(defaults.defaultCurrency()).isEqualTo("eur");
        assertThat(defaults.priceUnit()).isEqualTo(MongoMapping.PriceUnit.MINOR_UNITS);
    }

    @Test
    void aNewBuilderChangesOnlyWhatItIsTold() {
        MongoMapping changed = MongoMapping.defaults().newBuilder().titleField("title").build();

        assertThat(changed.titleField()).isEqualTo("title");
        assertThat(changed.newBuilder().titleField("titre").build()).isEqualTo(MongoMapping.defaults());
        assertThat(changed).isNotEqualTo(MongoMapping.defaults());
    }

    @Test
    void unusableNamesAreRefused() {
        assertThatThrownBy(() -> MongoMapping.builder().titleField("prix").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MongoMapping.builder().priceField("placeChanges").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MongoMapping.builder().capacityField("places.left").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MongoMapping.builder().reservationsCollection("sejours").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MongoMapping.builder().defaultCurrency("euro").build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
