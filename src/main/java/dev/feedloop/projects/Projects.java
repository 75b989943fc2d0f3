package dev.feedloop.projects;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finding projects and checking what a person may do in them, and creating and editing them.
 * Administrators see every project and hold every role; anyone else sees only projects they are a
 * member of, and an unknown project looks exactly like one they may not see (404). Only
 * administrators create and edit projects; every change publishes {@link ProjectSettingsChanged}
 * inside its transaction.
 */
@Service
public class Projects {

    private static final String SETTINGS_COLUMNS = """
            id, slug, name, description, status, demonstrations_per_item, rankings_per_item, lease_minutes,
            ties_allowed, rating_dimensions::text AS rating_dimensions, flags::text AS flags,
            hide_model_names, pairwise_strength, gold_rate, gold_min_judgments, gold_threshold,
            agreement_threshold, max_extra_rankings, quick_seconds
            """;

    static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    static final int MAX_DIMENSIONS = 20;
    static final int MAX_FLAGS = 30;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ProjectRepository repository;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    Projects(
            JdbcClient jdbc,
            JsonMapper json,
            ProjectRepository repository,
            ApplicationEventPublisher events,
            AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.repository = repository;
        this.events = events;
    }

    /** The projects {@code user} may see (all for administrators), newest first. */
    @Transactional(readOnly = true)
    public List<ProjectSummary> list(AccountPrincipal user) {
        return jdbc.sql("""
                        SELECT p.id, p.slug, p.name, p.description, p.status, p.created_at,
                               coalesce(m.roles, '{}') AS roles,
                               (SELECT count(*) FROM project_member pm WHERE pm.project_id = p.id) AS members
                        FROM project p
                        LEFT JOIN project_member m ON m.project_id = p.id AND m.user_id = :user
                        WHERE :admin OR m.user_id IS NOT NULL
                        ORDER BY p.created_at DESC, p.id DESC
                        """)
                .param("user", user.id())
                .param("admin", user.admin())
                .query((rs, n) -> new ProjectSummary(
                        rs.getLong("id"),
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("description"),
                        ProjectStatus.valueOf(rs.getString("status")),
                        roles((String[]) rs.getArray("roles").getArray()),
                        rs.getLong("members"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /**
     * Creates a project (administrators only); non-blank {@code guidelinesMarkdown} becomes
     * guidelines version 1 (with LF line breaks).
     */
    @Transactional
    public ProjectSettings create(ProjectDefinition definition, String guidelinesMarkdown, AccountPrincipal user) {
        requireAdmin(user);
        ProjectDefinition checked = check(definition);
        if (!SLUG.matcher(checked.slug()).matches()) {
            throw ProjectRefusals.invalid("slug", "projects.error.slug");
        }
        if (repository.existsBySlug(checked.slug())) {
            throw ProjectRefusals.slugTaken(checked.slug());
        }
        Project project = new Project(checked.slug(), user.id());
        project.apply(checked, writeJson(checked.ratingDimensions()), writeJson(checked.flags()));
        try {
            repository.saveAndFlush(project);
        } catch (DataIntegrityViolationException e) {
            throw ProjectRefusals.slugTaken(checked.slug());
        }
        if (guidelinesMarkdown != null && !guidelinesMarkdown.isBlank()) {
            jdbc.sql("INSERT INTO guideline_version (project_id, version, content, author_id) VALUES (?, 1, ?, ?)")
                    .params(project.getId(), LineBreaks.normalize(guidelinesMarkdown), user.id())
                    .update();
        }
        events.publishEvent(new ProjectSettingsChanged(project.getId()));
        audit.record(AuditEntry.of(AuditAction.PROJECT_CREATED)
                .by(user.id(), user.getUsername())
                .project(project.getId())
                .target("project:" + checked.slug()));
        return get(project.getId());
    }

    /** Changes every setting but the slug (administrators only). */
    @Transactional
    public ProjectSettings update(String slug, ProjectDefinition definition, AccountPrincipal user) {
        requireAdmin(user);
        ProjectDefinition checked = check(definition);
        Project project = repository.findBySlug(slug).orElseThrow(() -> ProjectRefusals.notFound(slug));
        ProjectDefinition before = get(project.getId()).definition();
        project.apply(checked, writeJson(checked.ratingDimensions()), writeJson(checked.flags()));
        try {
            repository.saveAndFlush(project);
        } catch (OptimisticLockingFailureException e) {
            throw ProjectRefusals.concurrentChange();
        }
        events.publishEvent(new ProjectSettingsChanged(project.getId()));
        ProjectSettings after = get(project.getId());
        List<String> changed = changedSettings(before, after.definition());
        if (!changed.isEmpty()) {
            audit.record(AuditEntry.of(AuditAction.PROJECT_SETTINGS_CHANGED)
                    .by(user.id(), user.getUsername())
                    .project(project.getId())
                    .target("project:" + slug)
                    .with("changed", changed));
        }
        return after;
    }

    /** The names of the settings that differ, in the definition's order (for the audit log). */
    static List<String> changedSettings(ProjectDefinition before, ProjectDefinition after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : ProjectDefinition.class.getRecordComponents()) {
            try {
                if (!Objects.equals(
                        component.getAccessor().invoke(before),
                        component.getAccessor().invoke(after))) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return changed;
    }

    @Transactional(readOnly = true)
    public Optional<ProjectSettings> find(String slug) {
        return jdbc.sql("SELECT " + SETTINGS_COLUMNS + " FROM project WHERE slug = ?")
                .param(slug)
                .query((rs, n) -> settings(rs))
                .optional();
    }

    /** Settings read by {@link #get(long, String)}, by project id, with the row revision they were read at. */
    private final java.util.Map<Long, Revised> settingsByRevision = new java.util.concurrent.ConcurrentHashMap<>();

    private record Revised(String revision, ProjectSettings settings) {}

    /**
     * The project's settings as of {@code revision}, the project row's {@code xmin} that the
     * caller's own statement read (the work queue's task lock reads it): from memory when the
     * settings were read at that revision before, else from the database. Every update of the row,
     * by any server or by hand, gives it a new {@code xmin}, so settings changed through another
     * server are never answered from memory; {@link ProjectSettingsChanged} also drops the entry
     * on this server. A {@code null} revision reads the database.
     */
    @Transactional(readOnly = true)
    public ProjectSettings get(long id, String revision) {
        Revised known = revision == null ? null : settingsByRevision.get(id);
        if (known != null && known.revision().equals(revision)) {
            return known.settings();
        }
        Revised read = jdbc.sql("SELECT " + SETTINGS_COLUMNS + ", xmin::text AS revision FROM project WHERE id = ?")
                .param(id)
                .query((rs, n) -> new Revised(rs.getString("revision"), settings(rs)))
                .optional()
                .orElseThrow(() -> ProjectRefusals.notFound("#" + id));
        settingsByRevision.put(id, read);
        return read.settings();
    }

    @org.springframework.context.event.EventListener
    void forget(ProjectSettingsChanged event) {
        settingsByRevision.remove(event.projectId());
    }

    @Transactional(readOnly = true)
    public ProjectSettings get(long id) {
        return jdbc.sql("SELECT " + SETTINGS_COLUMNS + " FROM project WHERE id = ?")
                .param(id)
                .query((rs, n) -> settings(rs))
                .optional()
                .orElseThrow(() -> ProjectRefusals.notFound("#" + id));
    }

    /** The project if {@code user} may see it; else 404, whether or not it exists. */
    @Transactional(readOnly = true)
    public ProjectSettings requireVisible(String slug, AccountPrincipal user) {
        ProjectSettings project = find(slug).orElseThrow(() -> ProjectRefusals.notFound(slug));
        if (!user.admin() && !isMember(project.id(), user)) {
            throw ProjectRefusals.notFound(slug);
        }
        return project;
    }

    /** The project if {@code user} holds {@code role} in it (admins hold every role); else 404 or 403. */
    @Transactional(readOnly = true)
    public ProjectSettings requireRole(String slug, AccountPrincipal user, ProjectRole role) {
        ProjectSettings project = requireVisible(slug, user);
        if (!user.admin() && !rolesOf(project.id(), user).contains(role)) {
            throw ProjectRefusals.missingRole(slug, role);
        }
        return project;
    }

    /** A project's settings with the version number of its current guidelines (0 when none). */
    public record SettingsAndGuidelines(ProjectSettings settings, int guidelineVersion) {}

    /**
     * {@link #requireRole} and the current guideline version in one statement (the person's roles
     * come with the principal when its filter read them): what claiming the next task needs.
     */
    @Transactional(readOnly = true)
    public SettingsAndGuidelines requireRoleWithGuidelines(String slug, AccountPrincipal user, ProjectRole role) {
        SettingsAndGuidelines found = jdbc.sql("SELECT " + SETTINGS_COLUMNS + """
                        , (SELECT coalesce(max(g.version), 0) FROM guideline_version g
                           WHERE g.project_id = project.id) AS guideline_version
                        FROM project WHERE slug = ?
                        """)
                .param(slug)
                .query((rs, n) -> new SettingsAndGuidelines(settings(rs), rs.getInt("guideline_version")))
                .optional()
                .orElseThrow(() -> ProjectRefusals.notFound(slug));
        long id = found.settings().id();
        if (!user.admin() && !isMember(id, user)) {
            throw ProjectRefusals.notFound(slug);
        }
        if (!user.admin() && !rolesOf(id, user).contains(role)) {
            throw ProjectRefusals.missingRole(slug, role);
        }
        return found;
    }

    /**
     * The roles {@code user} holds in a project (admins' implicit roles not included): from the
     * principal when it carries the roles read with the account on this request, else from the
     * database.
     */
    @Transactional(readOnly = true)
    public Set<ProjectRole> rolesOf(long projectId, AccountPrincipal user) {
        var known = user.projectRoles();
        if (known.isEmpty()) {
            return rolesOf(projectId, user.id());
        }
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        known.get().getOrDefault(projectId, Set.of()).forEach(r -> result.add(ProjectRole.valueOf(r)));
        return result;
    }

    /** The roles a user holds in a project (empty when not a member; admins' implicit roles not included). */
    @Transactional(readOnly = true)
    public Set<ProjectRole> rolesOf(long projectId, long userId) {
        List<String> roles = jdbc.sql("SELECT unnest(roles) FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(projectId, userId)
                .query(String.class)
                .list();
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        roles.forEach(r -> result.add(ProjectRole.valueOf(r)));
        return result;
    }

    /** The current (newest) guidelines, or version 0 with empty content when none were written. */
    @Transactional(readOnly = true)
    public GuidelineView currentGuidelines(long projectId) {
        return jdbc.sql("""
                        SELECT project_id, version, content, author_id, created_at FROM guideline_version
                        WHERE project_id = ? ORDER BY version DESC LIMIT 1
                        """)
                .param(projectId)
                .query((rs, n) -> new GuidelineView(
                        rs.getLong("project_id"),
                        rs.getInt("version"),
                        rs.getString("content"),
                        (Long) rs.getObject("author_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional()
                .orElse(new GuidelineView(projectId, 0, "", null, null));
    }

    static void requireAdmin(AccountPrincipal user) {
        if (!user.admin()) {
            throw ProjectRefusals.adminOnly();
        }
    }

    /** The definition with text trimmed, or the first problem found. */
    static ProjectDefinition check(ProjectDefinition d) {
        String slug = d.slug() == null ? "" : d.slug().strip().toLowerCase(Locale.ROOT);
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            throw ProjectRefusals.invalid("name", "projects.error.name");
        }
        String description = d.description() == null ? "" : d.description().strip();
        if (description.length() > 10_000) {
            throw ProjectRefusals.invalid("description", "projects.error.description", 10_000);
        }
        if (d.status() == null) {
            throw ProjectRefusals.invalid("status", "projects.error.status");
        }
        checkRange("demonstrationsPerItem", d.demonstrationsPerItem(), 0, 50);
        checkRange("rankingsPerItem", d.rankingsPerItem(), 0, 50);
        checkRange("leaseMinutes", d.leaseMinutes(), 1, 1440);
        GoldSettings gold = d.gold() == null ? GoldSettings.DEFAULT : d.gold();
        checkRange("goldRate", gold.rate(), 0, 1000);
        checkRange("goldMinJudgments", gold.minimumJudgments(), 1, 1000);
        checkRange("goldThreshold", gold.thresholdPercent(), 0, 100);
        AgreementSettings agreement = d.agreement() == null ? AgreementSettings.DEFAULT : d.agreement();
        checkRange("agreementThreshold", agreement.thresholdPercent(), 0, 100);
        checkRange("maxExtraRankings", agreement.maxExtraRankings(), 0, 20);
        checkRange("quickSeconds", agreement.quickSeconds(), 0, 3600);
        List<RatingDimension> dimensions = d.ratingDimensions() == null ? List.of() : d.ratingDimensions();
        if (dimensions.size() > MAX_DIMENSIONS) {
            throw ProjectRefusals.invalid("ratingDimensions", "projects.error.tooManyDimensions");
        }
        Set<String> seen = new HashSet<>();
        List<RatingDimension> cleanDimensions = new java.util.ArrayList<>();
        for (int i = 0; i < dimensions.size(); i++) {
            RatingDimension dimension = dimensions.get(i);
            String field = "ratingDimensions[" + i + "]";
            String dimensionName = dimension == null || dimension.name() == null
                    ? ""
                    : dimension.name().strip();
            if (dimensionName.isEmpty() || dimensionName.length() > 50) {
                throw ProjectRefusals.invalid(field + ".name", "projects.error.dimensionName");
            }
            if (!seen.add(dimensionName.toLowerCase(Locale.ROOT))) {
                throw ProjectRefusals.invalid(field + ".name", "projects.error.dimensionDuplicate", dimensionName);
            }
            if (dimension.min() < 0 || dimension.max() > 100 || dimension.min() >= dimension.max()) {
                throw ProjectRefusals.invalid(field + ".max", "projects.error.dimensionRange");
            }
            cleanDimensions.add(new RatingDimension(dimensionName, dimension.min(), dimension.max()));
        }
        List<String> flags = d.flags() == null ? List.of() : d.flags();
        if (flags.size() > MAX_FLAGS) {
            throw ProjectRefusals.invalid("flags", "projects.error.tooManyFlags");
        }
        Set<String> seenFlags = new HashSet<>();
        List<String> cleanFlags = new java.util.ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i) == null ? "" : flags.get(i).strip();
            if (flag.isEmpty() || flag.length() > 60) {
                throw ProjectRefusals.invalid("flags[" + i + "]", "projects.error.flag");
            }
            if (!seenFlags.add(flag.toLowerCase(Locale.ROOT))) {
                throw ProjectRefusals.invalid("flags[" + i + "]", "projects.error.flagDuplicate", flag);
            }
            cleanFlags.add(flag);
        }
        return new ProjectDefinition(
                slug,
                name,
                description,
                d.status(),
                d.demonstrationsPerItem(),
                d.rankingsPerItem(),
                d.leaseMinutes(),
                d.tiesAllowed(),
                List.copyOf(cleanDimensions),
                List.copyOf(cleanFlags),
                d.hideModelNames(),
                d.pairwiseStrength(),
                gold,
                agreement);
    }

    private static void checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ProjectRefusals.invalid(field, "projects.error.range", min, max);
        }
    }

    private String writeJson(Object value) {
        return json.writeValueAsString(value);
    }

    private static Set<ProjectRole> roles(String[] names) {
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        for (String name : names) {
            result.add(ProjectRole.valueOf(name));
        }
        return result;
    }

    private boolean isMember(long projectId, AccountPrincipal user) {
        var known = user.projectRoles();
        if (known.isPresent()) {
            return known.get().containsKey(projectId);
        }
        return jdbc.sql("SELECT count(*) FROM project_member WHERE project_id = ? AND user_id = ?")
                        .params(projectId, user.id())
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private ProjectSettings settings(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ProjectSettings(
                rs.getLong("id"),
                new ProjectDefinition(
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("description"),
                        ProjectStatus.valueOf(rs.getString("status")),
                        rs.getInt("demonstrations_per_item"),
                        rs.getInt("rankings_per_item"),
                        rs.getInt("lease_minutes"),
                        rs.getBoolean("ties_allowed"),
                        json.readValue(
                                rs.getString("rating_dimensions"), new TypeReference<List<RatingDimension>>() {}),
                        json.readValue(rs.getString("flags"), new TypeReference<List<String>>() {}),
                        rs.getBoolean("hide_model_names"),
                        rs.getBoolean("pairwise_strength"),
                        new GoldSettings(
                                rs.getInt("gold_rate"), rs.getInt("gold_min_judgments"), rs.getInt("gold_threshold")),
                        new AgreementSettings(
                                rs.getInt("agreement_threshold"),
                                rs.getInt("max_extra_rankings"),
                                rs.getInt("quick_seconds"))));
    }
}
