package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.math.BigDecimal;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's intake options: the score from which feedback counts as good ({@code upThreshold},
 * 1 to 5, default 4) and whether good feedback becomes a fix task too ({@code taskAlways}).
 */
@Service
public class FeedbackSettings {

    /** The threshold without a setting. */
    public static final BigDecimal DEFAULT_THRESHOLD = BigDecimal.valueOf(4);

    private final JdbcClient jdbc;
    private final Projects projects;
    private final AuditLog audit;

    FeedbackSettings(JdbcClient jdbc, Projects projects, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.projects = projects;
    }

    /** The options of one project. */
    public record Options(BigDecimal upThreshold, boolean taskAlways) {}

    @Transactional(readOnly = true)
    public Options of(long projectId) {
        return jdbc.sql("SELECT up_threshold, task_always FROM feedback_settings WHERE project_id = ?")
                .param(projectId)
                .query((rs, n) -> new Options(
                        rs.getBigDecimal("up_threshold").stripTrailingZeros(), rs.getBoolean("task_always")))
                .optional()
                .orElse(new Options(DEFAULT_THRESHOLD, false));
    }

    /** The options of project {@code slug} (administrators only). */
    @Transactional(readOnly = true)
    public Options get(String slug, AccountPrincipal me) {
        return of(requireAdmin(slug, me).id());
    }

    /** Sets the project's options from a form, where the threshold is text (a comma counts as the decimal point). */
    @Transactional
    public Options update(String slug, String upThreshold, boolean taskAlways, AccountPrincipal me) {
        BigDecimal threshold;
        try {
            threshold = new BigDecimal(
                    upThreshold == null ? "" : upThreshold.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            requireAdmin(slug, me);
            throw FeedbackRefusals.invalidParameter("upThreshold", "must be a number from 1 to 5");
        }
        return update(slug, new Options(threshold, taskAlways), me);
    }

    /** Sets the project's options (administrators only); the threshold must be 1 to 5. */
    @Transactional
    public Options update(String slug, Options options, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        BigDecimal threshold = options.upThreshold();
        if (threshold == null
                || threshold.compareTo(FeedbackReader.MIN_SCORE) < 0
                || threshold.compareTo(FeedbackReader.MAX_SCORE) > 0
                || threshold.stripTrailingZeros().scale() > 2) {
            throw FeedbackRefusals.invalidParameter("upThreshold", "must be a number from 1 to 5");
        }
        jdbc.sql("""
                        INSERT INTO feedback_settings (project_id, up_threshold, task_always)
                        VALUES (:project, :threshold, :always)
                        ON CONFLICT (project_id) DO UPDATE
                            SET up_threshold = excluded.up_threshold, task_always = excluded.task_always,
                                updated_at = now()
                        """)
                .param("project", project.id())
                .param("threshold", threshold)
                .param("always", options.taskAlways())
                .update();
        Options saved = of(project.id());
        audit.record(AuditEntry.of(AuditAction.PROJECT_SETTINGS_CHANGED)
                .by(me.id(), me.getUsername())
                .project(project.id())
                .target("feedback-settings:" + project.slug())
                .with("upThreshold", saved.upThreshold().toPlainString())
                .with("taskAlways", saved.taskAlways()));
        return saved;
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw FeedbackRefusals.adminOnly();
        }
        return project;
    }
}
