package dev.feedloop.generation.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.ConnectionCheck;
import dev.feedloop.generation.EndpointSettings;
import dev.feedloop.generation.EndpointView;
import dev.feedloop.generation.ModelEndpoints;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Model endpoints for site admins (also enforced by the API filter chain). */
@RestController
@RequestMapping("/api/v1/endpoints")
class EndpointsApiController {

    private final ModelEndpoints endpoints;
    private final MessageSource messages;

    EndpointsApiController(ModelEndpoints endpoints, MessageSource messages) {
        this.endpoints = endpoints;
        this.messages = messages;
    }

    /** The outcome of a connection test; {@code error} in English when it failed. */
    record TestResponse(
            boolean ok,
            long latencyMs,
            @Nullable String model,
            @Nullable Integer status,
            @Nullable String error) {}

    @GetMapping
    List<EndpointView> list(@AuthenticationPrincipal AccountPrincipal me) {
        return endpoints.list(me);
    }

    @PostMapping
    ResponseEntity<EndpointView> create(
            @AuthenticationPrincipal AccountPrincipal me, @Valid @RequestBody EndpointSettings settings) {
        EndpointView created = endpoints.create(me, settings);
        return ResponseEntity.created(URI.create("/api/v1/endpoints/" + created.id()))
                .body(created);
    }

    @GetMapping("/{id}")
    EndpointView get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable long id) {
        return endpoints.get(me, id);
    }

    @PutMapping("/{id}")
    EndpointView update(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable long id,
            @Valid @RequestBody EndpointSettings settings) {
        return endpoints.update(me, id, settings);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal AccountPrincipal me, @PathVariable long id) {
        endpoints.delete(me, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/test")
    TestResponse test(@AuthenticationPrincipal AccountPrincipal me, @PathVariable long id) {
        ConnectionCheck check = endpoints.test(me, id);
        String error = check.ok()
                ? null
                : messages.getMessage(
                        check.messageCode() + ".detail",
                        check.messageArguments().toArray(),
                        Locale.ENGLISH);
        return new TestResponse(check.ok(), check.latencyMillis(), check.model(), check.status(), error);
    }
}
