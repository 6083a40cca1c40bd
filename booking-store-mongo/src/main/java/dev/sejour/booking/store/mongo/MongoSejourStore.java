package dev.sejour.booking.store.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Séjours in the Next.js app's {@code sejours} collection. Reads only the mapped fields; {@link #save}
 * sets only them, so the app's other fields (description, images, dates…) and its {@code _id} stay.
 */
final class MongoSejourStore implements SejourStore {

    private final MongoCollection<Document> sejours;
    private final MongoMapping mapping;
    private final SejourCodec codec;

    MongoSejourStore(MongoCollection<Document> sejours, MongoMapping mapping) {
        this.sejours = sejours;
        this.mapping = mapping;
        this.codec = new SejourCodec(mapping);
    }

    @Override
    public Optional<Sejour> findBySlug(String slug) {
        return Guard.call("reading séjour " + slug, () -> Optional.ofNullable(
                sejours.find(Filters.eq(mapping.slugField(), slug)).projection(codec.projection()).first())
                .map(codec::decode));
    }

    @Override
    public List<Sejour> findAll() {
        return Guard.call("listing séjours", () -> {
            List<Sejour> all = new ArrayList<>();
            sejours.find(Filters.type(mapping.slugField(), "string")).projection(codec.projection())
                    .sort(Sorts.ascending(mapping.slugField())).forEach(doc -> all.add(codec.decode(doc)));
            return all;
        });
    }

    /**
     * {@inheritDoc} An upsert on the slug that sets title, price, currency and places left. Setting the
     * places left while holds are being taken loses their effect on it: do it when nobody is buying.
     */
    @Override
    public void save(Sejour sejour) {
        Guard.run("saving séjour " + sejour.slug(), () -> sejours.updateOne(
                Filters.eq(mapping.slugField(), sejour.slug()),
                new Document("$set", codec.fields(sejour)),
                new UpdateOptions().upsert(true)));
    }

    /**
     * {@inheritDoc} One {@code findOneAndUpdate} on the séjour's document, conditional on its places left
     * ({@code $inc} only where {@code capacity >= -delta}): atomic with the holds, which change the same field
     * of the same document.
     */
    @Override
    public Optional<Sejour> adjustPlaces(String slug, int delta) {
        return Guard.call("adjusting places of séjour " + slug, () -> Optional.ofNullable(sejours.findOneAndUpdate(
                        Filters.and(Filters.eq(mapping.slugField(), slug),
                                Filters.gte(mapping.capacityField(), -delta)),
                        Updates.inc(mapping.capacityField(), delta),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(codec.projection())))
                .map(codec::decode));
    }

    /** {@inheritDoc} One insert; the unique index on the slug refuses a second séjour of that slug. */
    @Override
    public boolean create(Sejour sejour) {
        Document doc = new Document(mapping.slugField(), sejour.slug());
        doc.putAll(codec.fields(sejour));
        try {
            sejours.insertOne(doc);
            return true;
        } catch (MongoException e) {
            if (Guard.duplicateKey(e)) {
                return false;
            }
            throw new StoreException("creating séjour " + sejour.slug() + " failed: " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} One {@code findOneAndUpdate} that sets title, price and currency, never places left. */
    @Override
    public Optional<Sejour> updateDetails(String slug, String title, Money pricePerPlace) {
        Sejour checked = new Sejour(slug, title, pricePerPlace, 0);
        Document fields = codec.fields(checked);
        fields.remove(mapping.capacityField());
        return Guard.call("updating séjour " + slug, () -> Optional.ofNullable(sejours.findOneAndUpdate(
                        Filters.eq(mapping.slugField(), slug), new Document("$set", fields),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
                                .projection(codec.projection())))
                .map(codec::decode));
    }
}
