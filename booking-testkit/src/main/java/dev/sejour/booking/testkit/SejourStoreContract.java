package dev.sejour.booking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link dev.sejour.booking.spi.SejourStore} must have. Extend it in your store's
 * tests and implement {@link #createStores()}:
 *
 * <pre>{@code
 * class MyStoreTest extends SejourStoreContract {
 *     protected BookingStores createStores() { return new BookingStores(mySejours(), myReservations()); }
 * }
 * }</pre>
 */
public abstract class SejourStoreContract extends StoreContractSupport {

    @Test
    void aSavedSejourIsFoundBySlugWithAllItsFields() {
        Sejour yoga = new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux — été", Money.of(90_000, "eur"), 12);

        sejours.save(yoga);

        assertThat(sejours.findBySlug("yoga_aux_choseaux")).contains(yoga);
    }

    @Test
    void anUnknownSlugIsNotFound() {
        sejours.save(sejour("known", 3));

        assertThat(sejours.findBySlug("unknown")).isEmpty();
    }

    @Test
    void savingAgainReplacesTitlePriceAndPlaces() {
        sejours.save(sejour("retreat", 3));
        Sejour changed = new Sejour("retreat", "Retraite d'hiver", Money.of(120_050, "chf"), 7);

        sejours.save(changed);

        assertThat(sejours.findBySlug("retreat")).contains(changed);
        assertThat(sejours.findAll()).hasSize(1);
    }

    @Test
    void allSejoursAreListedBySlug() {
        sejours.save(sejour("b-stage", 1));
        sejours.save(sejour("a-retraite", 2));
        sejours.save(sejour("c_yoga", 0));

        assertThat(sejours.findAll()).extracting(Sejour::slug).containsExactly("a-retraite", "b-stage", "c_yoga");
    }

    @Test
    void aSejourWithNoPlaceLeftIsKept() {
        sejours.save(sejour("complet", 0));

        assertThat(sejours.findBySlug("complet")).map(Sejour::placesLeft).contains(0);
    }

    @Test
    void unicodeTitlesAndLargePricesSurvive() {
        Sejour sejour = new Sejour("zen", "Méditation « zen » 🧘 à l'Abbaye", Money.of(9_999_999_999L, "jpy"), 1);

        sejours.save(sejour);

        assertThat(sejours.findBySlug("zen")).contains(sejour);
    }

    @Test
    void aSejourIsCreatedOnlyIfItsSlugIsFree() {
        Sejour first = sejour("stage", 4);

        assertThat(sejours.create(first)).isTrue();
        assertThat(sejours.create(new Sejour("stage", "Autre", Money.of(1, "eur"), 99))).isFalse();

        assertThat(sejours.findBySlug("stage")).contains(first);
    }

    @Test
    void titleAndPriceChangeWithoutTouchingPlacesLeft() {
        sejours.save(sejour("stage", 4));
        sejours.adjustPlaces("stage", -1);

        assertThat(sejours.updateDetails("stage", "Stage d'été", Money.of(52_000, "eur")))
                .contains(new Sejour("stage", "Stage d'été", Money.of(52_000, "eur"), 3));
        assertThat(sejours.updateDetails("absent", "x", Money.of(1, "eur"))).isEmpty();

        assertThat(sejours.findBySlug("stage")).map(Sejour::placesLeft).contains(3);
        assertThat(sejours.findBySlug("absent")).isEmpty();
    }
}
