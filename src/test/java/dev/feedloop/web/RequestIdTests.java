package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Every answer carries its request's id: the caller's when sane, else a new one. */
@IntegrationTest
class RequestIdTests {

    @Autowired
    MockMvcTester mvc;

    @Test
    void aSaneRequestIdComesBack() {
        assertThat(mvc.get().uri("/login").header("X-Request-Id", "abc.DEF_123-x"))
                .hasHeader("X-Request-Id", "abc.DEF_123-x");
    }

    @Test
    void withoutOneARandomIdIsMade() {
        String first = mvc.get().uri("/login").exchange().getResponse().getHeader("X-Request-Id");
        String second = mvc.get().uri("/login").exchange().getResponse().getHeader("X-Request-Id");
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(second).matches("[0-9a-f-]{36}").isNotEqualTo(first);
    }

    @Test
    void anInsaneIdIsReplaced() {
        for (String insane : new String[] {"a".repeat(65), "has space", "new\\nline", "ünïcode", "<script>"}) {
            String answered = mvc.get()
                    .uri("/actuator/health")
                    .header("X-Request-Id", insane)
                    .exchange()
                    .getResponse()
                    .getHeader("X-Request-Id");
            assertThat(answered).as(insane).matches("[0-9a-f-]{36}");
        }
        assertThat(RequestIdFilter.idOf("a".repeat(64))).isEqualTo("a".repeat(64));
    }

    @Test
    void refusedRequestsCarryTheIdToo() {
        assertThat(mvc.get().uri("/api/v1/users/me").header("X-Request-Id", "refused-1"))
                .hasStatus(401)
                .hasHeader("X-Request-Id", "refused-1");
    }
}
