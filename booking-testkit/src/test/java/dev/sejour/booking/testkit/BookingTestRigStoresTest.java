package dev.sejour.booking.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sejour.booking.CheckoutRequest;
import dev.sejour.booking.Money;
import dev.sejour.booking.Sejour;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rig on stores the application supplies: one fresh pair per test, seeded and used by the service. */
class BookingTestRigStoresTest {

    private static final List<BookingStores> SUPPLIED = new ArrayList<>();

    @RegisterExtension
    final BookingTestRig rig = BookingTestRig.builder()
            .stores(() -> {
                BookingStores stores = BookingStores.inMemory();
                SUPPLIED.add(stores);
                return stores;
            })
            .sejour(new Sejour("surf", "Surf", Money.of(40_000, "eur"), 5))
            .build();

    @RepeatedTest(2)
    void eachTestGetsAFreshPairFromTheSupplierSeededWithTheSejours() {
        assertThat(rig.stores()).isSameAs(SUPPLIED.get(SUPPLIED.size() - 1));
        assertThat(rig.placesLeft("surf")).isEqualTo(5);

        rig.booking().startCheckout(new CheckoutRequest("surf", 2, "ada@example.org", "Lovelace", "Ada"));

        assertThat(SUPPLIED.get(SUPPLIED.size() - 1).sejours().findBySlug("surf").orElseThrow().placesLeft())
                .isEqualTo(3);
    }
}
