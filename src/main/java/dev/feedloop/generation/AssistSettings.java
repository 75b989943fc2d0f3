package dev.feedloop.generation;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which endpoints a project's writers may use to draft and check their answers, the critique
 * prompt, and the judge prompt of the project's judge runs. Site admins change them; a project starts without model help. An endpoint deleted later
 * drops out of the projects that chose it.
 */
@Service
public class AssistSettings {

    /** What a critique looks for when the project has no prompt of its own. */
    public static final String DEFAULT_CRITIQUE_PROMPT = """
            You check an answer that a person wrote for a dataset of ideal assistant answers. Read the \
            project's guidelines, the conversation and the answer, and list only concrete problems:
            - factual: a claim that is wrong or doubtful (say what and why);
            - missing: a part of the last request that the answer does not address;
            - guideline: a place where the answer breaks the guidelines (name the rule);
            - format: markdown, structure, length or language problems.
            Name the exact place of each problem in one or two sentences. At most 8 problems, the most \
            important first. Do not rewrite the answer and do not praise it. When you find nothing, \
            return an empty list.""";

    private static final String OFF = "off";
    private static final String ALL = "all";
    private static final String CHOSEN = "chosen";

    private final JdbcClient jdbc;
    private final Projects projects;
    private final AuditLog audit;

