package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes items and candidates in batches: looks up which items of a batch exist, finds
 * conflicts with them, inserts new items with one statement and new candidates with {@code COPY},
 * and announces each written batch with {@link ItemsImported}. Writing runs inside the import's
 * transaction.
 */
@Component
class ItemStore {

    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final SQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();

    ItemStore(JdbcClient jdbc, DataSource dataSource, JsonMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.events = events;
    }

    /** An item already in the project. */
    record ExistingItem(long id, int priority, List<Message> messages, Map<String, String> candidateDigests) {}

    /** What writing one batch did. */
    record BatchOutcome(
            List<ImportError> errors,
            long itemsCreated,
            long itemsUnchanged,
            long itemsExtended,
            long candidatesAdded) {}

    /** The items of the project with these external ids, by external id. */
    Map<String, ExistingItem> existing(long projectId, List<String> externalIds) {
        Map<String, ExistingItem> result = new HashMap<>();
        if (externalIds.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                        SELECT i.id, i.external_id, i.priority, i.messages::text AS messages,
                               coalesce((SELECT json_agg(json_build_array(c.external_id, md5(c.content)) ORDER BY c.id)
                                         FROM candidate c WHERE c.item_id = i.id)::text, '[]') AS candidates
                        FROM item i WHERE i.project_id = ? AND i.external_id = ANY(?)
                        """).params(projectId, externalIds.toArray(String[]::new)).query(rs -> {
            Map<String, String> digests = new LinkedHashMap<>();
            for (List<String> pair : json.readValue(rs.getString("candidates"), PAIRS)) {
                digests.put(pair.get(0), pair.get(1));
            }
            result.put(
                    rs.getString("external_id"),
                    new ExistingItem(
                            rs.getLong("id"),
                            rs.getInt("priority"),
                            json.readValue(rs.getString("messages"), MESSAGES),
                            digests));
        });
        return result;
    }

    /**
     * Problems of {@code item} against what the project already holds: other messages under the same
     * id, a candidate id with another text, or (in a rank-only project) fewer than two candidates.
     */
    static List<ImportError> conflicts(ItemRecord item, ExistingItem existing, boolean rankOnly) {
        List<ImportError> errors = new ArrayList<>();
        int total = item.candidates().size();
        if (existing != null) {
            if (!existing.messages().equals(item.messages())) {
                errors.add(new ImportError(
                        item.line(),
                        item.path().isEmpty() ? "messages" : item.path(),
                        "item \"" + item.externalId() + "\" already exists with different messages;"
                                + " an item's conversation cannot change"));
            }
            for (CandidateRecord candidate : item.candidates()) {
                String digest = existing.candidateDigests().get(candidate.externalId());
                if (digest == null) {
                    continue;
                }
                total--;
                if (!digest.equals(md5(candidate.content()))) {
                    errors.add(new ImportError(
                            item.line(),
                            candidate.field(),
                            "candidate \"" + candidate.externalId() + "\" of item \"" + item.externalId()
                                    + "\" already exists with a different text"));
                }
            }
            total += existing.candidateDigests().size();
        }
        if (rankOnly && total < 2) {
            errors.add(new ImportError(
                    item.line(),
                    item.field("candidates"),
                    "this project only ranks (0 demonstrations per item), so an item needs at least two candidates;"
                            + " this one has " + total));
        }
        return errors;
    }

    /** Writes one batch inside the current transaction, then publishes {@link ItemsImported} for it. */
    BatchOutcome write(long projectId, long importId, List<ItemRecord> batch, boolean rankOnly) {
        Map<String, ExistingItem> existing =
                existing(projectId, batch.stream().map(ItemRecord::externalId).toList());
        List<ImportError> errors = new ArrayList<>();
        for (ItemRecord item : batch) {
            errors.addAll(conflicts(item, existing.get(item.externalId()), rankOnly));
        }
        if (!errors.isEmpty()) {
            return new BatchOutcome(errors, 0, 0, 0, 0);
        }
        List<ItemRecord> fresh = new ArrayList<>();
        for (ItemRecord item : batch) {
            if (!existing.containsKey(item.externalId())) {
                fresh.add(item);
            }
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Map<String, Long> ids = insertItems(connection, projectId, importId, fresh);
            ByteArrayOutputStream copy = new ByteArrayOutputStream(1 << 16);
            List<ImportedItem> touched = new ArrayList<>();
            long unchanged = 0;
            long extended = 0;
            long candidatesAdded = 0;
            for (ItemRecord item : batch) {
                ExistingItem before = existing.get(item.externalId());
                long itemId = before == null ? ids.get(item.externalId()) : before.id();
                List<String> all = new ArrayList<>(
                        before == null ? List.of() : before.candidateDigests().keySet());
                int added = 0;
                for (CandidateRecord candidate : item.candidates()) {
                    if (before != null && before.candidateDigests().containsKey(candidate.externalId())) {
                        continue;
                    }
                    copyRow(copy, itemId, candidate, importId);
                    all.add(candidate.externalId());
                    added++;
                }
                candidatesAdded += added;
                if (before == null) {
                    touched.add(new ImportedItem(itemId, item.priority(), List.copyOf(all), true));
                } else if (added > 0) {
                    extended++;
                    touched.add(new ImportedItem(itemId, before.priority(), List.copyOf(all), false));
                } else {
                    unchanged++;
                }
            }
            if (copy.size() > 0) {
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(
                                "COPY candidate (item_id, external_id, model, content, metadata, import_id) FROM STDIN",
                                new ByteArrayInputStream(copy.toByteArray()));
            }
            if (!touched.isEmpty()) {
                events.publishEvent(new ItemsImported(projectId, List.copyOf(touched)));
            }
            return new BatchOutcome(List.of(), fresh.size(), unchanged, extended, candidatesAdded);
        } catch (SQLException e) {
            throw translator.translate("import batch", null, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private Map<String, Long> insertItems(Connection connection, long projectId, long importId, List<ItemRecord> items)
            throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        if (items.isEmpty()) {
            return ids;
        }
        String[] externalIds = new String[items.size()];
        String[] messages = new String[items.size()];
        String[] metadata = new String[items.size()];
        Integer[] priorities = new Integer[items.size()];
        for (int i = 0; i < items.size(); i++) {
            ItemRecord item = items.get(i);
            externalIds[i] = item.externalId();
            messages[i] = json.writeValueAsString(item.messages());
            metadata[i] = json.writeValueAsString(item.metadata());
            priorities[i] = item.priority();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO item (project_id, external_id, messages, metadata, priority, import_id)
                SELECT ?, e, m::jsonb, d::jsonb, p, ?
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int[]) AS t(e, m, d, p)
                RETURNING id, external_id
                """)) {
            insert.setLong(1, projectId);
            insert.setLong(2, importId);
            insert.setArray(3, connection.createArrayOf("text", externalIds));
            insert.setArray(4, connection.createArrayOf("text", messages));
            insert.setArray(5, connection.createArrayOf("text", metadata));
            insert.setArray(6, connection.createArrayOf("int4", priorities));
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** One row of {@code COPY ... FROM STDIN} in PostgreSQL's text format. */
    private void copyRow(ByteArrayOutputStream out, long itemId, CandidateRecord candidate, long importId) {
        StringBuilder row = new StringBuilder(candidate.content().length() + 64);
        row.append(itemId).append('\t');
        escape(row, candidate.externalId());
        row.append('\t');
        if (candidate.model() == null) {
            row.append("\\N");
        } else {
            escape(row, candidate.model());
        }
        row.append('\t');
        escape(row, candidate.content());
        row.append('\t');
        escape(row, json.writeValueAsString(candidate.metadata()));
        row.append('\t').append(importId).append('\n');
        out.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void escape(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                case '\t' -> row.append("\\t");
                default -> row.append(c);
            }
        }
    }

    /** Hex MD5 of the UTF-8 bytes, as PostgreSQL's {@code md5(text)} gives it. */
    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long countTasks(long projectId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE project_id = ?")
                .param(projectId)
                .query(Long.class)
                .single();
    }

    /** Serialises imports into one project, so that checks against existing items stay true while writing. */
    void lockProject(long projectId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(7301, ?)")
                .param((int) projectId)
                .query((rs, n) -> 1)
                .list();
    }
}
