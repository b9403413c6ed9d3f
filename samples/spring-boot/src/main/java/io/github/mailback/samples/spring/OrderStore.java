package io.github.mailback.samples.spring;

import java.sql.SQLTransientConnectionException;
import org.springframework.stereotype.Repository;

/**
 * The orders database, as it looks during an outage: every call fails to get a connection. The
 * failure is the usual nested one, the service's own exception around the driver's.
 */
@Repository
public class OrderStore {

    static final String DATABASE = "orders-db.internal:5432";

    public Order load(long id) {
        try {
            return query(connect(), id);
        } catch (SQLTransientConnectionException e) {
            throw new IllegalStateException("Order store unavailable while loading order " + id, e);
        }
    }

    public void save(Order order) {
        try {
            insert(connect(), order);
        } catch (SQLTransientConnectionException e) {
            throw new IllegalStateException("Order store unavailable while saving order " + order.id(), e);
        }
    }

    private static Object connect() throws SQLTransientConnectionException {
        throw new SQLTransientConnectionException(
                "orders-pool - Connection is not available, request timed out after 30000 ms"
                        + " (total=10, active=10, idle=0, waiting=24) connecting to " + DATABASE, "08001");
    }

    private static Order query(Object connection, long id) {
        throw new AssertionError("unreachable: the database is down in this sample");
    }

    private static void insert(Object connection, Order order) {
        throw new AssertionError("unreachable: the database is down in this sample");
    }
}
