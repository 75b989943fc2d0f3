package dev.feedloop.labeling.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.labeling.DraftView;
import dev.feedloop.labeling.Drafts;
import dev.feedloop.labeling.FixTasks;
import dev.feedloop.labeling.InputCounts;
import dev.feedloop.labeling.ModelHelp;
import dev.feedloop.labeling.WriteTaskView;
import dev.feedloop.labeling.WriteTasks;
import dev.feedloop.labeling.WritingHelp;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.RefusedInput;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.Projects;
import dev.feedloop.rendering.MarkdownRenderer;
import dev.feedloop.rendering.WordDiff;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.ShownCandidate;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.WorkQueue;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The write page: the labeler's current write task (their own lease first, else the next one),
 * drafts saved as they type, the live preview, and the submit that opens the next task at once.
 */
@Controller
class WriteController {

    /** Answers shorter than this ask for a confirmation before they are submitted. */
    static final int SHORT_ANSWER = 40;

    private final WorkQueue queue;
    private final Drafts drafts;
    private final WriteTasks writeTasks;
    private final Projects projects;
    private final MarkdownRenderer markdown;
    private final MessageSource messages;
    private final WritingHelp help;
    private final FixTasks fixTasks;
    private final WordDiff wordDiff;

    WriteController(
            WorkQueue queue,
            Drafts drafts,
            WriteTasks writeTasks,
            Projects projects,
            MarkdownRenderer markdown,
            MessageSource messages,
            WritingHelp help,
            FixTasks fixTasks,
            WordDiff wordDiff) {
        this.help = help;
        this.fixTasks = fixTasks;
        this.wordDiff = wordDiff;
        this.queue = queue;
        this.drafts = drafts;
        this.writeTasks = writeTasks;
        this.projects = projects;
        this.markdown = markdown;
        this.messages = messages;
    }

