package dev.sejour.booking.store.mongo;

import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.StoreException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.jspecify.annotations.Nullable;

/** Séjour documents to {@link Sejour}s and back, through the configured field names. */
final class SejourCodec {

    /** The séjour's in-flight place changes (see {@link PlaceChanges}); no mapped field may take the name. */
    static final String CHANGES = "placeChanges";
    static final Set<String> INTERNAL_FIELDS = Set.of("_id", CHANGES);

    private final MongoMapping mapping;

    SejourCodec(MongoMapping mapping) {
        this.mapping = mapping;
    }

    Sejour decode(Document doc) {
        Object slug = doc.get(mapping.slugField());
        try {
            Object title = doc.get(mapping.titleField());
            String currency = currencyOf(doc);
            // A missing title is blank: Sejour shows the slug instead.
            return new Sejour((String) Objects.requireNonNull(slug, "slug"), title == null ? "" : title.toString(),
                    Money.of(minorUnits(doc.get(mapping.priceField()), currency, slug), currency),
                    placesLeft(doc.get(mapping.capacityField()), slug));
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw new StoreException("séjour '" + slug + "' cannot be read with " + mapping + ": " + e.getMessage(), e);
        }
    }

    /** The {@code $set} that saves the séjour's own fields and leaves any other field of the document alone. */
    Document fields(Sejour sejour) {
        return new Document(mapping.titleField(), sejour.title())
                .append(mapping.priceField(), priceValue(sejour.pricePerPlace()))
                .append(mapping.currencyField(), sejour.pricePerPlace().currency())
                .append(mapping.capacityField(), sejour.placesLeft());
    }

    /** Only what {@link #decode} reads, so the in-flight changes are never shipped to a reader. */
    Document projection() {
        return new Document("_id", 0).append(mapping.slugField(), 1).append(mapping.titleField(), 1)
                .append(mapping.priceField(), 1).append(mapping.currencyField(), 1)
                .append(mapping.capacityField(), 1);
    }

    private String currencyOf(Document doc) {
        Object value = doc.get(mapping.currencyField());
        return value instanceof String s && !s.isBlank() ? s.toLowerCase(Locale.ROOT) : mapping.defaultCurrency();
    }

    private long minorUnits(@Nullable Object value, String currency, @Nullable Object slug) {
        BigDecimal amount = decimal(value, slug, mapping.priceField());
        if (mapping.priceUnit() == MongoMapping.PriceUnit.MAJOR_UNITS) {
            // A double such as 19.99 is not exact in binary: round to the currency's decimals, no further.
            amount = amount.setScale(fractionDigits(currency), RoundingMode.HALF_UP).movePointRight(fractionDigits(currency));
        }
        try {
            return amount.longValueExact();
        } catch (ArithmeticException e) {
            throw new StoreException("séjour '" + slug + "': price '" + mapping.priceField() + "' = " + value
                    + " is not a whole number of minor units (is the price unit " + mapping.priceUnit() + " right?)");
        }
    }

    private Object priceValue(Money price) {
        if (mapping.priceUnit() == MongoMapping.PriceUnit.MINOR_UNITS) {
            return price.minorUnits();
        }
        BigDecimal major = BigDecimal.valueOf(price.minorUnits()).movePointLeft(fractionDigits(price.currency()));
        BigDecimal whole = major.stripTrailingZeros();
        return whole.scale() <= 0 ? (Object) whole.longValueExact() : (Object) major.doubleValue();
    }

    private static int placesLeft(@Nullable Object value, @Nullable Object slug) {
        if (!(value instanceof Number n)) {
            throw new StoreException("séjour '" + slug + "' has no numeric places-left field");
        }
        // An app that oversold may have left it below zero: nothing is left to sell.
        return Math.max(0, n.intValue());
    }

    private static BigDecimal decimal(@Nullable Object value, @Nullable Object slug, String field) {
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new StoreException("séjour '" + slug + "' has no numeric price field '" + field + "'");
    }

    private static int fractionDigits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
