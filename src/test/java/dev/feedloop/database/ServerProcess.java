package dev.feedloop.database;

import dev.feedloop.FeedloopApplication;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The main class of a child JVM that runs a whole Feedloop server for a test: the application's own
 * {@code main}, except that passwords are hashed with bcrypt's lowest cost (4, not 10). Such a test
 * signs every HTTP request in with Basic authentication, so each request checks a bcrypt hash; at
 * cost 10 those checks were most of the child's CPU time on a two-core machine.
 */
public final class ServerProcess {

    private ServerProcess() {}

    public static void main(String[] args) {
        SpringApplication.from(FeedloopApplication::main)
                .with(CheapPasswordHashes.class)
                .run(args);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class CheapPasswordHashes {

        @Bean
        static BeanPostProcessor cheapPasswordEncoder() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof PasswordEncoder
                            ? new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)))
                            : bean;
                }
            };
        }
    }
}
