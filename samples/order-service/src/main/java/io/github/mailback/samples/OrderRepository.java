package io.github.mailback.samples;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Stores orders. A stand-in for a JDBC repository: when the database is "down", saving fails the way a
 * pooled JDBC connection fails, with the pool's exception wrapping the socket's.
 */
final class OrderRepository {

    private static final Logger log = LogTally.logger(OrderRepository.class);

    private final Map<Long, Order> rows = new ConcurrentHashMap<>();
    private volatile boolean databaseReachable = true;

    void setDatabaseReachable(boolean reachable) {
        this.databaseReachable = reachable;
    }

    void save(Order order) {
        try {
            insert(order);
        } catch (SQLException e) {
            throw new OrderStoreException("Could not save order " + order.id(), e);
        }
    }

    int count() {
        return rows.size();
    }

    private void insert(Order order) throws SQLException {
        borrowConnection();
        rows.put(order.id(), order);
        log.debug("INSERT INTO orders VALUES ({})", order.id());
    }

    private void borrowConnection() throws SQLException {
        if (databaseReachable) {
            return;
        }
        try {
            openSocket();
        } catch (ConnectException e) {
            throw new SQLTransientConnectionException(
                    "order-db pool - Connection is not available, request timed out after 3000ms.", "08001", e);
        }
    }

    private static void openSocket() throws ConnectException {
        throw new ConnectException("Connection refused: order-db:5432");
    }
}
