package dev.sejour.booking.testkit.stripe;

/** One validated {@code line_items[i]} entry (inline {@code price_data} only). */
record LineItem(String name, long unitAmount, long quantity, String currency) {

    long amount() {
        return Math.multiplyExact(unitAmount, quantity);
    }
}
