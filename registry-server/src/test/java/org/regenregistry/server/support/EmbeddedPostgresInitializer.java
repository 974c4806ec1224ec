package org.regenregistry.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the registry at a real PostgreSQL server (zonky's binaries from Maven Central), started once per test JVM
 * and shared by every context that uses this initializer.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres postgres;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        EmbeddedPostgres server = server();
        TestPropertyValues.of(
                        "spring.datasource.url=" + server.getJdbcUrl("postgres", "registry"),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres")
                .applyTo(context);
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                try (Connection connection = postgres.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE registry");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("PostgreSQL did not start", e);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the registry database", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresInitializer::stop));
        }
        return postgres;
    }

    private static void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
