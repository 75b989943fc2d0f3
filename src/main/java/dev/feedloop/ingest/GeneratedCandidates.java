package dev.feedloop.ingest;

import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds candidates that Feedloop generated to existing items, exactly as an import adds them: a
 * candidate row (with its provenance) and {@link ItemsImported} for the item with all its
 * candidates, so the work queue makes its rank slots in the same transaction.
 */
@Service
public class GeneratedCandidates {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    GeneratedCandidates(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** What {@link #add} did. */
    public record Added(long candidateId, boolean created) {}

    /**
     * Writes the candidate in the caller's transaction unless the item already has one with its
     * external id (then nothing changes and that one's id is returned). Empty when the item is not
     * in the project (deleted meanwhile).
     *
     * <p>The item's row is locked first ({@code FOR NO KEY UPDATE}), so two answers for one item
     * take turns and each announces the item's full list of candidates.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Added> add(long projectId, GeneratedCandidate candidate) {
        Optional<Integer> priority = jdbc.sql("""
                        SELECT priority FROM item WHERE id = :item AND project_id = :project FOR NO KEY UPDATE
                        """)
                .param("item", candidate.itemId())
                .param("project", projectId)
                .query(Integer.class)
                .optional();
        if (priority.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO candidate (item_id, external_id, model, content, metadata, provenance)
                        VALUES (:item, :externalId, :model, :content, '{}', :provenance::jsonb)
                        ON CONFLICT (item_id, external_id) DO NOTHING
                        RETURNING id
                        """)
                .param("item", candidate.itemId())
                .param("externalId", candidate.externalId())
                .param("model", candidate.model())
                .param("content", candidate.content())
                .param("provenance", json.writeValueAsString(candidate.provenance()))
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            long existing = jdbc.sql("SELECT id FROM candidate WHERE item_id = :item AND external_id = :externalId")
                    .param("item", candidate.itemId())
                    .param("externalId", candidate.externalId())
                    .query(Long.class)
                    .single();
            return Optional.of(new Added(existing, false));
        }
        List<String> all = jdbc.sql("SELECT external_id FROM candidate WHERE item_id = :item ORDER BY id")
                .param("item", candidate.itemId())
                .query(String.class)
                .list();
        events.publishEvent(new ItemsImported(
                projectId, List.of(new ImportedItem(candidate.itemId(), priority.get(), all, false))));
        return Optional.of(new Added(inserted.get(), true));
    }
}
