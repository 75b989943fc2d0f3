package dev.feedloop.generation;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectSettings;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Use cases on judge runs; site admins only. A judge run is a generation run of kind {@code JUDGE}
 * with one endpoint and one unit per rank item and order (sample 1: the candidates' order, sample
 * 2: reversed), worked by the same job, under the same limits and retries ({@link RunWorker}); its
 * answers become {@link MachineJudgment}s instead of candidates.
 */
@Service
public class JudgeRuns {

    static final String KIND = "JUDGE";

    private final JdbcClient jdbc;
    private final GenerationRuns runs;
    private final AssistSettings settings;

    JudgeRuns(JdbcClient jdbc, GenerationRuns runs, AssistSettings settings) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.settings = settings;
    }

    /** The built-in judge instructions, for a project without a judge prompt of its own. */
    public static String defaultPrompt() {
        return Judging.DEFAULT_PROMPT;
    }

    /**
     * The instructions a judge run of the project uses when none are given: the project's judge
     * prompt ({@link AssistSettings#judgePrompt(long)}).
     */
    @Transactional(readOnly = true)
    public String projectPrompt(AccountPrincipal actor, String slug) {
        return settings.judgePrompt(runs.requireAdmin(actor, slug).id());
    }

    /**
     * Whether the project has a human ranking that places candidates, on an item with two candidates
     * or more: what a judge run of human-ranked items only would judge. The judge form starts with
     * "only items with human rankings" ticked when it has.
     */
    @Transactional(readOnly = true)
    public boolean hasHumanRankings(AccountPrincipal actor, String slug) {
        return jdbc.sql("""
                        SELECT EXISTS (
                            SELECT 1 FROM ranking r JOIN item i ON i.id = r.item_id
                            WHERE i.project_id = :project AND NOT r.none_acceptable AND jsonb_array_length(r.tiers) > 0
                              AND (SELECT count(*) FROM candidate c WHERE c.item_id = i.id) >= 2)
                        """)
                .param("project", runs.requireAdmin(actor, slug).id())
                .query(Boolean.class)
                .single();
    }

    private boolean anyJudgeable(long projectId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM item i WHERE i.project_id = :project
                                         AND (SELECT count(*) FROM candidate c WHERE c.item_id = i.id) >= 2)
                        """).param("project", projectId).query(Boolean.class).single();
    }

    /**
     * Starts a judge run over the project's items with at least two candidates (with {@code
     * humanRankedOnly}, only those with at least one human ranking that places candidates).
     */
    @Transactional
    public JudgeRunView start(AccountPrincipal actor, String slug, JudgeRunRequest request) {
        ProjectSettings project = runs.requireAdmin(actor, slug);
        String prompt = request.prompt() == null || request.prompt().isBlank()
                ? settings.judgePrompt(project.id())
                : request.prompt().strip();
        if (prompt.length() > Judging.MAX_PROMPT) {
            throw GenerationRefusals.badJudgePrompt(Judging.MAX_PROMPT);
        }
        if (request.endpointId() == null) {
            throw GenerationRefusals.noJudgeEndpoint();
        }
        long runId = jdbc.sql("""
                        INSERT INTO generation_run (project_id, kind, items, samples, judge_prompt, human_ranked_only,
                                                    created_by)
                        VALUES (:project, 'JUDGE', 'ALL', 2, :prompt, :humanOnly, :user)
                        RETURNING id
                        """)
                .param("project", project.id())
                .param("prompt", prompt)
                .param("humanOnly", request.humanRankedOnly())
                .param("user", actor.id())
                .query(Long.class)
                .single();
        int endpoints = jdbc.sql("""
                        INSERT INTO generation_run_endpoint (run_id, endpoint_id, name, model, prompt_price_per_1k,
                                                             completion_price_per_1k)
                        SELECT :run, e.id, e.name, e.model, e.prompt_price_per_1k, e.completion_price_per_1k
                        FROM model_endpoint e WHERE e.id = :endpoint
                        """)
                .param("run", runId)
                .param("endpoint", request.endpointId())
                .update();
        if (endpoints != 1) {
            throw GenerationRefusals.unknownJudgeEndpoint();
        }
        int units = jdbc.sql("""
                        INSERT INTO generation_unit (run_id, endpoint_id, item_id, sample)
                        SELECT :run, :endpoint, i.id, s.sample
                        FROM item i CROSS JOIN generate_series(1, 2) AS s(sample)
                        WHERE i.project_id = :project
                          AND (SELECT count(*) FROM candidate c WHERE c.item_id = i.id) >= 2
                          AND (NOT :humanOnly OR EXISTS (
                                SELECT 1 FROM ranking r
                                WHERE r.item_id = i.id AND NOT r.none_acceptable AND jsonb_array_length(r.tiers) > 0))
                        ORDER BY i.id, s.sample
                        """)
                .param("run", runId)
                .param("endpoint", request.endpointId())
                .param("project", project.id())
                .param("humanOnly", request.humanRankedOnly())
                .update();
        if (units == 0) {
            throw request.humanRankedOnly() && anyJudgeable(project.id())
                    ? GenerationRefusals.noHumanRankedJudgeItems()
                    : GenerationRefusals.noJudgeItems();
        }
        jdbc.sql("UPDATE generation_run SET units_total = :units WHERE id = :run")
                .param("units", units)
                .param("run", runId)
                .update();
        runs.scheduleWorkers(runId);
        return view(project.id(), runs.view(project.id(), runId, KIND), List.of());
    }

    @Transactional(readOnly = true)
    public List<JudgeRunView> list(AccountPrincipal actor, String slug) {
        long project = runs.requireAdmin(actor, slug).id();
        return runs.views(project, null, KIND).stream()
                .map(run -> view(project, run, List.of()))
                .toList();
    }

    /** One judge run with its failed units (the first 100). */
    @Transactional(readOnly = true)
    public JudgeRunView get(AccountPrincipal actor, String slug, long runId) {
        return get(actor, slug, runId, 100);
    }

    /** One judge run with its failed units, oldest first, at most {@code failures} of them. */
    @Transactional(readOnly = true)
    public JudgeRunView get(AccountPrincipal actor, String slug, long runId, int failures) {
        long project = runs.requireAdmin(actor, slug).id();
        return view(project, runs.view(project, runId, KIND), runs.failures(project, runId, KIND, failures));
    }

    @Transactional
    public JudgeRunView cancel(AccountPrincipal actor, String slug, long runId) {
        long project = runs.requireAdmin(actor, slug).id();
        return view(project, runs.cancel(actor, project, runId, KIND), List.of());
    }

    @Transactional
    public JudgeRunView retryFailed(AccountPrincipal actor, String slug, long runId) {
        long project = runs.requireAdmin(actor, slug).id();
        return view(project, runs.retryFailed(project, runId, KIND), List.of());
    }

    private JudgeRunView view(long projectId, RunView run, List<RunFailure> failures) {
        record Settings(@Nullable String prompt, boolean humanRankedOnly) {}
        Settings settings = jdbc.sql("""
                        SELECT judge_prompt, human_ranked_only FROM generation_run WHERE id = :run AND project_id = :project
                        """)
                .param("run", run.id())
                .param("project", projectId)
                .query((rs, n) -> new Settings(rs.getString(1), rs.getBoolean(2)))
                .single();
        return new JudgeRunView(
                run,
                settings.prompt() == null ? Judging.DEFAULT_PROMPT : settings.prompt(),
                settings.humanRankedOnly(),
                failures);
    }
}
