package dev.feedloop.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

@TestConfiguration(proxyBeanMethods = false)
class TestDataConfiguration {

    @Bean
    TestData testData(ApplicationContext context) {
        return new TestData(context);
    }

    /**
     * Wraps the application's password encoder so that each distinct password is hashed once per
     * JVM: a bcrypt hash costs about 300 ms on a loaded two-core machine, and the suite makes more
     * than a hundred users with the same password. Checking a password still runs the real encoder,
     * so sign-in tests exercise the production path; only the salt is shared between users.
     */
    @Bean
    static BeanPostProcessor hashEachPasswordOnce() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof PasswordEncoder encoder ? new HashOnce(encoder) : bean;
            }
        };
    }

    private record HashOnce(PasswordEncoder encoder) implements PasswordEncoder {

        private static final Map<String, String> hashes = new ConcurrentHashMap<>();

        @Override
        public String encode(CharSequence rawPassword) {
            return rawPassword == null
                    ? encoder.encode(null)
                    : hashes.computeIfAbsent(rawPassword.toString(), encoder::encode);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            return encoder.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return encoder.upgradeEncoding(encodedPassword);
        }
    }
}
