package dev.feedloop.testsupport;

import dev.feedloop.accounts.Users;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

@TestConfiguration(proxyBeanMethods = false)
class TestDataConfiguration {

    @Bean
    TestUsers testUsers(Users users) {
        return new TestUsers(users);
    }
}
