package org.regenregistry.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Points the registry at a real PostgreSQL server (zonky's binaries from Maven Central), started once and shared by
 * every context that uses this initializer. The server stops when the last of those contexts has closed, so that the
 * contexts' connection pools and schedulers never outlive their database.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static EmbeddedPostgres postgres;
    private static int contexts;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        EmbeddedPostgres server = acquire();
        TestPropertyValues.of(
                        "spring.datasource.url=" + server.getJdbcUrl("postgres", "registry"),
                        "spring.datasource.username=postgres",
                        "spring.datasource.password=postgres")
                .applyTo(context);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> {
            if (closed.getApplicationContext() == context) {
                release();
            }
        });
    }

    private static synchronized EmbeddedPostgres acquire() {
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
        }
        contexts++;
        return postgres;
    }

    private static synchronized void release() {
        if (--contexts == 0) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                postgres = null;
            }
        }
    }
}
