package dev.feedloop.projects;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rounds of a project's improvement loop (docs/loop.md, "Rounds"). Administrators create, edit,
 * close and delete them; reviewers and administrators list them. The rounds of a project never
 * overlap: writes take a per-project lock and check first, so that a refusal can name the other
 * round, and the table's exclusion constraint holds whatever writes it.
 */
@Service
public class Rounds {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final String COLUMNS = "name, model_version, starts_at, ends_at";

    private final Projects projects;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    Rounds(Projects projects, JdbcClient jdbc, AuditLog audit) {
        this.projects = projects;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    private void audited(String action, long projectId, String name, AccountPrincipal me, @Nullable Round round) {
        AuditEntry entry = AuditEntry.of(action)
                .by(me.id(), me.getUsername())
                .project(projectId)
                .target("round:" + name);
        if (round != null) {
            entry = entry.with("name", round.name())
                    .with("modelVersion", round.modelVersion())
                    .with("startsAt", round.startsAt().toString())
                    .with(
                            "endsAt",
                            round.endsAt() == null ? null : round.endsAt().toString());
        }
        audit.record(entry);
    }

    /** The project's rounds, oldest first (administrators and the project's reviewers). */
    @Transactional(readOnly = true)
    public List<Round> list(String slug, AccountPrincipal me) {
        return of(projects.requireRole(slug, me, ProjectRole.REVIEWER).id());
    }

    /** The rounds of the project {@code projectId}, oldest first; for modules that checked the caller. */
    @Transactional(readOnly = true)
    public List<Round> of(long projectId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM project_round WHERE project_id = ? ORDER BY starts_at")
                .param(projectId)
                .query((rs, n) -> round(rs))
                .list();
    }

    /**
     * The round named {@code name} of the project {@code projectId}, for a request parameter {@code
     * round} of a module that checked the caller.
     *
     * @throws dev.feedloop.problems.Refusal 422 naming the parameter {@code round} when there is none
     */
    @Transactional(readOnly = true)
    public Round require(long projectId, String name) {
        return find(projectId, name).orElseThrow(() -> ProjectRefusals.unknownRound(name));
    }

    /** The round of {@code slug} named {@code name} (administrators and reviewers); 404 when none. */
    @Transactional(readOnly = true)
    public Round get(String slug, String name, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return find(project.id(), name).orElseThrow(() -> ProjectRefusals.roundNotFound(name));
    }

    private Optional<Round> find(long projectId, String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM project_round WHERE project_id = ? AND name = ?")
                .params(projectId, name)
                .query((rs, n) -> round(rs))
                .optional();
    }

    /**
     * Creates a round (administrators only).
     *
     * @throws dev.feedloop.problems.Refusal 400 naming the field for an invalid one, 409 when the name
     *     is taken or the window overlaps another round (named in the message)
     */
    @Transactional
    public Round create(String slug, RoundDefinition definition, AccountPrincipal me) {
        Projects.requireAdmin(me);
        long projectId = projects.requireVisible(slug, me).id();
        Round round = check(definition);
        lock(projectId);
        if (find(projectId, round.name()).isPresent()) {
            throw ProjectRefusals.roundNameTaken(round.name());
        }
        refuseOverlap(projectId, round, null);
        jdbc.sql(
                        "INSERT INTO project_round (project_id, name, model_version, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)")
                .params(projectId, round.name(), round.modelVersion(), ts(round.startsAt()), ts(round.endsAt()))
                .update();
        audited(AuditAction.ROUND_CREATED, projectId, round.name(), me, round);
        return round;
    }

    /**
     * Changes a round's name, model version or window (administrators only); refusals as for {@link
     * #create}, and 404 when there is no round {@code name}.
     */
    @Transactional
    public Round update(String slug, String name, RoundDefinition definition, AccountPrincipal me) {
        Projects.requireAdmin(me);
        long projectId = projects.requireVisible(slug, me).id();
        Round round = check(definition);
        lock(projectId);
        find(projectId, name).orElseThrow(() -> ProjectRefusals.roundNotFound(name));
        if (!round.name().equals(name) && find(projectId, round.name()).isPresent()) {
            throw ProjectRefusals.roundNameTaken(round.name());
        }
        refuseOverlap(projectId, round, name);
        jdbc.sql("""
                        UPDATE project_round SET name = ?, model_version = ?, starts_at = ?, ends_at = ?
                        WHERE project_id = ? AND name = ?
                        """)
                .params(round.name(), round.modelVersion(), ts(round.startsAt()), ts(round.endsAt()), projectId, name)
                .update();
        audited(AuditAction.ROUND_CHANGED, projectId, name, me, round);
        return round;
    }

    /**
     * Closes a round now: its end becomes the present instant (administrators only). 404 when there
     * is no such round; 409 when it has ended already or has not started.
     */
    @Transactional
    public Round close(String slug, String name, AccountPrincipal me) {
        Projects.requireAdmin(me);
        long projectId = projects.requireVisible(slug, me).id();
        lock(projectId);
        Round round = find(projectId, name).orElseThrow(() -> ProjectRefusals.roundNotFound(name));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (!round.contains(now) || !now.isAfter(round.startsAt())) {
            throw ProjectRefusals.roundNotRunning(name);
        }
        jdbc.sql("UPDATE project_round SET ends_at = ? WHERE project_id = ? AND name = ?")
                .params(ts(now), projectId, name)
                .update();
        Round closed = new Round(round.name(), round.modelVersion(), round.startsAt(), now);
        audited(AuditAction.ROUND_CHANGED, projectId, name, me, closed);
        return closed;
    }

    /** Deletes a round (administrators only); what came in during it stays. 404 when there is none. */
    @Transactional
    public void delete(String slug, String name, AccountPrincipal me) {
        Projects.requireAdmin(me);
        long projectId = projects.requireVisible(slug, me).id();
        int deleted = jdbc.sql("DELETE FROM project_round WHERE project_id = ? AND name = ?")
                .params(projectId, name)
                .update();
        if (deleted == 0) {
            throw ProjectRefusals.roundNotFound(name);
        }
        audited(AuditAction.ROUND_DELETED, projectId, name, me, null);
    }

    private static Round check(RoundDefinition definition) {
        String name = definition.name() == null ? "" : definition.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw ProjectRefusals.invalid("name", "projects.error.roundName");
        }
        String model = definition.modelVersion() == null
                ? ""
                : definition.modelVersion().strip();
        if (model.isEmpty() || model.length() > 200) {
            throw ProjectRefusals.invalid("modelVersion", "projects.error.roundModel");
        }
        if (definition.startsAt() == null) {
            throw ProjectRefusals.invalid("startsAt", "projects.error.roundStart");
        }
        Instant starts = definition.startsAt().truncatedTo(ChronoUnit.MICROS);
        Instant ends = definition.endsAt() == null ? null : definition.endsAt().truncatedTo(ChronoUnit.MICROS);
        if (ends != null && !ends.isAfter(starts)) {
            throw ProjectRefusals.invalid("endsAt", "projects.error.roundEnd");
        }
        return new Round(name, model, starts, ends);
    }

    /** Writes of one project's rounds take turns, so that the overlap check sees the other's round. */
    private void lock(long projectId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('project_round'), ?)")
                .param((int) projectId)
                .query((rs, n) -> 1)
                .single();
    }

    private void refuseOverlap(long projectId, Round round, String except) {
        jdbc.sql("SELECT " + COLUMNS + """
                         FROM project_round
                        WHERE project_id = ? AND name IS DISTINCT FROM ?
                          AND tstzrange(starts_at, ends_at, '[)') && tstzrange(?, ?, '[)')
                        ORDER BY starts_at LIMIT 1
                        """)
                .params(projectId, except, ts(round.startsAt()), ts(round.endsAt()))
                .query((rs, n) -> round(rs))
                .optional()
                .ifPresent(other -> {
                    throw ProjectRefusals.roundOverlap(other);
                });
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Round round(ResultSet rs) throws SQLException {
        Timestamp ends = rs.getTimestamp("ends_at");
        return new Round(
                rs.getString("name"),
                rs.getString("model_version"),
                rs.getTimestamp("starts_at").toInstant(),
                ends == null ? null : ends.toInstant());
    }
}
