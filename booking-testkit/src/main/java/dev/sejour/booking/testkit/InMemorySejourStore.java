package dev.sejour.booking.testkit;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourForBuyer;
import dev.sejour.booking.spi.SejourStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToIntBiFunction;

/**
 * Séjours in memory: the reference implementation of {@link SejourStore}, for tests and demos. Pair it
 * with an {@link InMemoryReservationStore} built on it.
 */
public final class InMemorySejourStore implements SejourStore {

    // Shared with the reservation store so that a hold and its reservation change under one lock.
    final Object lock = new Object();
    // Set by the reservation store built on this one: a buyer's pending places of a séjour (slug, email).
    private volatile ToIntBiFunction<String, String> buyerPendingPlaces;
    private final Map<String, Sejour> sejours = new TreeMap<>();

    @Override
    public Optional<SejourForBuyer> findBySlugForBuyer(String slug, String normalisedEmail) {
        synchronized (lock) {
            ToIntBiFunction<String, String> pending = buyerPendingPlaces;
            return findBySlug(slug).map(sejour -> pending == null ? SejourForBuyer.sejourOnly(sejour)
                    : SejourForBuyer.of(sejour, pending.applyAsInt(slug, normalisedEmail)));
        }
    }

    void countBuyerPendingPlacesWith(ToIntBiFunction<String, String> pending) {
        this.buyerPendingPlaces = pending;
    }

    @Override
    public Optional<Sejour> findBySlug(String slug) {
        synchronized (lock) {
            return Optional.ofNullable(sejours.get(slug));
        }
    }

    @Override
    public List<Sejour> findAll() {
        synchronized (lock) {
            return List.copyOf(new ArrayList<>(sejours.values()));
        }
    }

    @Override
    public void save(Sejour sejour) {
        synchronized (lock) {
            sejours.put(sejour.slug(), sejour);
        }
    }

    @Override
    public Optional<Sejour> adjustPlaces(String slug, int delta) {
        synchronized (lock) {
            return addPlaces(slug, delta) ? Optional.of(sejours.get(slug)) : Optional.empty();
        }
    }

    @Override
    public boolean create(Sejour sejour) {
        synchronized (lock) {
            return sejours.putIfAbsent(sejour.slug(), sejour) == null;
        }
    }

    @Override
    public Optional<Sejour> updateDetails(String slug, String title, Money pricePerPlace) {
        synchronized (lock) {
            Sejour current = sejours.get(slug);
            if (current == null) {
                return Optional.empty();
            }
            Sejour changed = new Sejour(slug, title, pricePerPlace, current.placesLeft());
            sejours.put(slug, changed);
            return Optional.of(changed);
        }
    }

    /** Changes places left if the result is not negative; call holding {@link #lock}. */
    boolean addPlaces(String slug, int delta) {
        Sejour sejour = sejours.get(slug);
        if (sejour == null || sejour.placesLeft() + delta < 0) {
            return false;
        }
        sejours.put(slug, sejour.withPlacesLeft(sejour.placesLeft() + delta));
        return true;
    }

    boolean exists(String slug) {
        return sejours.containsKey(slug);
    }
}
