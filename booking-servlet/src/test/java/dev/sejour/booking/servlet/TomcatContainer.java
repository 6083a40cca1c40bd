package dev.sejour.booking.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Tomcat 11 embedded: a temporary base directory, one connector on 127.0.0.1:0, one root context. */
final class TomcatContainer implements ServletContainer {

    private Tomcat tomcat;
    private Path baseDir;

    @Override
    public URI start(Consumer<ServletContext> initializer) throws Exception {
        baseDir = Files.createTempDirectory("sejour-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        Path docBase = Files.createDirectories(baseDir.resolve("root"));
        Context context = tomcat.addContext("", docBase.toString());
        ServletContainerInitializer sci = (classes, ctx) -> initializer.accept(ctx);
        context.addServletContainerInitializer(sci, null);
        tomcat.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @Override
    public void close() throws Exception {
        try {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        } finally {
            deleteQuietly(baseDir);
        }
    }

    private static void deleteQuietly(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public String toString() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
    }
}
