package dev.sejour.booking.servlet;

import dev.sejour.booking.BookingService;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Code docs/servlet.md shows, compiled against the real API (checked by the examples' DocSnippetsTest); never run. */
@SuppressWarnings("unused")
final class DocSnippets {

    private DocSnippets() {
    }

    static void register(ServletContext servletContext, BookingService booking) {
        // tag::servlet-register[]
        BookingEndpoints.register(servletContext, booking);                          // /api/paiement/*
        BookingEndpoints.register(servletContext, booking, "/shop/pay");             // /shop/pay/*
        BookingEndpoints.register(servletContext, booking, "/api/paiement",
                new EndpointLimits(16 * 1024, 512 * 1024));                          // custom limits
        // end::servlet-register[]
    }

    static void jetty(BookingService booking) throws Exception {
        // tag::servlet-jetty[]
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(8080);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServletContainerInitializer((classes, ctx) -> BookingEndpoints.register(ctx, booking));
        // or, without an initializer:
        // context.addServlet(new ServletHolder(new BookingServlet(booking)), "/api/paiement/*");
        server.setHandler(context);
        server.start();
        // end::servlet-jetty[]
    }

    static void tomcat(BookingService booking) throws Exception {
        // tag::servlet-tomcat[]
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
        tomcat.setPort(8080);
        Context context = tomcat.addContext("", Files.createTempDirectory("docroot").toString());
        context.addServletContainerInitializer((classes, ctx) -> BookingEndpoints.register(ctx, booking), null);
        // or: Tomcat.addServlet(context, "booking", new BookingServlet(booking));
        //     context.addServletMappingDecoded("/api/paiement/*", "booking");
        tomcat.getConnector();   // creates the default connector
        tomcat.start();
        // end::servlet-tomcat[]
    }

    static void clientLimit(ServletContext context, BookingService booking) {
        // tag::servlet-client-limit[]
        BookingEndpoints.register(context, booking, "/api/paiement");
        BookingEndpoints.limitClients(context, "/api/paiement", ClientLimit.builder()
                .requestsPerMinute(30)         // sustained, per client (default 30)
                .burst(10)                     // at once (default 10)
                .trustedProxies("10.0.0.2")    // your reverse proxies, if any (default none)
                .build());
        // end::servlet-client-limit[]
    }
}