    @GetMapping("/projects/{slug}/write")
    String write(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        WriteTaskView page = writeTasks.open(slug, me, startOfToday());
        model.addAttribute("project", page.project());
        model.addAttribute("today", page.today());
        if (page.task().isEmpty()) {
            return "labeling/write-empty";
        }
        ClaimedTask task = page.task().get();
        List<WritePage.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < task.candidates().size(); i++) {
            ShownCandidate c = task.candidates().get(i);
            candidates.add(new WritePage.Candidate(
                    WritePage.letter(i), c.id(), c.model(), markdown.render(c.content()), c.content()));
        }
        WritePage.Draft draft = page.draft().map(d -> draft(d, candidates)).orElse(WritePage.Draft.NONE);
        GuidelineView guidelines = page.guidelines();
        model.addAttribute(
                "turns",
                task.item().messages().stream()
                        .map(m -> new WritePage.Turn(m.role(), markdown.render(m.content())))
                        .toList());
        model.addAttribute("candidates", candidates);
        model.addAttribute(
                "guidelines", new WritePage.Guidelines(guidelines.version(), markdown.render(guidelines.content())));
        model.addAttribute("lease", new WritePage.Lease(task.taskId(), task.leaseToken(), task.leaseExpiresAt()));
        model.addAttribute("draft", draft);
        model.addAttribute("previewHtml", markdown.render(draft.content()));
        model.addAttribute("minLength", SHORT_ANSWER);
        model.addAttribute("skipReasons", WritePage.skipReasons());
        ModelHelp soFar = help.ofLease(task.taskId(), task.leaseToken());
        model.addAttribute("helpEndpoints", help.endpoints(page.project().id()));
        model.addAttribute(
                "modelDraft",
                draft.basedOnCandidateId() == null ? soFar.startedFrom().orElse(null) : null);
        model.addAttribute("critique", soFar.critique().orElse(null));
        model.addAttribute(
                "critiqueHtml",
                soFar.critique()
                        .filter(c -> !c.listed())
                        .map(c -> markdown.render(c.text()))
                        .orElse(null));
        model.addAttribute(
                "fix",
                fixTasks.of(task.item().id(), task.candidates())
                        .map(fix -> fix(fix, candidates, draft))
                        .orElse(null));
        model.addAttribute("dismissReason", RefusedInput.kept(model, "reason"));
        return "labeling/write";
    }

    /**
     * Stores the answer and opens the next task. When the submit is refused, the text is kept as the
     * draft and the page comes back with it and the reason; when it cannot be kept as the draft
     * either (the task was submitted from another tab or device), the text is shown on its own to
     * copy, with the reason.
     */
    @PostMapping("/projects/{slug}/write/{taskId}")
    String submit(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            WriteForm form,
            RedirectAttributes redirect,
            Model model,
            HttpServletResponse response) {
        try {
            SubmittedJudgment judgment = queue.submit(taskId, me, form.submission());
            redirect.addFlashAttribute(
                    "flashMessage", judgment.late() ? "labeling.write.submittedLate" : "labeling.write.submitted");
        } catch (Refusal e) {
            // Not the page advice: the refused answer must first be saved as the draft (keptAsDraft),
            // or, when it cannot be, shown on its own to copy. 403 and 404 go to the status pages.
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                    || e.getStatusCode().value() == HttpStatus.FORBIDDEN.value()) {
                throw e;
            }
            if (!keptAsDraft(taskId, me, form)) {
                response.setStatus(e.getStatusCode().value());
                return keptText(slug, me, e.messageCode(), form.content(), model);
            }
            redirect.addFlashAttribute("flashError", e.messageCode());
        }
        return "redirect:/projects/{slug}/write";
    }

    /** Saves the draft (called by the page every few seconds while the text changes, and on blur). */
    @PostMapping(value = "/projects/{slug}/write/{taskId}/draft", produces = "application/json")
    @ResponseBody
    Map<String, Object> saveDraft(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken,
            @RequestParam(defaultValue = "") String content,
            @RequestParam(required = false) String basedOnCandidateId,
            @RequestParam(defaultValue = "0") long version,
            @RequestParam(required = false) Integer pastedChars,
            @RequestParam(required = false) Integer typedChars) {
        return draftJson(drafts.save(
                taskId,
                me,
                leaseToken,
                content,
                blankToNull(basedOnCandidateId),
                version,
                new InputCounts(pastedChars, typedChars)));
    }

    /** The saved draft, for a page that was told another tab or device saved a newer one. */
    @GetMapping(value = "/projects/{slug}/write/{taskId}/draft", produces = "application/json")
    @ResponseBody
    Map<String, Object> draft(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken) {
        return drafts.get(taskId, me, leaseToken)
                .map(WriteController::draftJson)
                .orElseGet(() -> Map.of("taskId", taskId, "content", "", "version", Drafts.NO_DRAFT));
    }

    /**
     * A draft save over a newer draft (another tab or device) answers 409 with the problem, whose
     * {@code code} tells the page's script what happened. Other refusals go on to the status pages.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> draftRefused(Refusal e) {
        if (!"draft-conflict".equals(e.property("code"))) {
            throw e;
        }
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(e.updateAndGetBody(messages, Refusal.DETAIL_LOCALE));
    }

    /** The editor's live preview: the text rendered by the same safe renderer as everything else. */
    @PostMapping("/projects/{slug}/write/preview")
    String preview(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(defaultValue = "") String content,
            Model model) {
        projects.requireRole(slug, me, ProjectRole.LABELER);
        model.addAttribute("previewHtml", markdown.render(content));
        return "labeling/write :: preview";
    }

    private boolean keptAsDraft(long taskId, AccountPrincipal me, WriteForm form) {
        try {
            drafts.save(
                    taskId,
                    me,
                    UUID.fromString(form.leaseToken()),
                    form.content(),
                    blankToNull(form.basedOnCandidateId()),
                    form.draftVersion() == null ? Drafts.NO_DRAFT : form.draftVersion(),
                    form.input());
            return true;
        } catch (ErrorResponseException | IllegalArgumentException notSaved) {
            return false;
        }
    }

    private String keptText(String slug, AccountPrincipal me, String messageCode, String content, Model model) {
        model.addAttribute("project", projects.requireRole(slug, me, ProjectRole.LABELER));
        model.addAttribute("reason", messageCode);
        model.addAttribute("keptText", content == null ? "" : content);
        return "labeling/write-kept";
    }

    private static Map<String, Object> draftJson(DraftView draft) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("taskId", draft.taskId());
        json.put("content", draft.content());
        json.put("basedOnCandidateId", draft.basedOnCandidateId());
        json.put("version", draft.version());
        json.put("updatedAt", draft.updatedAt().toString());
        json.put("pastedChars", draft.input().pastedChars());
        json.put("typedChars", draft.input().typedChars());
        return json;
    }

    private static WritePage.Draft draft(DraftView saved, List<WritePage.Candidate> candidates) {
        String letter = candidates.stream()
                .filter(c -> c.id().equals(saved.basedOnCandidateId()))
                .map(WritePage.Candidate::letter)
                .findFirst()
                .orElse(null);
        return new WritePage.Draft(
                saved.content(),
                saved.basedOnCandidateId(),
                letter,
                saved.version(),
                saved.updatedAt(),
                zeroIfNull(saved.input().pastedChars()),
                zeroIfNull(saved.input().typedChars()));
    }

    private WritePage.Fix fix(FixTasks.FixOfTask fix, List<WritePage.Candidate> candidates, WritePage.Draft draft) {
        WritePage.Candidate reply = candidates.stream()
                .filter(c -> c.id().equals(fix.badReply().id()))
                .findFirst()
                .orElseThrow();
        return new WritePage.Fix(
                fix.fix().rating() instanceof String thumb ? thumb : null,
                fix.fix().rating() instanceof java.math.BigDecimal score ? score : null,
                fix.fix().comment(),
                fix.fix().tags(),
                reply,
                wordDiff.diff(reply.content(), draft.content()));
    }

    private static int zeroIfNull(Integer count) {
        return count == null ? 0 : count;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static java.time.Instant startOfToday() {
        return LocalDate.now().atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
}