    AssistSettings(JdbcClient jdbc, Projects projects, AuditLog audit) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.audit = audit;
    }

    private AuditEntry settingsChanged(ProjectSettings project, AccountPrincipal actor, String what) {
        return AuditEntry.of(AuditAction.PROJECT_SETTINGS_CHANGED)
                .by(actor.id(), actor.getUsername())
                .project(project.id())
                .target(what + ":" + project.slug());
    }

    @Transactional(readOnly = true)
    public AssistSettingsView view(String slug, AccountPrincipal actor) {
        ProjectSettings project = requireAdmin(slug, actor);
        Stored stored = stored(project.id());
        return new AssistSettingsView(
                project.id(),
                stored.mode(),
                stored.chosen(),
                stored.prompt() == null ? DEFAULT_CRITIQUE_PROMPT : stored.prompt(),
                stored.prompt() != null,
                judgePrompt(project.id()),
                ownJudgePrompt(project.id()).isPresent(),
                allEndpoints());
    }

    @Transactional
    public void update(String slug, AccountPrincipal actor, AssistSettingsForm form) {
        ProjectSettings project = requireAdmin(slug, actor);
        String mode = form.mode() == null ? OFF : form.mode();
        if (!Set.of(OFF, ALL, CHOSEN).contains(mode)) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "assist.settings.error.mode")
                    .field("mode");
        }
        Set<Long> chosen = new LinkedHashSet<>(form.endpointIds() == null ? List.of() : form.endpointIds());
        Set<Long> known =
                new HashSet<>(allEndpoints().stream().map(EndpointChoice::id).toList());
        if (!known.containsAll(chosen)) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "assist.settings.error.endpoint")
                    .field("endpointIds");
        }
        if (CHOSEN.equals(mode) && chosen.isEmpty()) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "assist.settings.error.noneChosen")
                    .field("endpointIds");
        }
        // a browser sends a textarea's lines ended by CR LF: the default sent back unchanged stays the default
        String prompt = form.critiquePrompt() == null
                ? ""
                : form.critiquePrompt().replace("\r\n", "\n").strip();
        if (prompt.length() > 20_000) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "assist.settings.error.promptLength")
                    .field("critiquePrompt");
        }
        boolean ownPrompt = !prompt.isEmpty() && !prompt.equals(DEFAULT_CRITIQUE_PROMPT.strip());
        jdbc.sql("""
                        INSERT INTO assist_settings (project_id, enabled, all_endpoints, critique_prompt, updated_by)
                        VALUES (:project, :enabled, :all, :prompt, :by)
                        ON CONFLICT (project_id) DO UPDATE SET enabled = excluded.enabled,
                            all_endpoints = excluded.all_endpoints, critique_prompt = excluded.critique_prompt,
                            updated_by = excluded.updated_by, updated_at = now()
                        """)
                .param("project", project.id())
                .param("enabled", !OFF.equals(mode))
                .param("all", ALL.equals(mode))
                .param("prompt", ownPrompt ? prompt : null)
                .param("by", actor.id())
                .update();
        jdbc.sql("DELETE FROM assist_endpoint WHERE project_id = ?")
                .param(project.id())
                .update();
        if (CHOSEN.equals(mode)) {
            for (long endpoint : chosen) {
                jdbc.sql("INSERT INTO assist_endpoint (project_id, endpoint_id) VALUES (?, ?)")
                        .params(project.id(), endpoint)
                        .update();
            }
        }
        audit.record(settingsChanged(project, actor, "assist-settings")
                .with("mode", mode)
                .with("endpointIds", CHOSEN.equals(mode) ? chosen.toString() : "")
                .with("ownCritiquePrompt", ownPrompt));
    }

    /**
     * The instructions of the project's judge runs: its own judge prompt, or the default ({@link
     * JudgeRuns#defaultPrompt()}). No permission check.
     */
    @Transactional(readOnly = true)
    public String judgePrompt(long projectId) {
        return ownJudgePrompt(projectId).orElse(Judging.DEFAULT_PROMPT);
    }

    /**
     * Sets the project's judge prompt (site admins); a blank prompt or the default one goes back to
     * the default. Leaves the other settings as they are.
     */
    @Transactional
    public void setJudgePrompt(String slug, AccountPrincipal actor, @Nullable String prompt) {
        ProjectSettings project = requireAdmin(slug, actor);
        String text = prompt == null ? "" : prompt.strip();
        if (text.length() > Judging.MAX_PROMPT) {
            throw GenerationRefusals.badJudgePrompt(Judging.MAX_PROMPT);
        }
        boolean own = !text.isEmpty() && !text.equals(Judging.DEFAULT_PROMPT.strip());
        jdbc.sql("""
                        INSERT INTO assist_settings (project_id, judge_prompt, updated_by) VALUES (:project, :prompt, :by)
                        ON CONFLICT (project_id) DO UPDATE SET judge_prompt = excluded.judge_prompt,
                            updated_by = excluded.updated_by, updated_at = now()
                        """)
                .param("project", project.id())
                .param("prompt", own ? text : null)
                .param("by", actor.id())
                .update();
        audit.record(settingsChanged(project, actor, "judge-prompt").with("ownJudgePrompt", own));
    }

    private Optional<String> ownJudgePrompt(long projectId) {
        return jdbc.sql("SELECT judge_prompt FROM assist_settings WHERE project_id = ? AND judge_prompt IS NOT NULL")
                .param(projectId)
                .query(String.class)
                .optional();
    }

    /**
     * Whether items the project's judges are unsure of get an extra human ranking (docs/quality.md,
     * "Routing to people"); off for a project without settings. No permission check.
     */
    @Transactional(readOnly = true)
    public boolean judgeRouting(long projectId) {
        return jdbc.sql("SELECT judge_routing FROM assist_settings WHERE project_id = ?")
                .param(projectId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Turns routing to people on or off (site admins); leaves the writers' model help as it is. */
    @Transactional
    public void setJudgeRouting(String slug, AccountPrincipal actor, boolean on) {
        ProjectSettings project = requireAdmin(slug, actor);
        jdbc.sql("""
                        INSERT INTO assist_settings (project_id, judge_routing, updated_by) VALUES (:project, :on, :by)
                        ON CONFLICT (project_id) DO UPDATE SET judge_routing = excluded.judge_routing,
                            updated_by = excluded.updated_by, updated_at = now()
                        """)
                .param("project", project.id())
                .param("on", on)
                .param("by", actor.id())
                .update();
        audit.record(settingsChanged(project, actor, "judge-routing").with("judgeRouting", on));
    }

    /** What the project's writers may ask models for (no permission check: callers check the writer). */
    @Transactional(readOnly = true)
    public WriterAssist forWriters(long projectId) {
        Stored stored = stored(projectId);
        List<EndpointChoice> endpoints = switch (stored.mode()) {
            case ALL -> allEndpoints();
            case CHOSEN ->
                allEndpoints().stream()
                        .filter(e -> stored.chosen().contains(e.id()))
                        .toList();
            default -> List.of();
        };
        return new WriterAssist(endpoints, stored.prompt() == null ? DEFAULT_CRITIQUE_PROMPT : stored.prompt());
    }

    private record Stored(String mode, Set<Long> chosen, String prompt) {}

    private Stored stored(long projectId) {
        record Row(boolean enabled, boolean allEndpoints, String critiquePrompt) {}
        Row row = jdbc.sql("SELECT enabled, all_endpoints, critique_prompt FROM assist_settings WHERE project_id = ?")
                .param(projectId)
                .query(Row.class)
                .optional()
                .orElse(new Row(false, false, null));
        Set<Long> chosen = new LinkedHashSet<>(
                jdbc.sql("SELECT endpoint_id FROM assist_endpoint WHERE project_id = ? ORDER BY endpoint_id")
                        .param(projectId)
                        .query(Long.class)
                        .list());
        String mode = !row.enabled() ? OFF : row.allEndpoints() ? ALL : CHOSEN;
        return new Stored(mode, chosen, row.critiquePrompt());
    }

    private List<EndpointChoice> allEndpoints() {
        return jdbc.sql("SELECT id, name, model FROM model_endpoint ORDER BY lower(name)")
                .query(EndpointChoice.class)
                .list();
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal actor) {
        ProjectSettings project = projects.requireVisible(slug, actor);
        if (!actor.admin()) {
            throw Refusal.of(HttpStatus.FORBIDDEN, "error.403.text");
        }
        return project;
    }
}
