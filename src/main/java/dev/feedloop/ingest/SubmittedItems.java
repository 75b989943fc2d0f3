package dev.feedloop.ingest;

import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates one item with its candidates outside an import (an item made from production feedback),
 * exactly as an import creates it: the item row, its candidate rows and {@link ItemsImported}, so
 * the work queue makes its task slots in the same transaction. Idempotent by the item's external
 * id, like an import.
 */
@Service
public class SubmittedItems {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    SubmittedItems(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /**
     * One item to create.
     *
     * @param externalId the item's external id in its project
     * @param messages the conversation, ending with the user's turn
     * @param metadata the item's metadata
     * @param candidates its candidates
     */
    public record NewItem(
            String externalId, List<Message> messages, Map<String, Object> metadata, List<NewCandidate> candidates) {}

    /** A candidate of a {@link NewItem}; {@code metadata} is stored with it. */
    public record NewCandidate(String externalId, String model, String content, Map<String, Object> metadata) {}

    /** What {@link #add} did: the item's id, and whether this call created it. */
    public record Added(long itemId, boolean created) {}

    /**
     * Writes the item and its candidates in the caller's transaction, unless the project already
     * has an item with its external id: then nothing changes and that item's id is returned.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Added add(long projectId, NewItem item) {
        var inserted = jdbc.sql("""
                        INSERT INTO item (project_id, external_id, messages, metadata)
                        VALUES (:project, :externalId, :messages::jsonb, :metadata::jsonb)
                        ON CONFLICT (project_id, external_id) DO NOTHING
                        RETURNING id
                        """)
                .param("project", projectId)
                .param("externalId", item.externalId())
                .param("messages", json.writeValueAsString(item.messages()))
                .param("metadata", json.writeValueAsString(item.metadata()))
                .query(Long.class)
                .optional();
        if (inserted.isEmpty()) {
            long existing = jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                    .params(projectId, item.externalId())
                    .query(Long.class)
                    .single();
            return new Added(existing, false);
        }
        long itemId = inserted.get();
        for (NewCandidate candidate : item.candidates()) {
            jdbc.sql("""
                            INSERT INTO candidate (item_id, external_id, model, content, metadata)
                            VALUES (:item, :externalId, :model, :content, :metadata::jsonb)
                            """)
                    .param("item", itemId)
                    .param("externalId", candidate.externalId())
                    .param("model", candidate.model())
                    .param("content", candidate.content())
                    .param("metadata", json.writeValueAsString(candidate.metadata()))
                    .update();
        }
        List<String> ids =
                item.candidates().stream().map(NewCandidate::externalId).toList();
        events.publishEvent(new ItemsImported(projectId, List.of(new ImportedItem(itemId, 0, ids, true))));
        return new Added(itemId, true);
    }
}
