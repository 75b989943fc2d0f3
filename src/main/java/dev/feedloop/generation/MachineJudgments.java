package dev.feedloop.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine judgments of judge runs (table {@code machine_judgment}): written by the run's job,
 * one per unit; read by the quality measures and exports. Callers check the project and role.
 */
@Service
public class MachineJudgments {

    private static final TypeReference<List<String>> IDS = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    MachineJudgments(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every machine judgment of the project, by item and time. */
    @Transactional(readOnly = true)
    public List<MachineJudgment> ofProject(long projectId) {
        return jdbc.sql("""
                        SELECT m.*, i.external_id AS item_external_id FROM machine_judgment m
                        JOIN item i ON i.id = m.item_id
                        WHERE m.project_id = :project ORDER BY m.item_id, m.id
                        """)
                .param("project", projectId)
                .query((rs, n) -> judgment(rs))
                .list();
    }

    /** The machine judgments of one item, oldest first. */
    @Transactional(readOnly = true)
    public List<MachineJudgment> ofItem(long itemId) {
        return jdbc.sql("""
                        SELECT m.*, i.external_id AS item_external_id FROM machine_judgment m
                        JOIN item i ON i.id = m.item_id
                        WHERE m.item_id = :item ORDER BY m.id
                        """)
                .param("item", itemId)
                .query((rs, n) -> judgment(rs))
                .list();
    }

    /** Writes a unit's judgment once; returns its id, or null when the unit already has one. */
    @Nullable
    Long add(
            RunUnits.ClaimedUnit unit,
            EndpointConnection endpoint,
            UnitCalls.Answer answer,
            List<Judging.Shown> shown,
            Judging.Ranked ranked) {
        return jdbc.sql("""
                        INSERT INTO machine_judgment (project_id, item_id, run_id, unit_id, endpoint_id, endpoint_name,
                                                      model, candidate_order, shown, tiers, rationale, raw_reply,
                                                      prompt_tokens, completion_tokens, latency_ms)
                        VALUES (:project, :item, :run, :unit, :endpoint, :name, :model, :order, :shown::jsonb,
                                :tiers::jsonb, :rationale, :raw, :prompt, :completion, :latency)
                        ON CONFLICT (unit_id) DO NOTHING
                        RETURNING id
                        """)
                .param("project", unit.projectId())
                .param("item", unit.itemId())
                .param("run", unit.runId())
                .param("unit", unit.id())
                .param("endpoint", unit.endpointId())
                .param("name", endpoint.name())
                .param("model", answer.model())
                .param("order", Judging.order(unit.sample()))
                .param(
                        "shown",
                        json.writeValueAsString(
                                shown.stream().map(Judging.Shown::externalId).toList()))
                .param("tiers", json.writeValueAsString(ranked.tiers()))
                .param("rationale", ranked.rationale())
                .param("raw", answer.content())
                .param("prompt", answer.promptTokens())
                .param("completion", answer.completionTokens())
                .param("latency", (int) Math.min(answer.latencyMillis(), Integer.MAX_VALUE))
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    private MachineJudgment judgment(ResultSet rs) throws SQLException {
        return new MachineJudgment(
                rs.getLong("id"),
                rs.getLong("item_id"),
                rs.getString("item_external_id"),
                rs.getObject("run_id", Long.class),
                rs.getObject("endpoint_id", Long.class),
                rs.getString("endpoint_name"),
                rs.getString("model"),
                rs.getString("candidate_order"),
                json.readValue(rs.getString("shown"), IDS),
                json.readValue(rs.getString("tiers"), TIERS),
                rs.getString("rationale"),
                rs.getString("raw_reply"),
                rs.getObject("prompt_tokens", Integer.class),
                rs.getObject("completion_tokens", Integer.class),
                rs.getObject("latency_ms", Integer.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
