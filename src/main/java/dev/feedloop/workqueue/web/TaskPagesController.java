package dev.feedloop.workqueue.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.workqueue.WorkQueue;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Lease operations shared by the write and rank pages (signed in with the page session and CSRF,
 * unlike the token-authenticated REST API): heartbeats while the page is in use, and skip.
 */
@Controller
class TaskPagesController {

    private final WorkQueue queue;

    TaskPagesController(WorkQueue queue) {
        this.queue = queue;
    }

    /** Extends the lease; the page shows the new expiry. A lost lease answers 409. */
    @PostMapping(value = "/projects/{slug}/tasks/{taskId}/heartbeat", produces = "application/json")
    @ResponseBody
    Map<String, Object> heartbeat(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken) {
        Instant expiresAt = queue.heartbeat(taskId, me, leaseToken);
        return Map.of("taskId", taskId, "expiresAt", expiresAt.toString());
    }

    /**
     * Skips the task with a reason and opens the next one of the same kind. A refused skip (the
     * lease was lost) goes back to that page with the reason.
     */
    @PostMapping("/projects/{slug}/tasks/{taskId}/skip")
    @RefusalShows("/projects/{slug}/{next}")
    String skip(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken,
            @RequestParam String reason,
            @RequestParam(required = false) String note,
            @RequestParam(defaultValue = "write") String next,
            RedirectAttributes redirect) {
        queue.skip(taskId, me, leaseToken, reason, note);
        redirect.addFlashAttribute("flashMessage", "labeling.skipped");
        return "rank".equals(next) ? "redirect:/projects/{slug}/rank" : "redirect:/projects/{slug}/write";
    }
}
