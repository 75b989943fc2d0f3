package dev.feedloop.accounts.web;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Lets a page ask whether its session is still signed in before it sends a form it cannot send
 * again (a submit): 204 when it is; 401 from the security chain when it is not.
 */
@Controller
class SessionController {

    @GetMapping("/session")
    ResponseEntity<Void> session() {
        return ResponseEntity.noContent().build();
    }
}
