package dev.sejour.booking.store.mongo;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the stores find séjours and reservations in a database: collection names, the names of the séjour
 * fields the library reads and writes, and how prices are written. Immutable; the defaults match the
 * collections of the Next.js app the library replaces, so its database can be used as it is.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>why</th></tr>
 *   <tr><td>séjours collection</td><td>{@code sejours}</td><td>Mongoose's name for the model {@code Sejour}</td></tr>
 *   <tr><td>reservations collection</td><td>{@code reservations}</td><td>the seed's collection</td></tr>
 *   <tr><td>slug field</td><td>{@code slug}</td><td>the seed's {@code sejourSlug} points at it</td></tr>
 *   <tr><td>title field</td><td>{@code titre}</td><td>the app's French field names; use {@code title} if yours differs</td></tr>
 *   <tr><td>price field</td><td>{@code prix}</td><td>idem; {@code price} otherwise</td></tr>
 *   <tr><td>places-left field</td><td>{@code capacity}</td><td>the seed decrements {@code capacity}</td></tr>
 *   <tr><td>currency field</td><td>{@code devise}</td><td>the reservation's {@code devise}</td></tr>
 *   <tr><td>default currency</td><td>{@code eur}</td><td>for séjours (and old reservations) without a currency</td></tr>
 *   <tr><td>price unit</td><td>{@link PriceUnit#MINOR_UNITS}</td><td>cents, as the library and Stripe count</td></tr>
 * </table>
 *
 * <p>Reservation documents always keep the seed's field names ({@code sejourSlug}, {@code acheteur},
 * {@code nbPlaces}, {@code montant}, {@code devise}, {@code statut}, {@code stripeSessionId}): only
 * their collection is configurable.
 *
 * <pre>{@code
 * MongoMapping mapping = MongoMapping.builder().titleField("title").priceField("price")
 *         .priceUnit(MongoMapping.PriceUnit.MAJOR_UNITS).build();
 * }</pre>
 */
public final class MongoMapping {

    /** How a séjour's price field counts money. */
    public enum PriceUnit {
        /** An integer in the currency's minor unit: {@code 45000} is 450.00 EUR. The library's own way. */
        MINOR_UNITS,
        /**
         * A number in the currency's major unit, as a JavaScript app often stores it: {@code 450} or
         * {@code 450.5} EUR. Read exactly (no rounding beyond the currency's decimals), written back as an
         * integer when whole, otherwise as a double.
         */
        MAJOR_UNITS
    }

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CURRENCY = Pattern.compile("[a-z]{3}");
    private static final MongoMapping DEFAULTS = new Builder().build();

    private final String sejoursCollection;
    private final String reservationsCollection;
    private final String slugField;
    private final String titleField;
    private final String priceField;
    private final String capacityField;
    private final String currencyField;
    private final String defaultCurrency;
    private final PriceUnit priceUnit;

    private MongoMapping(Builder b) {
        this.sejoursCollection = collection(b.sejoursCollection, "sejoursCollection");
        this.reservationsCollection = collection(b.reservationsCollection, "reservationsCollection");
        this.slugField = field(b.slugField, "slugField");
        this.titleField = field(b.titleField, "titleField");
        this.priceField = field(b.priceField, "priceField");
        this.capacityField = field(b.capacityField, "capacityField");
        this.currencyField = field(b.currencyField, "currencyField");
        this.priceUnit = Objects.requireNonNull(b.priceUnit, "priceUnit");
        Objects.requireNonNull(b.defaultCurrency, "defaultCurrency");
        this.defaultCurrency = b.defaultCurrency.toLowerCase(Locale.ROOT);
        if (!CURRENCY.matcher(defaultCurrency).matches()) {
            throw new IllegalArgumentException("defaultCurrency must be a three-letter ISO code: " + defaultCurrency);
        }
        List<String> sejourFields = List.of(slugField, titleField, priceField, capacityField, currencyField);
        if (Set.copyOf(sejourFields).size() != sejourFields.size()
                || sejourFields.stream().anyMatch(SejourCodec.INTERNAL_FIELDS::contains)) {
            throw new IllegalArgumentException("séjour field names must be distinct and not reserved: " + this);
        }
        if (sejoursCollection.equals(reservationsCollection)) {
            throw new IllegalArgumentException("séjours and reservations need two collections");
        }
    }

