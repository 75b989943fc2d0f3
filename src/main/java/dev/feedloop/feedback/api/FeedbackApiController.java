package dev.feedloop.feedback.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.BatchResult;
import dev.feedloop.feedback.FeedbackFilter;
import dev.feedloop.feedback.FeedbackIntake;
import dev.feedloop.feedback.FeedbackIntake.TaskOption;
import dev.feedloop.feedback.FeedbackPage;
import dev.feedloop.feedback.FeedbackSettings;
import dev.feedloop.feedback.FeedbackView;
import dev.feedloop.feedback.Feedbacks;
import dev.feedloop.feedback.Fixes;
import dev.feedloop.feedback.IntakeResult;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Feedback intake (a project intake token, or an administrator), the feedback received and the
 * project's intake options (administrators), and "not a real failure" on a fix task (its writer).
 */
@RestController
@RequestMapping("/api/v1/projects/{slug}")
class FeedbackApiController {

    private final FeedbackIntake intake;
    private final Feedbacks feedbacks;
    private final FeedbackSettings settings;
    private final Fixes fixes;

    FeedbackApiController(FeedbackIntake intake, Feedbacks feedbacks, FeedbackSettings settings, Fixes fixes) {
        this.intake = intake;
        this.feedbacks = feedbacks;
        this.settings = settings;
        this.fixes = fixes;
    }

    /** One feedback (JSON): 201 when stored now, 200 with the stored one for a known traceId. */
    @PostMapping("/feedback")
    ResponseEntity<IntakeResult> post(
            @PathVariable String slug,
            @RequestParam(required = false) String task,
            InputStream body,
            @AuthenticationPrincipal Object caller) {
        IntakeResult result = intake.receive(slug, caller, body, TaskOption.parse(task));
        return ResponseEntity.status(result.status().equals(IntakeResult.ACCEPTED) ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result);
    }

    /** JSON Lines ({@code application/x-ndjson}): one result per line. */
    @PostMapping("/feedback/batch")
    BatchResult batch(
            @PathVariable String slug,
            @RequestParam(required = false) String task,
            InputStream body,
            @AuthenticationPrincipal Object caller) {
        return intake.receiveBatch(slug, caller, body, TaskOption.parse(task));
    }

    @GetMapping("/feedback")
    FeedbackPage list(
            @PathVariable String slug,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String rating,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal AccountPrincipal me) {
        FeedbackFilter filter = FeedbackFilter.parse(state, rating, model, tag);
        return feedbacks.page(slug, filter, after, limit, me);
    }

    @GetMapping("/feedback/{traceId}")
    FeedbackView get(
            @PathVariable String slug, @PathVariable String traceId, @AuthenticationPrincipal AccountPrincipal me) {
        return feedbacks.get(slug, traceId, me);
    }

    @GetMapping("/feedback-settings")
    FeedbackSettings.Options settings(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return settings.get(slug, me);
    }

    /** {@code {"upThreshold": 4, "taskAlways": false}} */
    @PutMapping("/feedback-settings")
    FeedbackSettings.Options updateSettings(
            @PathVariable String slug,
            @RequestBody SettingsRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return settings.update(
                slug,
                new FeedbackSettings.Options(request.upThreshold(), Boolean.TRUE.equals(request.taskAlways())),
                me);
    }

    record SettingsRequest(BigDecimal upThreshold, Boolean taskAlways) {}

    /** {@code {"leaseToken": "…", "reason": "…"}} for a fix task the caller holds. */
    @PostMapping("/tasks/{taskId}/not-a-failure")
    FeedbackView.Dismissal notAFailure(
            @PathVariable String slug,
            @PathVariable long taskId,
            @RequestBody DismissRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return fixes.dismiss(slug, taskId, request.leaseToken(), request.reason(), me);
    }

    record DismissRequest(UUID leaseToken, String reason) {}
}
