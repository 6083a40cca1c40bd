package dev.sejour.booking.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages and their assets, from classpath resources under {@code /static/}: a fixed list of routes,
 * so no request path ever reaches the class loader unchecked.
 */
final class PagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/reservation/confirmation", "confirmation.html",
            "/reservation/annulation", "annulation.html");
    private static final Pattern ASSET = Pattern.compile("/assets/([a-z0-9-]{1,64})\\.(css|js|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "svg", "image/svg+xml");
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private final boolean admin;

    /** The buyer's pages, and {@code /favicon.ico}. */
    PagesServlet() {
        this(false);
    }

    /** @param admin whether this instance serves the organiser's page ({@code /admin}) */
    PagesServlet(boolean admin) {
        this.admin = admin;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String resource = admin ? ("/admin".equals(path) ? "admin.html" : null) : PAGES.get(path);
        String type;
        if ("/favicon.ico".equals(path)) {
            resource = "assets/favicon.svg";
            type = "svg";
        } else if (resource != null) {
            type = "html";
        } else {
            Matcher m = ASSET.matcher(path);
            if (!m.matches()) {
                notFound(response);
                return;
            }
            resource = "assets/" + m.group(1) + "." + m.group(2);
            type = m.group(2);
        }
        byte[] bytes;
        try (InputStream in = PagesServlet.class.getResourceAsStream("/static/" + resource)) {
            if (in == null) {
                notFound(response);
                return;
            }
            bytes = in.readAllBytes();
        }
        send(response, 200, TYPES.get(type), bytes);
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        byte[] bytes;
        try (InputStream in = PagesServlet.class.getResourceAsStream("/static/404.html")) {
            bytes = in == null ? "Page introuvable".getBytes(java.nio.charset.StandardCharsets.UTF_8) : in.readAllBytes();
        }
        send(response, 404, TYPES.get("html"), bytes);
    }

    private static void send(HttpServletResponse response, int status, String type, byte[] bytes) throws IOException {
        response.setStatus(status);
        response.setContentType(type);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }
}
