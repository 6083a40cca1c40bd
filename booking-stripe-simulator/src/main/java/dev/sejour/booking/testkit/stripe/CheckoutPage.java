package dev.sejour.booking.testkit.stripe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for Stripe's hosted Checkout page, so a runnable example works end to end in a
 * browser without network: {@code GET /checkout/{id}} shows the order, its buttons POST to
 * {@code …/pay} (webhook delivered, then 303 to {@code success_url}) or {@code …/cancel} (303 to
 * {@code cancel_url}; the session stays open, as on Stripe).
 */
final class CheckoutPage implements HttpHandler {

    /** What the page shows, read under the state's lock. */
    record View(SimulatedSession session, List<LineItem> lineItems) {}

    private static final Pattern PAGE = Pattern.compile("/checkout/([^/]+)");
    private static final Pattern ACTION = Pattern.compile("/checkout/([^/]+)/(pay|cancel)");

    private final StripeSimulator simulator;

    CheckoutPage(StripeSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            String form = ApiHandler.readBody(exchange.getRequestBody());
            Matcher m;
            if ((m = PAGE.matcher(path)).matches()) {
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    html(exchange, 405, page("Méthode non autorisée", "<p>Utilisez GET.</p>"));
                    return;
                }
                show(exchange, m.group(1));
            } else if ((m = ACTION.matcher(path)).matches()) {
                if (!"POST".equals(method)) {
                    html(exchange, 405, page("Méthode non autorisée", "<p>Utilisez le formulaire.</p>"));
                    return;
                }
                FormParams fields;
                try {
                    fields = FormParams.parse(form);
                } catch (StripeApiError e) {
                    // A hand-made form with a broken %-escape: refuse it rather than drop the connection.
                    html(exchange, 400, page("Formulaire invalide", "<p>Formulaire mal encodé.</p>"));
                    return;
                }
                act(exchange, m.group(1), m.group(2), fields.flat().get("method"));
            } else {
                html(exchange, 404, page("Page introuvable", "<p>Aucune page à cette adresse.</p>"));
            }
        }
    }

    private void show(HttpExchange exchange, String id) throws IOException {
        View view = simulator.pageView(id);
        if (view == null) {
            html(exchange, 404, page("Session introuvable",
                    "<p>Aucune session de paiement <code>" + esc(id) + "</code>.</p>"));
            return;
        }
        SimulatedSession s = view.session();
        if (!s.isOpen()) {
            String title = "expired".equals(s.status()) ? "Session expirée" : "Paiement déjà effectué";
            String text = "expired".equals(s.status())
                    ? "Cette session de paiement a expiré. Recommencez votre réservation."
                    : "Cette session de paiement est terminée.";
            html(exchange, 410, page(title, "<p>" + text + "</p>"));
            return;
        }
        html(exchange, 200, page("Paiement", order(view)));
    }

    private void act(HttpExchange exchange, String id, String action, @Nullable String method)
            throws IOException {
        View view = simulator.pageView(id);
        if (view == null) {
            html(exchange, 404, page("Session introuvable", "<p>Session inconnue.</p>"));
            return;
        }
        SimulatedSession s = view.session();
        try {
            if ("cancel".equals(action)) {
                if (s.cancelUrl() == null) {
                    redirect(exchange, "/checkout/" + id);
                } else {
                    redirect(exchange, s.cancelUrl());
                }
                return;
            }
            if ("delayed".equals(method)) {
                simulator.payWithDelayedMethod(id);
            } else {
                simulator.pay(id);
            }
            redirect(exchange, s.successUrl().replace("{CHECKOUT_SESSION_ID}", id));
        } catch (IllegalStateException e) {
            html(exchange, 409, page("Paiement impossible", "<p>" + esc(Objects.toString(e.getMessage(), "")) + "</p>"));
        }
    }

    static String order(View view) {
        SimulatedSession s = view.session();
        StringBuilder rows = new StringBuilder();
        for (LineItem item : view.lineItems()) {
            rows.append("<tr><td>").append(esc(item.name()));
            if (item.quantity() > 1) {
                rows.append(" <span class=\"qty\">× ").append(item.quantity()).append("</span>");
            }
            rows.append("</td><td class=\"num\">").append(esc(money(item.amount(), item.currency())))
                    .append("</td></tr>");
        }
        String total = money(s.amountTotal(), s.currency());
        String base = "/checkout/" + esc(s.id());
        return "<table>" + rows
                + "<tr class=\"total\"><td>Total</td><td class=\"num\">" + esc(total) + "</td></tr></table>"
                + (s.customerEmail() == null ? ""
                        : "<p class=\"email\">E-mail : <strong>" + esc(s.customerEmail()) + "</strong></p>")
                + "<form method=\"post\" action=\"" + base + "/pay\">"
                + "<button class=\"pay\" type=\"submit\">Payer " + esc(total) + "</button></form>"
                + "<form method=\"post\" action=\"" + base + "/pay\">"
                + "<input type=\"hidden\" name=\"method\" value=\"delayed\">"
                + "<button class=\"alt\" type=\"submit\">Payer par prélèvement SEPA (paiement différé)"
                + "</button></form>"
                + (s.cancelUrl() == null ? ""
                        : "<form method=\"post\" action=\"" + base + "/cancel\">"
                                + "<button class=\"cancel\" type=\"submit\">Annuler</button></form>");
    }

    /** Formats minor units in French, e.g. 180000 EUR → "1 800,00 €". */
    static String money(long minor, String currency) {
        try {
            Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
            int digits = Math.max(0, c.getDefaultFractionDigits());
            NumberFormat format = NumberFormat.getCurrencyInstance(Locale.FRANCE);
            format.setCurrency(c);
            format.setMinimumFractionDigits(digits);
            format.setMaximumFractionDigits(digits);
            // Java's French format groups with narrow no-break spaces; a plain no-break space reads
            // the same and is easier to match in tests.
            return format.format(BigDecimal.valueOf(minor, digits)).replace('\u202f', '\u00a0');
        } catch (IllegalArgumentException e) {
            return BigDecimal.valueOf(minor, 2).toPlainString() + " " + currency.toUpperCase(Locale.ROOT);
        }
    }

    private static String page(String title, String content) {
        return "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " · Simulateur Stripe</title><style>"
                + "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
                + "background:#f6f9fc;color:#30313d}"
                + "main{max-width:420px;margin:48px auto;background:#fff;border-radius:12px;"
                + "box-shadow:0 2px 12px rgba(50,50,93,.12);padding:28px}"
                + ".badge{display:inline-block;font-size:12px;background:#ffde92;color:#8a5a00;"
                + "border-radius:4px;padding:2px 8px;margin-bottom:12px}"
                + "h1{font-size:22px;margin:0 0 16px}table{width:100%;border-collapse:collapse}"
                + "td{padding:8px 0;border-bottom:1px solid #ebeef1}.num{text-align:right}"
                + ".qty{color:#6a7383}.total td{font-weight:600;border-bottom:none;font-size:18px}"
                + ".email{color:#6a7383}form{margin:10px 0 0}button{width:100%;padding:12px;border:0;"
                + "border-radius:6px;font-size:16px;cursor:pointer}"
                + ".pay{background:#635bff;color:#fff}.alt{background:#fff;color:#635bff;"
                + "border:1px solid #635bff}.cancel{background:none;color:#6a7383}"
                + "</style></head><body><main><span class=\"badge\">Mode test · simulateur Stripe</span>"
                + "<h1>" + esc(title) + "</h1>" + content + "</main></body></html>";
    }

    private static void html(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(303, -1);
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }
}
