package dev.feedloop.audit.api;

import dev.feedloop.audit.AuditLog;
import dev.feedloop.audit.AuditPage;
import dev.feedloop.audit.AuditQuery;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log as JSON, newest first, for site admins (the API filter chain and the service check). */
@RestController
@RequestMapping("/api/v1/audit")
class AuditApiController {

    private final AuditLog audit;

    AuditApiController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code next} is the {@code before=} of the next (older) page, {@code null} on the last. */
    @GetMapping
    AuditPage list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String project,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        return audit.search(AuditQuery.parse(actor, action, project, from, to, before, limit));
    }
}
