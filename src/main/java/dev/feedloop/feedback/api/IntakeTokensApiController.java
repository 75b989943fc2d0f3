package dev.feedloop.feedback.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.CreatedIntakeToken;
import dev.feedloop.feedback.IntakeTokenView;
import dev.feedloop.feedback.IntakeTokens;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A project's intake tokens (administrators): the secret is in the answer to the create only. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/feedback-tokens")
class IntakeTokensApiController {

    private final IntakeTokens tokens;

    IntakeTokensApiController(IntakeTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    List<IntakeTokenView> list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return tokens.list(slug, me);
    }

    /** {@code {"name": "production"}} */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedIntakeToken create(
            @PathVariable String slug,
            @RequestBody(required = false) CreateRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return tokens.create(slug, request == null ? null : request.name(), me);
    }

    record CreateRequest(String name) {}

    @DeleteMapping("/{id}")
    IntakeTokenView revoke(
            @PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return tokens.revoke(slug, id, me);
    }
}
