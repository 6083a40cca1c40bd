package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.Money;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.SejourForBuyer;
import dev.sejour.booking.spi.SejourStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Séjours in the {@code sejours} table. Its places left ({@code places_left}) change only through
 * {@link JdbcReservationStore}, in the same transaction as the reservation they belong to.
 *
 * <p>Obtained from {@link JdbcBookingStores#sejours()}; thread-safe.
 */
final class JdbcSejourStore implements SejourStore {

    private final Transactor transactor;
    private final String selectAll;
    private final String selectBySlug;
    private final String selectForBuyer;
    private final String upsert;
    private final String adjust;
    private final String table;

    JdbcSejourStore(Transactor transactor, SqlDialect dialect, Tables tables) {
        this.transactor = transactor;
        this.selectAll = "SELECT slug, title, price, currency, places_left FROM " + tables.sejours();
        this.selectBySlug = selectAll + " WHERE slug = :slug";
        // One statement: a refusal of a sold-out séjour is then one round trip (see findBySlugForBuyer).
        this.selectForBuyer = "SELECT s.slug, s.title, s.price, s.currency, s.places_left,"
                + " (SELECT COALESCE(SUM(r.places), 0) FROM " + tables.reservations() + " r"
                + " WHERE r.sejour_slug = s.slug AND r.buyer_key = :buyer AND r.status = :pending) AS buyer_pending"
                + " FROM " + tables.sejours() + " s WHERE s.slug = :slug";
        this.upsert = dialect.upsertSejour(tables);
        this.table = tables.sejours();
        this.adjust = "UPDATE " + tables.sejours() + " SET places_left = places_left + :delta"
                + " WHERE slug = :slug AND places_left + :delta >= 0";
    }

    @Override
    public Optional<Sejour> findBySlug(String slug) {
        Objects.requireNonNull(slug, "slug");
        return transactor.withHandle("find séjour " + slug, h -> h.createQuery(selectBySlug)
                .bind("slug", slug)
                .map((rs, ctx) -> sejour(rs))
                .findOne());
    }

    @Override
    public Optional<SejourForBuyer> findBySlugForBuyer(String slug, String normalisedEmail) {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(normalisedEmail, "normalisedEmail");
        return transactor.withHandle("find séjour " + slug, h -> h.createQuery(selectForBuyer)
                .bind("slug", slug)
                .bind("buyer", normalisedEmail)
                .bind("pending", ReservationStatus.PENDING.code())
                .map((rs, ctx) -> SejourForBuyer.of(sejour(rs), Math.toIntExact(rs.getLong("buyer_pending"))))
                .findOne());
    }

    @Override
    public List<Sejour> findAll() {
        return transactor.withHandle("list séjours", h -> h.createQuery(selectAll + " ORDER BY slug")
                .map((rs, ctx) -> sejour(rs))
                .list());
    }

    @Override
    public void save(Sejour sejour) {
        Objects.requireNonNull(sejour, "sejour");
        transactor.inTransaction("save séjour " + sejour.slug(), h -> h.createUpdate(upsert)
                .bind("slug", sejour.slug())
                .bind("title", sejour.title())
                .bind("price", sejour.pricePerPlace().minorUnits())
                .bind("currency", sejour.pricePerPlace().currency())
                .bind("places_left", sejour.placesLeft())
                .execute());
    }

    @Override
    public Optional<Sejour> adjustPlaces(String slug, int delta) {
        Objects.requireNonNull(slug, "slug");
        // One conditional UPDATE: the database checks the result against zero under its row lock, so a
        // change racing holds never oversells. The SELECT in the same transaction sees this write.
        return transactor.inTransaction("adjust places of séjour " + slug, h -> {
            int changed = h.createUpdate(adjust)
                    .bind("slug", slug)
                    .bind("delta", delta)
                    .execute();
            if (changed == 0) {
                return Optional.<Sejour>empty();
            }
            return h.createQuery(selectBySlug).bind("slug", slug).map((rs, ctx) -> sejour(rs)).findOne();
        });
    }

    @Override
    public boolean create(Sejour sejour) {
        Objects.requireNonNull(sejour, "sejour");
        try {
            // One INSERT: the primary key on slug refuses a second séjour of that slug.
            return transactor.inTransaction("create séjour " + sejour.slug(), h -> h.createUpdate(
                            "INSERT INTO " + table + " (slug, title, price, currency, places_left)"
                                    + " VALUES (:slug, :title, :price, :currency, :placesLeft)")
                    .bind("slug", sejour.slug())
                    .bind("title", sejour.title())
                    .bind("price", sejour.pricePerPlace().minorUnits())
                    .bind("currency", sejour.pricePerPlace().currency())
                    .bind("placesLeft", sejour.placesLeft())
                    .execute() == 1);
        } catch (Transactor.DuplicateKeyException exists) {
            return false;
        }
    }

    @Override
    public Optional<Sejour> updateDetails(String slug, String title, Money pricePerPlace) {
        Objects.requireNonNull(slug, "slug");
        Sejour checked = new Sejour(slug, title, pricePerPlace, 0);
        return transactor.inTransaction("update séjour " + slug, h -> {
            int changed = h.createUpdate("UPDATE " + table + " SET title = :title, price = :price,"
                            + " currency = :currency WHERE slug = :slug")
                    .bind("slug", slug)
                    .bind("title", checked.title())
                    .bind("price", checked.pricePerPlace().minorUnits())
                    .bind("currency", checked.pricePerPlace().currency())
                    .execute();
            if (changed == 0) {
                return Optional.<Sejour>empty();
            }
            return h.createQuery(selectBySlug).bind("slug", slug).map((rs, ctx) -> sejour(rs)).findOne();
        });
    }

    private static Sejour sejour(ResultSet rs) throws SQLException {
        return new Sejour(rs.getString("slug"), rs.getString("title"),
                Money.of(rs.getLong("price"), rs.getString("currency")), rs.getInt("places_left"));
    }
}
