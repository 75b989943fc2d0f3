package dev.feedloop.ingest;

import dev.feedloop.ingest.ExistingItems.ExistingItem;
import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an import's batches inside its transaction: new items and new candidates with {@code
 * COPY} (item ids are taken from the item table's sequence first, so that candidates can point to
 * them), then announces each written batch with {@link ItemsImported}, so the work queue adds its
 * task slots in the same transaction, and sets the gold answers the batch gives ({@link
 * GoldAnswersChanged}).
 */
@Component
class ItemWriter {

    private static final String COPY_ITEMS =
            "COPY item (id, project_id, external_id, messages, metadata, priority, import_id) FROM STDIN";
    private static final String COPY_CANDIDATES =
            "COPY candidate (item_id, external_id, model, content, metadata, import_id) FROM STDIN";

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final ExistingItems existingItems;
    private final ApplicationEventPublisher events;
    private final SQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();

    ItemWriter(
            JdbcClient jdbc,
            DataSource dataSource,
            JsonMapper json,
            ExistingItems existingItems,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.existingItems = existingItems;
        this.events = events;
    }

    /** What writing one batch did. */
    record BatchOutcome(
            List<ImportError> errors,
            long itemsCreated,
            long itemsUnchanged,
            long itemsExtended,
            long candidatesAdded,
            long priorsAdded) {}

    /** Serialises imports into one project, so that checks against existing items stay true while writing. */
    void lockProject(long projectId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(7301, ?)")
                .param((int) projectId)
                .query((rs, n) -> 1)
                .list();
    }

    /**
     * Writes one batch inside the current transaction, then publishes {@link ItemsImported} for it;
     * writes nothing and returns the conflicts when the batch has any.
     */
    BatchOutcome write(long projectId, long importId, List<ItemRecord> batch, boolean rankOnly) {
        Map<String, ExistingItem> existing = existingItems.find(
                projectId, batch.stream().map(ItemRecord::externalId).toList());
        List<ImportError> errors = new ArrayList<>();
        for (ItemRecord item : batch) {
            errors.addAll(ConflictRules.conflicts(item, existing.get(item.externalId()), rankOnly));
        }
        if (!errors.isEmpty()) {
            return new BatchOutcome(errors, 0, 0, 0, 0, 0);
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            long fresh = batch.stream()
                    .filter(item -> !existing.containsKey(item.externalId()))
                    .count();
            long[] newIds = itemIds(connection, (int) fresh);
            CopyRows items = new CopyRows((int) fresh * 512);
            CopyRows candidates = new CopyRows(batch.size() * 2048);
            List<ImportedItem> touched = new ArrayList<>();
            List<Map<String, Object>> golds = new ArrayList<>();
            List<Map<String, Object>> priors = new ArrayList<>();
            long unchanged = 0;
            long extended = 0;
            long candidatesAdded = 0;
            int next = 0;
            for (ItemRecord item : batch) {
                ExistingItem before = existing.get(item.externalId());
                long itemId;
                List<String> all = new ArrayList<>();
                if (before == null) {
                    itemId = newIds[next++];
                    items.number(itemId)
                            .number(projectId)
                            .text(item.externalId())
                            .text(json.writeValueAsString(item.messages()))
                            .text(json.writeValueAsString(item.metadata()))
                            .number(item.priority())
                            .number(importId)
                            .end();
                } else {
                    itemId = before.id();
                    all.addAll(before.candidateDigests().keySet());
                }
                int added = 0;
                for (CandidateRecord candidate : item.candidates()) {
                    if (before != null && before.candidateDigests().containsKey(candidate.externalId())) {
                        continue;
                    }
                    candidates
                            .number(itemId)
                            .text(candidate.externalId())
                            .text(candidate.model())
                            .text(candidate.content())
                            .text(json.writeValueAsString(candidate.metadata()))
                            .number(importId)
                            .end();
                    all.add(candidate.externalId());
                    added++;
                }
                candidatesAdded += added;
                for (ItemRecord.PriorRecord prior : item.priors()) {
                    String judgment = json.writeValueAsString(prior.judgment());
                    priors.add(Map.of(
                            "item_id", itemId,
                            "source_format", item.metadata().path("source").asString("jsonl"),
                            "kind", prior.kind(),
                            "judgment", prior.judgment(),
                            "digest", StableIds.sha256(prior.kind() + "\n" + judgment)));
                }
                if (item.gold() != null) {
                    Map<String, Object> gold = new java.util.HashMap<>();
                    gold.put("item_id", itemId);
                    gold.put("tiers", item.gold().tiers());
                    gold.put("best", item.gold().best());
                    golds.add(gold);
                }
                if (before == null) {
                    touched.add(new ImportedItem(itemId, item.priority(), List.copyOf(all), true));
                } else if (added > 0) {
                    extended++;
                    touched.add(new ImportedItem(itemId, before.priority(), List.copyOf(all), false));
                } else {
                    unchanged++;
                }
            }
            items.copyInto(connection, COPY_ITEMS);
            candidates.copyInto(connection, COPY_CANDIDATES);
            if (!touched.isEmpty()) {
                events.publishEvent(new ItemsImported(projectId, List.copyOf(touched)));
            }
            List<Long> goldChanged = writeGold(projectId, golds);
            if (!goldChanged.isEmpty()) {
                events.publishEvent(new GoldAnswersChanged(projectId, goldChanged, List.of()));
            }
            long priorsAdded = writePriors(projectId, importId, priors);
            return new BatchOutcome(List.of(), fresh, unchanged, extended, candidatesAdded, priorsAdded);
        } catch (SQLException e) {
            throw translator.translate("import batch", null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /**
     * Sets the gold answers a batch gives; an item's existing gold answer is replaced when the line
     * gives another and kept when the line gives none. Returns the items whose gold answer changed.
     */
    private List<Long> writeGold(long projectId, List<Map<String, Object>> golds) {
        if (golds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        INSERT INTO item_gold AS g (item_id, project_id, tiers, best)
                        SELECT r.item_id, :project, r.tiers, r.best
                        FROM jsonb_to_recordset(:rows::jsonb) AS r(item_id bigint, tiers jsonb, best text)
                        ON CONFLICT (item_id) DO UPDATE
                            SET tiers = excluded.tiers, best = excluded.best, updated_at = now()
                            WHERE g.tiers <> excluded.tiers OR g.best IS DISTINCT FROM excluded.best
                        RETURNING g.item_id
                        """)
                .param("project", projectId)
                .param("rows", json.writeValueAsString(golds))
                .query(Long.class)
                .list();
    }

    /** Stores the batch's prior judgments that the items do not have yet; returns how many. */
    private long writePriors(long projectId, long importId, List<Map<String, Object>> priors) {
        if (priors.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        INSERT INTO prior_judgment (project_id, item_id, import_id, source_format, kind, judgment, digest)
                        SELECT :project, r.item_id, :import, r.source_format, r.kind, r.judgment, r.digest
                        FROM jsonb_to_recordset(:rows::jsonb)
                            AS r(item_id bigint, source_format text, kind text, judgment jsonb, digest text)
                        ON CONFLICT (item_id, digest) DO NOTHING
                        """)
                .param("project", projectId)
                .param("import", importId)
                .param("rows", json.writeValueAsString(priors))
                .update();
    }

    /** {@code count} new ids from the item table's identity sequence, ascending. */
    private static long[] itemIds(Connection connection, int count) throws SQLException {
        long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        try (PreparedStatement next = connection.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence('item', 'id')) FROM generate_series(1, ?)")) {
            next.setInt(1, count);
            try (ResultSet rs = next.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }
}
