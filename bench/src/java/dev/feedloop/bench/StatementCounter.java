package dev.feedloop.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Counts the round trips the server makes to PostgreSQL: statements executed (each {@code
 * execute*} call, a batch counted once) and commits and rollbacks, by wrapping the server's {@link
 * DataSource}. Installed only when a benchmark counts (the wrapper hides the pool's own type).
 */
final class StatementCounter {

    private static final Set<String> EXECUTES =
            Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch");

    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();

    private StatementCounter() {}

    static void install(ConfigurableApplicationContext context) {
        context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
            }
        });
    }

    /** Statements plus commits and rollbacks so far. */
    static long roundTrips() {
        return STATEMENTS.get() + COMMITS.get();
    }

    private static DataSource wrap(DataSource target) {
        return proxy(DataSource.class, target, (method, result) -> result instanceof Connection c
                ? proxy(Connection.class, c, StatementCounter::connectionResult)
                : result);
    }

    private static Object connectionResult(Method method, Object result) {
        String name = method.getName();
        if (name.equals("commit") || name.equals("rollback")) {
            COMMITS.incrementAndGet();
        }
        if (result instanceof Statement statement) {
            Class<? extends Statement> type = result instanceof java.sql.CallableStatement
                    ? java.sql.CallableStatement.class
                    : result instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
            return proxy(type, statement, (m, r) -> {
                if (EXECUTES.contains(m.getName())) {
                    STATEMENTS.incrementAndGet();
                }
                return r;
            });
        }
        return result;
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> wanted
                    && wanted.isInstance(target)) {
                return target;
            }
            try {
                return after.apply(method, method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