    /** The Next.js app's names (see the table above). */
    public static MongoMapping defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this mapping's settings, to change a few. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.sejoursCollection = sejoursCollection;
        b.reservationsCollection = reservationsCollection;
        b.slugField = slugField;
        b.titleField = titleField;
        b.priceField = priceField;
        b.capacityField = capacityField;
        b.currencyField = currencyField;
        b.defaultCurrency = defaultCurrency;
        b.priceUnit = priceUnit;
        return b;
    }

    public String sejoursCollection() {
        return sejoursCollection;
    }

    public String reservationsCollection() {
        return reservationsCollection;
    }

    public String slugField() {
        return slugField;
    }

    public String titleField() {
        return titleField;
    }

    public String priceField() {
        return priceField;
    }

    /** The séjour's places left, decremented by holds: the seed's {@code capacity}. */
    public String capacityField() {
        return capacityField;
    }

    public String currencyField() {
        return currencyField;
    }

    /** The currency of séjours and reservations that have none, lower case. */
    public String defaultCurrency() {
        return defaultCurrency;
    }

    public PriceUnit priceUnit() {
        return priceUnit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MongoMapping m && settings().equals(m.settings());
    }

    @Override
    public int hashCode() {
        return settings().hashCode();
    }

    private List<Object> settings() {
        return List.of(sejoursCollection, reservationsCollection, slugField, titleField, priceField, capacityField,
                currencyField, defaultCurrency, priceUnit);
    }

    @Override
    public String toString() {
        return "MongoMapping{sejours=" + sejoursCollection + ", reservations=" + reservationsCollection
                + ", slug=" + slugField + ", title=" + titleField + ", price=" + priceField + ", capacity="
                + capacityField + ", currency=" + currencyField + ", defaultCurrency=" + defaultCurrency
                + ", priceUnit=" + priceUnit + "}";
    }

    private static String field(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!FIELD.matcher(name).matches() || name.equals("_id")) {
            throw new IllegalArgumentException(what + " must be a plain top-level field name: " + name);
        }
        return name;
    }

    private static String collection(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.contains("$") || name.startsWith("system.")) {
            throw new IllegalArgumentException(what + " is not a usable collection name: " + name);
        }
        return name;
    }

    /** Collects settings; every one has a default. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private String sejoursCollection = "sejours";
        private String reservationsCollection = "reservations";
        private String slugField = "slug";
        private String titleField = "titre";
        private String priceField = "prix";
        private String capacityField = "capacity";
        private String currencyField = "devise";
        private String defaultCurrency = "eur";
        private PriceUnit priceUnit = PriceUnit.MINOR_UNITS;

        private Builder() {
        }

        public Builder sejoursCollection(String name) {
            this.sejoursCollection = name;
            return this;
        }

        public Builder reservationsCollection(String name) {
            this.reservationsCollection = name;
            return this;
        }

        public Builder slugField(String name) {
            this.slugField = name;
            return this;
        }

        public Builder titleField(String name) {
            this.titleField = name;
            return this;
        }

        public Builder priceField(String name) {
            this.priceField = name;
            return this;
        }

        public Builder capacityField(String name) {
            this.capacityField = name;
            return this;
        }

        public Builder currencyField(String name) {
            this.currencyField = name;
            return this;
        }

        public Builder defaultCurrency(String currency) {
            this.defaultCurrency = currency;
            return this;
        }

        public Builder priceUnit(PriceUnit unit) {
            this.priceUnit = unit;
            return this;
        }

        /** @throws IllegalArgumentException if a name is unusable or two séjour fields share a name */
        public MongoMapping build() {
            return new MongoMapping(this);
        }
    }
}
