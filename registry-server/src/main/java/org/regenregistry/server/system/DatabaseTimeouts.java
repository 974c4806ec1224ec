package org.regenregistry.server.system;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Gives every database connection a statement time limit ({@code registry.limits.timeout}), so that no query runs
 * unbounded, whoever issues it: HAPI runs its search SQL on the raw connection, where the transaction's own time limit
 * does not reach.
 */
@Component
class DatabaseTimeouts implements BeanPostProcessor {

    private final RequestLimitSettings limits;

    DatabaseTimeouts(RequestLimitSettings limits) {
        this.limits = limits;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getConnectionInitSql() == null) {
            dataSource.setConnectionInitSql(
                    statementTimeout(dataSource.getJdbcUrl(), limits.timeout().toMillis()));
        }
        return bean;
    }

    static String statementTimeout(String jdbcUrl, long millis) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "SET statement_timeout = " + millis;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "SET QUERY_TIMEOUT " + millis;
        }
        throw new IllegalStateException("No statement time limit known for " + jdbcUrl);
    }
}
