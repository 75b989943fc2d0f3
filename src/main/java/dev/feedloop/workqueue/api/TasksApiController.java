package dev.feedloop.workqueue.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.Message;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Claiming tasks and working under a lease: next, heartbeat, release, skip, submit. */
@RestController
@RequestMapping("/api/v1")
class TasksApiController {

    private static final String UUID_PATTERN =
            "^\\s*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\s*$";

    private final WorkQueue queue;

    TasksApiController(WorkQueue queue) {
        this.queue = queue;
    }

    record ItemResponse(long id, String externalId, List<Message> messages) {}

    record CandidateResponse(
            String id,
            String content,
            @JsonInclude(JsonInclude.Include.NON_NULL) String model) {}

    record TaskResponse(
            long taskId,
            String kind,
            UUID leaseToken,
            Instant leaseExpiresAt,
            int guidelineVersion,
            ItemResponse item,
            List<CandidateResponse> candidates) {

        static TaskResponse of(ClaimedTask task) {
            return new TaskResponse(
                    task.taskId(),
                    task.kind().apiName(),
                    task.leaseToken(),
                    task.leaseExpiresAt(),
                    task.guidelineVersion(),
                    new ItemResponse(
                            task.item().id(),
                            task.item().externalId(),
                            task.item().messages()),
                    task.candidates().stream()
                            .map(c -> new CandidateResponse(c.id(), c.content(), c.model()))
                            .toList());
        }
    }

    record LeaseRequest(
            @NotBlank @Pattern(regexp = UUID_PATTERN, message = "not a lease token")
            String leaseToken) {
        UUID token() {
            return UUID.fromString(leaseToken.strip());
        }
    }

    record SkipRequest(
            @NotBlank @Pattern(regexp = UUID_PATTERN, message = "not a lease token")
            String leaseToken,

            @NotBlank String reason,
            String note) {}

    record HeartbeatResponse(long taskId, Instant leaseExpiresAt) {}

    /** A submit's answer. */
    sealed interface SubmitResponse {}

    record JudgmentResponse(long judgmentId) implements SubmitResponse {}

    /** A submit's answer with {@code next=true}: {@code next} is {@code null} when no task was handed out. */
    record JudgmentAndNextResponse(long judgmentId, TaskResponse next) implements SubmitResponse {}

    /** 200 with the task, or 204 when nothing is left for this person. */
    @PostMapping("/projects/{slug}/tasks/next")
    ResponseEntity<TaskResponse> next(
            @PathVariable String slug, @RequestParam String kind, @AuthenticationPrincipal AccountPrincipal me) {
        return queue.next(slug, TaskKind.fromApiName(kind), me)
                .map(task -> ResponseEntity.ok(TaskResponse.of(task)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/tasks/{taskId}/heartbeat")
    HeartbeatResponse heartbeat(
            @PathVariable long taskId,
            @Valid @RequestBody LeaseRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return new HeartbeatResponse(taskId, queue.heartbeat(taskId, me, request.token()));
    }

    @PostMapping("/tasks/{taskId}/release")
    ResponseEntity<Void> release(
            @PathVariable long taskId,
            @Valid @RequestBody LeaseRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        queue.release(taskId, me, request.token());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/tasks/{taskId}/skip")
    ResponseEntity<Void> skip(
            @PathVariable long taskId,
            @Valid @RequestBody SkipRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        queue.skip(taskId, me, UUID.fromString(request.leaseToken().strip()), request.reason(), request.note());
        return ResponseEntity.noContent().build();
    }

    /**
     * 201 with the new judgment's id; 200 with the same id when this lease was submitted before.
     * With {@code next=true} the answer also carries the next task of the same project and kind
     * (claimed after the judgment was stored), saving the client a request.
     */
    @PostMapping("/tasks/{taskId}/submit")
    ResponseEntity<SubmitResponse> submit(
            @PathVariable long taskId,
            @RequestParam(defaultValue = "false") boolean next,
            @RequestBody JsonNode body,
            @AuthenticationPrincipal AccountPrincipal me) {
        SubmittedJudgment judgment = queue.submit(taskId, me, SubmitRequest.read(body));
        SubmitResponse answer = next
                ? new JudgmentAndNextResponse(
                        judgment.judgmentId(),
                        queue.nextAfter(taskId, me).map(TaskResponse::of).orElse(null))
                : new JudgmentResponse(judgment.judgmentId());
        return ResponseEntity.status(judgment.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(answer);
    }
}
