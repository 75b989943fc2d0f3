package dev.feedloop.projects;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditActor;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of a project and their project roles. Administrators manage them; a person who is
 * not a member does not see the project at all.
 */
@Service
public class Members {

    private final Projects projects;
    private final Users users;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    Members(Projects projects, Users users, JdbcClient jdbc, ApplicationEventPublisher events, AuditLog audit) {
        this.events = events;
        this.projects = projects;
        this.users = users;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The members, by display name (administrators only). */
    @Transactional(readOnly = true)
    public List<MemberView> list(String slug, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        return jdbc.sql("""
                        SELECT u.id, u.username, u.display_name, u.enabled, m.roles, m.added_at,
                               m.paused_at, m.paused_reason, m.paused_accuracy, m.paused_judgments, m.reinstated_at
                        FROM project_member m JOIN app_user u ON u.id = m.user_id
                        WHERE m.project_id = ? ORDER BY lower(u.display_name), u.id
                        """)
                .param(project.id())
                .query((rs, n) -> new MemberView(
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getBoolean("enabled"),
                        roles((String[]) rs.getArray("roles").getArray()),
                        rs.getTimestamp("added_at").toInstant(),
                        pause(rs),
                        instant(rs, "reinstated_at")))
                .list();
    }

    /**
     * Pauses a member by hand (administrators only): they get no new tasks in the project until
     * reinstated; a lease they hold stays theirs. Pausing a paused member changes nothing.
     */
    @Transactional
    public void pause(String slug, String username, AccountPrincipal user) {
        long memberId = requireMember(slug, username, user);
        long projectId = projects.requireVisible(slug, user).id();
        int paused = jdbc.sql("""
                        UPDATE project_member
                        SET paused_at = now(), paused_reason = 'MANUAL', paused_accuracy = NULL,
                            paused_judgments = NULL, paused_by = ?
                        WHERE project_id = ? AND user_id = ? AND paused_at IS NULL
                        """).params(user.id(), projectId, memberId).update();
        if (paused == 1) {
            events.publishEvent(new MemberPaused(projectId, memberId, "MANUAL", null));
            audit.record(memberEntry(AuditAction.MEMBER_PAUSED, user, projectId, username)
                    .with("reason", "MANUAL"));
        }
    }

    /**
     * Lets a paused member claim tasks again (administrators only); their gold accuracy counts
     * for pausing from now on. Reinstating a member who is not paused changes nothing.
     */
    @Transactional
    public void reinstate(String slug, String username, AccountPrincipal user) {
        long memberId = requireMember(slug, username, user);
        long projectId = projects.requireVisible(slug, user).id();
        int reinstated = jdbc.sql("""
                        UPDATE project_member
                        SET paused_at = NULL, paused_reason = NULL, paused_accuracy = NULL, paused_judgments = NULL,
                            paused_by = NULL, reinstated_at = now()
                        WHERE project_id = ? AND user_id = ? AND paused_at IS NOT NULL
                        """).params(projectId, memberId).update();
        if (reinstated > 0) {
            audit.record(memberEntry(AuditAction.MEMBER_REINSTATED, user, projectId, username));
        }
    }

    /** Where a member stands for gold checks: paused or not, and from when their gold judgments count. */
    public record GoldStanding(boolean member, boolean paused, Instant countsFrom) {}

    /** The member's standing in the project (not a member: {@code member} is false). */
    @Transactional(readOnly = true)
    public GoldStanding standing(long projectId, long userId) {
        return jdbc.sql("SELECT paused_at, reinstated_at FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(projectId, userId)
                .query((rs, n) ->
                        new GoldStanding(true, rs.getObject("paused_at") != null, instant(rs, "reinstated_at")))
                .optional()
                .orElse(new GoldStanding(false, false, null));
    }

    /**
     * Pauses a member whose gold accuracy fell below the project's threshold (called inside the
     * transaction that stored their gold judgment); a member who is paused already stays as they are.
     */
    @Transactional
    public void pauseForGold(long projectId, long userId, double accuracy, int judgments) {
        int paused =
                jdbc.sql("""
                        UPDATE project_member
                        SET paused_at = now(), paused_reason = 'GOLD', paused_accuracy = ?, paused_judgments = ?,
                            paused_by = NULL
                        WHERE project_id = ? AND user_id = ? AND paused_at IS NULL
                        """).params(accuracy, judgments, projectId, userId).update();
        if (paused == 1) {
            events.publishEvent(new MemberPaused(projectId, userId, "GOLD", accuracy));
            audit.record(AuditEntry.of(AuditAction.MEMBER_PAUSED)
                    .by(AuditActor.system())
                    .project(projectId)
                    .target("user:" + users.get(userId).username())
                    .with("reason", "GOLD")
                    .with("accuracy", accuracy)
                    .with("judgments", judgments));
        }
    }

    private static AuditEntry memberEntry(String action, AccountPrincipal user, long projectId, String username) {
        return AuditEntry.of(action)
                .by(user.id(), user.getUsername())
                .project(projectId)
                .target("user:" + username.strip());
    }

    private long requireMember(String slug, String username, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        UserView member = users.findByUsername(username == null ? "" : username)
                .orElseThrow(() -> ProjectRefusals.memberNotFound(username));
        if (!projects.rolesOf(project.id(), member.id()).isEmpty()) {
            return member.id();
        }
        throw ProjectRefusals.memberNotFound(username);
    }

    private static Pause pause(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant at = instant(rs, "paused_at");
        if (at == null) {
            return null;
        }
        Number accuracy = (Number) rs.getObject("paused_accuracy");
        return new Pause(at, rs.getString("paused_reason"), accuracy == null ? null : accuracy.doubleValue(), (Integer)
                rs.getObject("paused_judgments"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /**
     * Makes {@code username} a member with exactly {@code roles} (at least one), adding them or
     * replacing their roles (administrators only).
     */
    @Transactional
    public MemberView setRoles(String slug, String username, Set<ProjectRole> roles, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        if (roles == null || roles.isEmpty()) {
            throw ProjectRefusals.invalid("roles", "projects.error.noRoles");
        }
        UserView member = users.findByUsername(username == null ? "" : username.strip())
                .orElseThrow(() -> ProjectRefusals.userNotFound(username));
        String[] names = EnumSet.copyOf(roles).stream().map(Enum::name).toArray(String[]::new);
        Set<ProjectRole> before = projects.rolesOf(project.id(), member.id());
        jdbc.sql("""
                        INSERT INTO project_member (project_id, user_id, roles) VALUES (?, ?, ?)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET roles = excluded.roles
                        """).params(project.id(), member.id(), names).update();
        if (!before.equals(EnumSet.copyOf(roles))) {
            audit.record(memberEntry(AuditAction.MEMBER_ROLE_CHANGED, user, project.id(), member.username())
                    .with("from", before.stream().map(Enum::name).sorted().toList())
                    .with("to", List.of(names)));
        }
        return list(slug, user).stream()
                .filter(m -> m.userId() == member.id())
                .findFirst()
                .orElseThrow();
    }

    /** Removes a member (administrators only); their past work stays. */
    @Transactional
    public void remove(String slug, String username, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        UserView member = users.findByUsername(username == null ? "" : username)
                .orElseThrow(() -> ProjectRefusals.memberNotFound(username));
        int removed = jdbc.sql("DELETE FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(project.id(), member.id())
                .update();
        if (removed == 0) {
            throw ProjectRefusals.memberNotFound(username);
        }
        audit.record(memberEntry(AuditAction.MEMBER_REMOVED, user, project.id(), member.username()));
    }

    private static Set<ProjectRole> roles(String[] names) {
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        for (String name : names) {
            result.add(ProjectRole.valueOf(name));
        }
        return result;
    }
}
