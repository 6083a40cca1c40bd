package dev.sejour.booking;

import java.util.Objects;

/**
 * A séjour on sale: what a buyer books places of.
 *
 * @param slug stable identifier used in URLs and in Stripe metadata
 * @param title human title, shown on Stripe Checkout and in emails; a blank one is replaced by the slug
 * @param pricePerPlace price of one place; the only source of the amount charged
 * @param placesLeft places neither held by a pending checkout nor paid (the seed's {@code capacity})
 */
public record Sejour(String slug, String title, Money pricePerPlace, int placesLeft) {

    public Sejour {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(pricePerPlace, "pricePerPlace");
        if (slug.isBlank()) {
            throw new IllegalArgumentException("slug must not be blank");
        }
        if (title == null || title.isBlank()) {
            title = slug;
        }
        if (placesLeft < 0) {
            throw new IllegalArgumentException("placesLeft must not be negative: " + placesLeft);
        }
    }

    public Sejour withPlacesLeft(int places) {
        return new Sejour(slug, title, pricePerPlace, places);
    }
}
