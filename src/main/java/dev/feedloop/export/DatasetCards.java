package dev.feedloop.export;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.ProjectSettings;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's dataset card settings (license, languages, description), and the {@code README.md}
 * card of a snapshot, rendered from its manifest when the snapshot is made.
 */
@Service
public class DatasetCards {

    static final int MAX_DESCRIPTION = 20_000;
    static final int MAX_LANGUAGES = 20;
    private static final Pattern LICENSE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8})?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_MODELS = 50;

    private final DatasetExporter exporter;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    private final AuditLog audit;

    DatasetCards(DatasetExporter exporter, JdbcClient jdbc, JsonMapper json, AuditLog audit) {
        this.audit = audit;
        this.exporter = exporter;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The project's card settings (administrators); the defaults until they are saved. */
    @Transactional(readOnly = true)
    public DatasetCardSettings settings(String slug, AccountPrincipal me) {
        return settings(exporter.requireExporter(slug, me).id());
    }

    /**
     * Saves the project's card settings (administrators). The license is a lower-case identifier
     * such as {@code cc-by-4.0}; languages are ISO 639 codes (blank entries dropped, duplicates
     * kept once); the description is markdown with LF line breaks. Snapshots made before keep
     * their cards; the next ones use these.
     */
    @Transactional
    public DatasetCardSettings save(String slug, AccountPrincipal me, DatasetCardSettings wanted) {
        ProjectSettings project = exporter.requireExporter(slug, me);
        DatasetCardSettings checked = check(wanted);
        jdbc.sql("""
                        INSERT INTO dataset_card_settings (project_id, license, languages, description, updated_by, updated_at)
                        VALUES (?, ?, ?, ?, ?, now())
                        ON CONFLICT (project_id) DO UPDATE SET license = excluded.license,
                            languages = excluded.languages, description = excluded.description,
                            updated_by = excluded.updated_by, updated_at = excluded.updated_at
                        """)
                .params(
                        project.id(),
                        checked.license(),
                        checked.languages().toArray(String[]::new),
                        checked.description(),
                        me.id())
                .update();
        audit.record(AuditEntry.of(AuditAction.PROJECT_SETTINGS_CHANGED)
                .by(me.id(), me.getUsername())
                .project(project.id())
                .target("dataset-card:" + project.slug())
                .with("license", checked.license())
                .with("languages", String.join(",", checked.languages())));
        return checked;
    }

    static DatasetCardSettings check(DatasetCardSettings wanted) {
        String license =
                wanted.license() == null ? "unknown" : wanted.license().strip().toLowerCase(Locale.ROOT);
        if (license.isEmpty()) {
            license = "unknown";
        }
        if (!LICENSE.matcher(license).matches()) {
            throw ExportRefusals.invalid("license", wanted.license());
        }
        var languages = new LinkedHashMap<String, String>();
        for (String language : wanted.languages()) {
            String code = language == null ? "" : language.strip();
            if (code.isEmpty()) {
                continue;
            }
            if (!LANGUAGE.matcher(code).matches()) {
                throw ExportRefusals.invalid("languages", code);
            }
            int dash = code.indexOf('-');
            String primary = (dash < 0 ? code : code.substring(0, dash)).toLowerCase(Locale.ROOT);
            languages.putIfAbsent(code.toLowerCase(Locale.ROOT), dash < 0 ? primary : primary + code.substring(dash));
        }
        if (languages.size() > MAX_LANGUAGES) {
            throw ExportRefusals.invalid("languages", languages.size() + " codes");
        }
        String description = LineBreaks.normalize(wanted.description()).strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw ExportRefusals.invalid("description", MAX_DESCRIPTION);
        }
        return new DatasetCardSettings(license, List.copyOf(languages.values()), description);
    }

    DatasetCardSettings settings(long projectId) {
        return jdbc.sql("SELECT license, languages, description FROM dataset_card_settings WHERE project_id = ?")
                .param(projectId)
                .query((rs, n) -> new DatasetCardSettings(rs.getString(1), strings(rs.getArray(2)), rs.getString(3)))
                .optional()
                .orElse(DatasetCardSettings.UNSET);
    }

    /**
     * The card of a snapshot whose files are written: from its manifest, the project's card
     * settings, the guideline versions it names, the models of the project's candidates and the
     * keys of its first line.
     */
    String render(long projectId, String projectName, SnapshotManifest manifest) {
        List<SnapshotCard.Guideline> guidelines = manifest.guidelineVersions().isEmpty()
                ? List.of()
                : jdbc.sql("""
                                SELECT version, created_at, content FROM guideline_version
                                WHERE project_id = ? AND version = ANY (?) ORDER BY version
                                """)
                        .params(projectId, manifest.guidelineVersions().toArray(Integer[]::new))
                        .query((rs, n) -> new SnapshotCard.Guideline(
                                rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                        .list();
        List<SnapshotCard.ModelCount> models = jdbc.sql("""
                        SELECT c.model, count(*) FROM candidate c JOIN item i ON i.id = c.item_id
                        WHERE i.project_id = ? AND c.model IS NOT NULL AND c.model <> ''
                        GROUP BY c.model ORDER BY count(*) DESC, c.model LIMIT ?
                        """)
                .params(projectId, MAX_MODELS)
                .query((rs, n) -> new SnapshotCard.ModelCount(rs.getString(1), rs.getLong(2)))
                .list();
        List<String> fields = jdbc.sql("""
                        SELECT l.line FROM snapshot_line l JOIN snapshot_file f ON f.id = l.file_id
                        WHERE f.snapshot_id = ? ORDER BY f.id, l.seq LIMIT 1
                        """)
                .param(manifest.id())
                .query(String.class)
                .optional()
                .map(line ->
                        List.copyOf(json.readValue(line, LinkedHashMap.class).keySet()))
                .map(keys -> keys.stream().map(String::valueOf).toList())
                .orElse(List.of());
        return new SnapshotCard(manifest, projectName, settings(projectId), guidelines, models, fields).render(json);
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        var list = new ArrayList<String>();
        for (Object o : (Object[]) array.getArray()) {
            list.add((String) o);
        }
        return list;
    }
}
