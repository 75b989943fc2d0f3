package dev.feedloop.workqueue;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.ItemWithCandidates;
import dev.feedloop.ingest.Items;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work queue's use cases: claiming the next task, heartbeats, release, skip and submit, and
 * the administrators' view of current leases.
 *
 * <p>Every rule that keeps the queue correct under concurrency lives in PostgreSQL, so any number
 * of servers may share one database: the claim is one statement ({@code FOR UPDATE SKIP LOCKED})
 * that also records the person's assignment to the item, whose primary key forbids a second one;
 * every other lease operation locks the task row first; a submit validates, stores the judgment and
 * completes the task in one transaction, and a repeat finds the stored judgment by its unique
 * (task, lease token).
 */
@Service
public class WorkQueue {

    private static final int MAX_ACTIVE_SECONDS = 7 * 24 * 3600;
    private static final int MAX_SKIP_NOTE = 2000;
    private static final int MAX_LEASES_LISTED = 1000;

    private final TaskStore store;
    private final Projects projects;
    private final Items items;
    private final Users users;
    private final Map<TaskKind, JudgmentRecorder> recorders = new EnumMap<>(TaskKind.class);
    private final ApplicationEventPublisher events;
    private final QueueMetrics metrics;

    WorkQueue(
            TaskStore store,
            Projects projects,
            Items items,
            Users users,
            List<JudgmentRecorder> recorders,
            ApplicationEventPublisher events,
            QueueMetrics metrics) {
        this.events = events;
        this.metrics = metrics;
        this.store = store;
        this.projects = projects;
        this.items = items;
        this.users = users;
        for (JudgmentRecorder recorder : recorders) {
            if (this.recorders.put(recorder.kind(), recorder) != null) {
                throw new IllegalStateException("Two judgment recorders for " + recorder.kind());
            }
        }
    }

    /**
     * The task {@code me} should work on next in this project and kind: their own lease first (the
     * same task on a refresh or in a second tab, renewed), else a new lease on the highest-priority,
     * oldest claimable task of an item they have not taken, judged or skipped in this kind. Empty
     * when nothing is left for them.
     */
    @Transactional
    public Optional<ClaimedTask> next(String slug, TaskKind kind, AccountPrincipal me) {
        Projects.SettingsAndGuidelines access = projects.requireRoleWithGuidelines(slug, me, kind.role());
        return claim(access.settings(), kind, me, access.guidelineVersion());
    }

