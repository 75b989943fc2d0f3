package dev.feedloop.workqueue.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.workqueue.LeaseView;
import dev.feedloop.workqueue.WorkQueue;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Administrators: current leases of a project, and ending one. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/leases")
class LeasesApiController {

    private final WorkQueue queue;

    LeasesApiController(WorkQueue queue) {
        this.queue = queue;
    }

    record HolderResponse(long id, String username, String displayName) {}

    record LeaseResponse(
            long taskId,
            String kind,
            long itemId,
            String itemExternalId,
            HolderResponse holder,
            Instant leasedAt,
            Instant leaseExpiresAt,
            boolean expired) {

        static LeaseResponse of(LeaseView lease) {
            return new LeaseResponse(
                    lease.taskId(),
                    lease.kind().apiName(),
                    lease.itemId(),
                    lease.itemExternalId(),
                    new HolderResponse(lease.userId(), lease.username(), lease.displayName()),
                    lease.leasedAt(),
                    lease.leaseExpiresAt(),
                    lease.expired());
        }
    }

    @GetMapping
    List<LeaseResponse> list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return queue.leases(slug, me).stream().map(LeaseResponse::of).toList();
    }

    @DeleteMapping("/{taskId}")
    ResponseEntity<Void> release(
            @PathVariable String slug, @PathVariable long taskId, @AuthenticationPrincipal AccountPrincipal me) {
        queue.releaseLease(slug, taskId, me);
        return ResponseEntity.noContent().build();
    }
}
