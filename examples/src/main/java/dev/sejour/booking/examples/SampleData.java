package dev.sejour.booking.examples;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import java.util.List;

/** The séjours a fresh example database starts with. */
final class SampleData {

    static final List<Sejour> SEJOURS = List.of(
            // The seed's séjour: montant 900 → 900,00 € a place.
            new Sejour("yoga_aux_choseaux", "Yoga aux Choseaux", Money.of(90_000, "eur"), 12),
            new Sejour("randonnee_vercors", "Randonnée dans le Vercors", Money.of(45_000, "eur"), 8),
            new Sejour("retraite_silence_conques", "Retraite en silence à Conques", Money.of(65_000, "eur"), 2),
            new Sejour("atelier_ceramique", "Atelier céramique en Provence", Money.of(32_000, "eur"), 0));

    private SampleData() {
    }

    /**
     * Saves the sample séjours if the store has none; never touches an existing catalogue.
     *
     * @return whether it seeded
     */
    static boolean seedIfEmpty(SejourStore sejours) {
        if (!sejours.findAll().isEmpty()) {
            return false;
        }
        SEJOURS.forEach(sejours::save);
        return true;
    }
}
