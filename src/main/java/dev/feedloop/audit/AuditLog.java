package dev.feedloop.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log. {@link #record} writes an entry in the caller's transaction, so the entry exists
 * exactly when the change it describes committed; {@link #recordOnItsOwn} commits at once (a
 * failed sign-in, which changes nothing else). Each entry takes the remote address and the request
 * id ({@code requestId} in the MDC) of the request it is made in, when there is one.
 */
@Service
public class AuditLog {

    /** The most entries one page may ask for. */
    public static final int MAX_LIMIT = 200;

    /** The MDC key the request id filter of the web module fills. */
    static final String REQUEST_ID = "requestId";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate ownTransaction;

    AuditLog(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Writes {@code entry} in the caller's transaction (or on its own when there is none). */
    @Transactional
    public void record(AuditEntry entry) {
        if (!AuditAction.ALL.contains(entry.action())) {
            throw new IllegalArgumentException("not an audit action: " + entry.action());
        }
        AuditActor actor = entry.actor() != null ? entry.actor() : currentActor();
        var request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
        jdbc.sql("""
                        INSERT INTO audit_entry (actor_id, actor_name, action, project_id, target, details, ip, request_id)
                        VALUES (:actorId, :actorName, :action, :projectId, :target, CAST(:details AS jsonb), :ip, :requestId)
                        """)
                .param("actorId", actor.id())
                .param("actorName", actor.name())
                .param("action", entry.action())
                .param("projectId", entry.projectId())
                .param("target", entry.target())
                .param("details", json.writeValueAsString(entry.details()))
                .param("ip", request == null ? null : request.getRemoteAddr())
                .param("requestId", MDC.get(REQUEST_ID))
                .update();
    }

    /** Writes {@code entry} in a transaction of its own, committed whatever the caller's does. */
    public void recordOnItsOwn(AuditEntry entry) {
        ownTransaction.executeWithoutResult(status -> record(entry));
    }

    /** Entries matching {@code query}, newest first (site admins only). */
    @Transactional(readOnly = true)
    public AuditPage search(AuditQuery query) {
        if (!currentIsAdmin()) {
            throw AuditRefusals.adminsOnly();
        }
        if (query.action() != null && !AuditAction.ALL.contains(query.action())) {
            throw AuditRefusals.unknownAction(query.action());
        }
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw AuditRefusals.badLimit(MAX_LIMIT);
        }
        StringBuilder sql = new StringBuilder("""
                SELECT a.id, a.at, a.actor_id, a.actor_name, a.action, a.project_id, p.slug, a.target,
                       a.details::text AS details, a.ip, a.request_id
                FROM audit_entry a LEFT JOIN project p ON p.id = a.project_id
                WHERE true
                """);
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.actor() != null) {
            sql.append(" AND lower(a.actor_name) = lower(:actor)");
            params.put("actor", query.actor());
        }
        if (query.action() != null) {
            sql.append(" AND a.action = :action");
            params.put("action", query.action());
        }
        if (query.project() != null) {
            sql.append(" AND a.project_id = (SELECT id FROM project WHERE slug = :project)");
            params.put("project", query.project());
        }
        if (query.from() != null) {
            sql.append(" AND a.at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND a.at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        if (query.before() != null) {
            sql.append(" AND a.id < :before");
            params.put("before", query.before());
        }
        sql.append(" ORDER BY a.id DESC LIMIT :limit");
        params.put("limit", query.limit() + 1);
        List<AuditRecord> rows = new ArrayList<>(
                jdbc.sql(sql.toString()).params(params).query(this::row).list());
        Long next = null;
        if (rows.size() > query.limit()) {
            rows.removeLast();
            next = rows.getLast().id();
        }
        return new AuditPage(List.copyOf(rows), next);
    }

    private AuditRecord row(ResultSet rs, int n) throws SQLException {
        return new AuditRecord(
                rs.getLong("id"),
                rs.getTimestamp("at").toInstant(),
                rs.getObject("actor_id", Long.class),
                rs.getString("actor_name"),
                rs.getString("action"),
                rs.getObject("project_id", Long.class),
                rs.getString("slug"),
                rs.getString("target"),
                json.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() {}),
                rs.getString("ip"),
                rs.getString("request_id"));
    }

    private static AuditActor currentActor() {
        Authentication authentication = currentAuthentication();
        if (authentication == null) {
            return AuditActor.system();
        }
        if (authentication.getPrincipal() instanceof ActingUser user) {
            return AuditActor.user(user.id(), user.getUsername());
        }
        return AuditActor.named(authentication.getName());
    }

    private static boolean currentIsAdmin() {
        Authentication authentication = currentAuthentication();
        return authentication != null
                && authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    private static @Nullable Authentication currentAuthentication() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null
                        || !authentication.isAuthenticated()
                        || authentication instanceof AnonymousAuthenticationToken
                ? null
                : authentication;
    }
}