    /**
     * What a task page opens with: the project, its current guidelines and the task {@link #next}
     * hands {@code me}, authorised once and with the guidelines read once.
     */
    @Transactional
    public NextTask open(String slug, TaskKind kind, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, kind.role());
        GuidelineView guidelines = projects.currentGuidelines(project.id());
        return new NextTask(project, guidelines, claim(project, kind, me, guidelines.version()));
    }

    private Optional<ClaimedTask> claim(
            ProjectSettings project, TaskKind kind, AccountPrincipal me, int guidelineVersion) {
        Timer.Sample sample = metrics.start();
        String outcome = "refused";
        try {
            Optional<ClaimedTask> claimed = lease(project, kind, me, guidelineVersion);
            outcome = claimed.isPresent() ? "leased" : "empty";
            return claimed;
        } finally {
            metrics.claimed(sample, kind, outcome);
        }
    }

    private Optional<ClaimedTask> lease(
            ProjectSettings project, TaskKind kind, AccountPrincipal me, int guidelineVersion) {
        if (!project.handsOutWork()) {
            throw WorkQueueRefusals.projectNotActive(project.slug());
        }
        int seconds = leaseSeconds(project);
        boolean goldOn = kind == TaskKind.RANK && project.gold().on();
        TaskStore.PersonInProject person = store.lockPerson(me.id(), project.id(), goldOn);
        Optional<TaskStore.NewLease> leased =
                store.renewOwnLease(project.id(), kind, me.id(), seconds, guidelineVersion);
        if (leased.isEmpty() && person.paused()) {
            throw WorkQueueRefusals.paused(project.slug());
        }
        if (leased.isEmpty() && person.hasGold()) {
            leased = claimCountingGold(project, me, seconds, guidelineVersion);
        } else if (leased.isEmpty()) {
            leased = store.claim(project.id(), kind, me.id(), UUID.randomUUID(), seconds, guidelineVersion);
        }
        if (leased.isEmpty()) {
            return Optional.empty();
        }
        TaskStore.NewLease lease = leased.get();
        if (lease.assigned() != 1) {
            // Cannot happen while claims of one person are serialised; the transaction rolls back.
            throw new IllegalStateException("Task " + lease.taskId() + " would be a second assignment of user "
                    + me.id() + " to item " + lease.itemId());
        }
        ItemWithCandidates item = items.withCandidates(lease.itemId());
        List<ShownCandidate> candidates = shown(kind, project, item.candidates(), lease.candidateOrder());
        return Optional.of(new ClaimedTask(
                lease.taskId(), kind, lease.token(), lease.expiresAt(), guidelineVersion, item.item(), candidates));
    }

    /**
     * A new rank lease in a project with gold items: every {@code rate}-th rank task the person is
     * handed is a gold task while they have gold items they have not judged, else an ordinary one.
     */
    private Optional<TaskStore.NewLease> claimCountingGold(
            ProjectSettings project, AccountPrincipal me, int seconds, int guidelineVersion) {
        long handedOut = store.goldPace(project.id(), me.id());
        Optional<TaskStore.NewLease> leased = Optional.empty();
        if ((handedOut + 1) % project.gold().rate() == 0) {
            leased = store.claimGold(project.id(), me.id(), UUID.randomUUID(), seconds, guidelineVersion);
        }
        if (leased.isEmpty()) {
            leased = store.claim(project.id(), TaskKind.RANK, me.id(), UUID.randomUUID(), seconds, guidelineVersion);
        }
        if (leased.isPresent()) {
            store.countHandedOut(project.id(), me.id());
        }
        return leased;
    }

    /**
     * After a submit of {@code taskId}: the next task of the same project and kind for {@code me},
     * as {@link #next} hands it, in a transaction of its own (the submitted judgment is stored
     * whatever happens here). Empty when nothing is left for them, and also when they may no
     * longer claim there (the project stopped handing out work, or the role is gone): {@link #next}
     * says which.
     */
    @Transactional
    public Optional<ClaimedTask> nextAfter(long taskId, AccountPrincipal me) {
        TaskRow task = store.findTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        ProjectSettings project = projects.get(task.projectId(), task.projectRevision());
        ProjectRole role = task.kind().role();
        if (!project.handsOutWork()
                || !(me.admin() || projects.rolesOf(project.id(), me).contains(role))) {
            return Optional.empty();
        }
        Projects.SettingsAndGuidelines access = projects.requireRoleWithGuidelines(project.slug(), me, role);
        try {
            return claim(access.settings(), task.kind(), me, access.guidelineVersion());
        } catch (Refusal refusal) {
            if (WorkQueueRefusals.isPaused(refusal)) {
                return Optional.empty();
            }
            throw refusal;
        }
    }

    /** Extends the lease {@code token} on a task by the project's lease length; returns its new end. */
    @Transactional
    public Instant heartbeat(long taskId, AccountPrincipal me, UUID token) {
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        LeaseCheck check = check(task, me, token);
        if (check != LeaseCheck.HOLDS_LEASE) {
            throw refusal(check, task, me);
        }
        int seconds = leaseSeconds(projects.get(task.projectId(), task.projectRevision()));
        return store.heartbeat(taskId, me.id(), token, seconds).orElseThrow(() -> WorkQueueRefusals.leaseLost(taskId));
    }

    /**
     * Gives a task back: it is OPEN for anyone at once, and {@code me} may get the item again later.
     * Releasing twice is harmless.
     */
    @Transactional
    public void release(long taskId, AccountPrincipal me, UUID token) {
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        AssignmentRow assignment = assignment(task, me);
        LeaseCheck check = LeaseCheck.of(task, assignment, token);
        switch (check) {
            case HOLDS_LEASE -> {
                store.reopen(taskId, token);
                store.markAssignment(assignment, AssignmentState.RELEASED);
            }
            case TASK_FREE, LEASE_LOST -> {
                if (assignment.state() == AssignmentState.LEASED) {
                    store.markAssignment(assignment, AssignmentState.RELEASED);
                }
            }
            default -> throw refusal(check, task, me);
        }
    }

    /**
     * Skips a task with a reason: it is OPEN for others at once, and {@code me} never gets this item
     * again in this kind. Skipping twice is harmless.
     *
     * @param reasonCode one of {@link SkipReason}'s codes
     * @param note free text, stored with LF line breaks; required for {@link SkipReason#OTHER}
     */
    @Transactional
    public void skip(long taskId, AccountPrincipal me, UUID token, String reasonCode, String note) {
        SkipReason reason = SkipReason.fromCode(reasonCode);
        if (reason == null) {
            throw WorkQueueRefusals.invalidRequest("reason", "must be one of " + skipCodes());
        }
        String text = note == null || note.isBlank() ? null : LineBreaks.normalize(note.strip());
        if (reason == SkipReason.OTHER && text == null) {
            throw WorkQueueRefusals.invalidRequest("note", "say why when the reason is other");
        }
        if (text != null && text.length() > MAX_SKIP_NOTE) {
            throw WorkQueueRefusals.invalidRequest("note", "must be at most " + MAX_SKIP_NOTE + " characters");
        }
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        AssignmentRow assignment = assignment(task, me);
        LeaseCheck check = LeaseCheck.of(task, assignment, token);
        switch (check) {
            case HOLDS_LEASE, TASK_FREE, LEASE_LOST -> {
                if (check == LeaseCheck.HOLDS_LEASE) {
                    store.reopen(taskId, token);
                }
                store.recordSkip(task, me.id(), reason, text);
                store.markAssignment(assignment, AssignmentState.SKIPPED);
            }
            case SKIPPED -> {
                // already skipped under this lease
            }
            default -> throw refusal(check, task, me);
        }
    }

    /**
     * Stores the judgment {@code submission} (made under its lease token) and completes the task, in
     * one transaction. A repeat of a stored submit
     * with the same content answers the same judgment and stores nothing; one with different content
     * (a second tab or device on the same lease) is refused with a conflict. A submit after the lease was lost to someone
     * else is stored as a late, extra judgment and leaves the task alone.
     */
    @Transactional
    public SubmittedJudgment submit(long taskId, AccountPrincipal me, Submission submission) {
        Timer.Sample sample = metrics.start();
        String outcome = "refused";
        try {
            SubmittedJudgment judgment = store(taskId, me, submission);
            outcome = judgment.created() ? "stored" : "repeat";
            return judgment;
        } finally {
            metrics.submitted(sample, outcome);
        }
    }

    private SubmittedJudgment store(long taskId, AccountPrincipal me, Submission submission) {
        UUID token = submission.leaseToken();
        Integer activeSeconds = activeSeconds(submission.activeSeconds());
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        AssignmentRow assignment = assignment(task, me);
        LeaseCheck check = LeaseCheck.of(task, assignment, token);
        JudgmentRecorder recorder = recorder(task.kind());
        switch (check) {
            case JUDGED -> {
                long id = recorder.findByLease(taskId, token)
                        .orElseThrow(() -> WorkQueueRefusals.alreadySubmitted(taskId));
                boolean late = task.state() != TaskState.DONE || !token.equals(task.leaseToken());
                if (!recorder.sameAs(id, judgment(task, assignment, me, token, late, activeSeconds, submission))) {
                    throw WorkQueueRefusals.submitConflict(taskId, id);
                }
                return new SubmittedJudgment(id, false, late);
            }
            case HOLDS_LEASE, TASK_FREE, LEASE_LOST -> {
                boolean late = check == LeaseCheck.LEASE_LOST;
                long id = recorder.record(judgment(task, assignment, me, token, late, activeSeconds, submission));
                if (!late) {
                    store.markDone(taskId, me.id(), token, assignment.leasedAt());
                }
                store.markAssignment(assignment, AssignmentState.JUDGED);
                metrics.judgmentStored(task.kind(), late);
                if (!late && !task.gold() && store.itemComplete(task.itemId())) {
                    events.publishEvent(new ItemCompleted(task.projectId(), task.itemId(), taskId));
                }
                if (task.gold()) {
                    events.publishEvent(new GoldJudgmentSubmitted(task.projectId(), task.itemId(), me.id(), id));
                } else if (!late && task.kind() == TaskKind.RANK) {
                    events.publishEvent(
                            new RankTaskCompleted(task.projectId(), task.itemId(), taskId, id, task.projectRevision()));
                }
                return new SubmittedJudgment(id, true, late);
            }
            default -> throw refusal(check, task, me);
        }
    }

    private JudgmentToRecord judgment(
            TaskRow task,
            AssignmentRow assignment,
            AccountPrincipal me,
            UUID token,
            boolean late,
            Integer activeSeconds,
            Submission submission) {
        ProjectSettings project = projects.get(task.projectId(), task.projectRevision());
        return new JudgmentToRecord(
                task.id(),
                task.itemId(),
                project,
                me.id(),
                token,
                late,
                task.kind() == TaskKind.RANK ? task.candidateOrder() : null,
                names(task, project),
                assignment.guidelineVersion(),
                assignment.leasedAt(),
                activeSeconds,
                submission);
    }

    /**
     * Completes a task {@code me} holds without a judgment, for a reason the caller stores (a fix
     * task whose feedback was not a real failure): the task is DONE and the person's assignment
     * JUDGED, so nobody is given the item again. Whether this call closed it: {@code false} when it
     * was closed or judged under this lease before. A lost lease and the other cases a submit
     * refuses are refused the same way.
     */
    @Transactional
    public boolean closeWithoutJudgment(long taskId, AccountPrincipal me, UUID token) {
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        AssignmentRow assignment = assignment(task, me);
        LeaseCheck check = LeaseCheck.of(task, assignment, token);
        return switch (check) {
            case HOLDS_LEASE -> {
                store.markDone(taskId, me.id(), token, assignment.leasedAt());
                store.markAssignment(assignment, AssignmentState.JUDGED);
                yield true;
            }
            case JUDGED -> false;
            default -> throw refusal(check, task, me);
        };
    }

    /** Who holds which lease in a project, oldest first (administrators only). */
    @Transactional(readOnly = true)
    public List<LeaseView> leases(String slug, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        Map<Long, UserView> people = new HashMap<>();
        Map<Long, String> externalIds = new HashMap<>();
        List<LeaseView> result = new ArrayList<>();
        for (TaskStore.LeaseRow row : store.leases(project.id(), MAX_LEASES_LISTED)) {
            TaskRow task = row.task();
            UserView holder = people.computeIfAbsent(task.assigneeId(), users::get);
            String externalId = externalIds.computeIfAbsent(
                    task.itemId(), id -> items.get(id).externalId());
            result.add(new LeaseView(
                    task.id(),
                    task.kind(),
                    task.itemId(),
                    externalId,
                    holder.id(),
                    holder.username(),
                    holder.displayName(),
                    task.leasedAt(),
                    task.leaseExpiresAt(),
                    row.expired()));
        }
        return result;
    }

    /**
     * Ends whoever's lease on a task (administrators only): the task is OPEN at once; the holder may
     * get the item again, and what they submit under the old lease is still kept.
     */
    @Transactional
    public void releaseLease(String slug, long taskId, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        TaskRow task = store.lockTask(taskId)
                .filter(t -> t.projectId() == project.id() && t.state() == TaskState.LEASED)
                .orElseThrow(() -> WorkQueueRefusals.noLease(taskId));
        store.reopen(taskId, task.leaseToken());
        store.lockAssignment(task.itemId(), task.kind(), task.assigneeId())
                .filter(a ->
                        a.state() == AssignmentState.LEASED && task.leaseToken().equals(a.leaseToken()))
                .ifPresent(a -> store.markAssignment(a, AssignmentState.RELEASED));
    }

    /**
     * The task behind a lease {@code me} holds or held and has neither submitted nor skipped (for
     * drafts, which are kept even after the lease was lost). Refused like a submit otherwise.
     */
    @Transactional
    public HeldLease requireLeaseHolder(long taskId, AccountPrincipal me, UUID token) {
        TaskRow task = store.findTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        requireRole(task, me);
        LeaseCheck check = check(task, me, token);
        return switch (check) {
            case HOLDS_LEASE, TASK_FREE, LEASE_LOST ->
                new HeldLease(task.id(), task.projectId(), task.itemId(), task.kind(), check == LeaseCheck.LEASE_LOST);
            default -> throw refusal(check, task, me);
        };
    }

    /**
     * The candidates of a task as {@code me} was shown them (the names a submit, a draft or a diff
     * request uses), for a lease {@code me} holds or held and has neither submitted nor skipped.
     * Refused like {@link #requireLeaseHolder}.
     */
    @Transactional
    public List<ShownCandidate> shownCandidates(long taskId, AccountPrincipal me, UUID token) {
        HeldLease leased = requireLeaseHolder(taskId, me, token);
        TaskRow task = store.findTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        return shown(
                leased.kind(),
                projects.get(leased.projectId()),
                items.candidates(leased.itemId()),
                task.candidateOrder());
    }

    /**
     * Puts a finished task back in the queue because its judgment was rejected in review: the task
     * is OPEN again for anyone who has not taken, judged or skipped its item, so never for the author
     * of the rejected judgment. Returns {@code false} (and changes nothing) unless the task is a DONE
     * task of this kind.
     */
    @Transactional
    public boolean reopenForAnotherJudgment(long taskId, TaskKind kind) {
        TaskRow task = store.lockTask(taskId).orElseThrow(() -> WorkQueueRefusals.taskNotFound(taskId));
        if (task.kind() != kind || task.state() != TaskState.DONE) {
            return false;
        }
        return store.reopenDone(taskId);
    }

    /**
     * Refuses a task of another project than the one named (page URLs name both). Answers 404, as
     * for a task that does not exist.
     */
    @Transactional(readOnly = true)
    public void requireInProject(String slug, long taskId) {
        if (!store.inProject(taskId, slug)) {
            throw WorkQueueRefusals.taskNotFound(taskId);
        }
    }

    /**
     * Every lease operation needs the task kind's project role as it is now (administrators hold
     * every role), so a member who was removed, or lost the role, can do nothing more under a lease
     * they held: 403 for someone who had the task or still sees the project, 404 for anyone else.
     */
    private void requireRole(TaskRow task, AccountPrincipal me) {
        if (me.admin()
                || projects.rolesOf(task.projectId(), me).contains(task.kind().role())) {
            return;
        }
        boolean known = assignment(task, me) != null || visible(task, me);
        throw known ? WorkQueueRefusals.roleMissing(task.id()) : notFound(task);
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw WorkQueueRefusals.adminOnly();
        }
        return project;
    }

    private LeaseCheck check(TaskRow task, AccountPrincipal me, UUID token) {
        return LeaseCheck.of(task, assignment(task, me), token);
    }

    private AssignmentRow assignment(TaskRow task, AccountPrincipal me) {
        return store.lockAssignment(task.itemId(), task.kind(), me.id()).orElse(null);
    }

    private Refusal refusal(LeaseCheck check, TaskRow task, AccountPrincipal me) {
        return switch (check) {
            case NOT_THEIRS -> visible(task, me) ? WorkQueueRefusals.notYourTask(task.id()) : notFound(task);
            case WRONG_TOKEN -> WorkQueueRefusals.wrongToken(task.id());
            case JUDGED -> WorkQueueRefusals.alreadySubmitted(task.id());
            case SKIPPED -> WorkQueueRefusals.alreadySkipped(task.id());
            case TASK_FREE, LEASE_LOST -> WorkQueueRefusals.leaseLost(task.id());
            case HOLDS_LEASE -> throw new IllegalArgumentException("not a refusal");
        };
    }

    private boolean visible(TaskRow task, AccountPrincipal me) {
        try {
            projects.requireVisible(projects.get(task.projectId()).slug(), me);
            return true;
        } catch (Refusal e) {
            return false;
        }
    }

    private static Refusal notFound(TaskRow task) {
        return WorkQueueRefusals.taskNotFound(task.id());
    }

    private JudgmentRecorder recorder(TaskKind kind) {
        JudgmentRecorder recorder = recorders.get(kind);
        if (recorder == null) {
            throw new IllegalStateException("No judgment recorder for " + kind + " tasks");
        }
        return recorder;
    }

    /**
     * The item's candidates as the task shows them: rank tasks in the task's fixed order, write tasks
     * in import order. When the project hides model names, candidates are named by their position
     * ({@code A}, {@code B}, …) instead of their import ids, which may give the models away.
     */
    private List<ShownCandidate> shown(
            TaskKind kind, ProjectSettings project, List<CandidateView> candidates, List<String> order) {
        List<CandidateView> inOrder = candidates;
        if (kind == TaskKind.RANK && order != null) {
            Map<String, CandidateView> byId =
                    candidates.stream().collect(Collectors.toMap(CandidateView::externalId, c -> c, (a, b) -> a));
            inOrder = order.stream()
                    .map(byId::get)
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }
        boolean hide = project.hideModelNames();
        List<ShownCandidate> shown = new ArrayList<>(inOrder.size());
        for (int i = 0; i < inOrder.size(); i++) {
            CandidateView c = inOrder.get(i);
            shown.add(new ShownCandidate(
                    hide ? ShownCandidate.label(i) : c.externalId(),
                    c.content(),
                    hide ? null : c.model(),
                    c.externalId()));
        }
        return List.copyOf(shown);
    }

    /**
     * The names a submit uses for the task's candidates, each mapped to its import id. A rank task
     * stores the import ids in the order shown, so its names need no read of the candidates.
     */
    private Map<String, String> names(TaskRow task, ProjectSettings project) {
        List<String> order = task.candidateOrder();
        if (task.kind() != TaskKind.RANK || order == null) {
            return names(shown(task.kind(), project, items.candidates(task.itemId()), order));
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            names.putIfAbsent(project.hideModelNames() ? ShownCandidate.label(i) : order.get(i), order.get(i));
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    private static Map<String, String> names(List<ShownCandidate> shown) {
        Map<String, String> names = new LinkedHashMap<>();
        shown.forEach(c -> names.putIfAbsent(c.id(), c.importId()));
        return java.util.Collections.unmodifiableMap(names);
    }

    private static int leaseSeconds(ProjectSettings project) {
        return Math.max(1, project.leaseMinutes()) * 60;
    }

    private static Integer activeSeconds(Integer seconds) {
        if (seconds != null && (seconds < 0 || seconds > MAX_ACTIVE_SECONDS)) {
            throw WorkQueueRefusals.invalidRequest("activeSeconds", "must be between 0 and " + MAX_ACTIVE_SECONDS);
        }
        return seconds;
    }

    private static String skipCodes() {
        return java.util.Arrays.stream(SkipReason.values())
                .map(SkipReason::code)
                .collect(Collectors.joining(", "));
    }
}
