package dev.feedloop.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A REST route that fails the way a bug would, for the 500 answer of {@link ApiErrorTests}. */
@RestController
class FailingApiController {

    static final String SECRET = "tools.jackson.core.StreamReadConstraints secret internal detail";

    @GetMapping("/api/v1/test-only/failure")
    String fail() {
        throw new IllegalStateException(SECRET);
    }
}
