package dev.feedloop.export;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.quality.GoldChecks;
import dev.feedloop.quality.QualityReport;
import dev.feedloop.quality.QualityReports;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Frozen exports. A snapshot runs an export as of one instant and stores its lines in PostgreSQL,
 * one file per split part, with their SHA-256 in a manifest. Its files are served from the stored
 * lines, so they are the same bytes every time, on every server, whatever judgments and reviews
 * arrive later.
 */
@Service
public class Snapshots {

    private static final String FILE_LINES = "SELECT line FROM snapshot_line WHERE file_id = %d ORDER BY seq";

    private final DatasetExporter exporter;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final ExportProperties properties;
    private final QualityReports reports;
    private final GoldChecks gold;
    private final Pseudonyms pseudonyms;
    private final DatasetCards cards;
    private final TransactionTemplate writing;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    Snapshots(
            DatasetExporter exporter,
            JdbcClient jdbc,
            DataSource dataSource,
            JsonMapper json,
            ExportProperties properties,
            QualityReports reports,
            GoldChecks gold,
            Pseudonyms pseudonyms,
            DatasetCards cards,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            AuditLog audit) {
        this.events = events;
        this.audit = audit;
        this.exporter = exporter;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.properties = properties;
        this.reports = reports;
        this.gold = gold;
        this.pseudonyms = pseudonyms;
        this.cards = cards;
        this.writing = new TransactionTemplate(transactions);
    }

    /**
     * Freezes an export: with split {@code all} it writes {@code train.jsonl} and {@code
     * test.jsonl}, else the one part asked for. The files and the manifest are written in one
     * transaction: a failure leaves nothing. The manifest's quality numbers are computed for the same
     * instant just before that transaction, so that their bootstrap does not hold it open.
     */
    public SnapshotManifest create(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        ProjectSettings project = exporter.project(slug, me);
        return create(project, me, exporter.request(project, kind, parameters), SnapshotProgress.NONE);
    }

    /** The same for a checked request, telling {@code progress} how the writing goes. */
    SnapshotManifest create(
            ProjectSettings project, AccountPrincipal me, ExportRequest request, SnapshotProgress progress) {
        SnapshotQuality quality = quality(project, me, request.asOf());
        return writing.execute(status -> {
            progress.writing();
            SnapshotManifest manifest = write(project, me, request, quality, progress);
            progress.written(manifest.id());
            return manifest;
        });
    }

    private SnapshotQuality quality(ProjectSettings project, AccountPrincipal me, Instant asOf) {
        QualityReport report = reports.report(project.slug(), me, asOf);
        byte[] key = pseudonyms.key(project.id());
        return SnapshotQuality.of(report, gold.accuracies(project.id(), asOf), userId -> Pseudonyms.of(key, userId));
    }

    private SnapshotManifest write(
            ProjectSettings project,
            AccountPrincipal me,
            ExportRequest request,
            SnapshotQuality quality,
            SnapshotProgress progress) {
        ExportKind kind = request.kind();
        Instant createdAt = Instant.now();
        long id = jdbc.sql("""
                        INSERT INTO snapshot (project_id, kind, format, as_of, manifest, created_by, created_at)
                        VALUES (?, ?, ?, ?, '{}', ?, ?) RETURNING id
                        """)
                .params(
                        project.id(),
                        kind.name(),
                        request.format().key(),
                        Timestamp.from(request.asOf()),
                        me.id(),
                        Timestamp.from(createdAt))
                .query(Long.class)
                .single();
        List<SplitSelection> parts = request.split() == SplitSelection.ALL
                ? List.of(SplitSelection.TRAIN, SplitSelection.TEST)
                : List.of(request.split());
        List<SnapshotFileView> files = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SplitSelection part : parts) {
            progress.fileStarted(part.key() + ".jsonl");
            SnapshotFileView file = writeFile(id, exporter.prepare(project, request.withSplit(part)), part);
            files.add(file);
            progress.fileWritten(file);
            counts.put(part.key(), file.rows());
        }
        ExportSql whole = exporter.prepare(project, request).sql();
        List<Integer> versions =
                jdbc.sql(whole.guidelineVersions()).query(Integer.class).list();
        List<String> leftOut = jdbc.sql(whole.leftOut()).query(String.class).list();
        var manifest = new SnapshotManifest(
                id,
                project.slug(),
                kind.key(),
                request.format().key(),
                request.describe(),
                ExportPolicies.describe(request, project.gold()),
                request.asOf(),
                counts,
                files,
                versions,
                me.getUsername(),
                createdAt,
                new SnapshotAnnotators(request.annotators().key(), leftOut.size(), leftOut),
                quality,
                null,
                request.round());
        String card = cards.render(project.id(), project.name(), manifest);
        byte[] cardBytes = card.getBytes(StandardCharsets.UTF_8);
        SnapshotManifest withCard = manifest.withCard(new SnapshotFileView(
                SnapshotCard.FILE_NAME,
                "card",
                card.lines().count(),
                cardBytes.length,
                HexFormat.of().formatHex(sha256().digest(cardBytes))));
        jdbc.sql("UPDATE snapshot SET manifest = ?::jsonb, card = ? WHERE id = ?")
                .params(json.writeValueAsString(withCard), card, id)
                .update();
        events.publishEvent(new SnapshotCreated(
                project.id(), id, kind.key(), request.format().key(), counts));
        return withCard;
    }

    private SnapshotFileView writeFile(long snapshotId, PreparedExport export, SplitSelection part) {
        String name = part.key() + ".jsonl";
        long fileId = jdbc.sql("""
                        INSERT INTO snapshot_file (snapshot_id, name, split, rows, size_bytes, sha256)
                        VALUES (?, ?, ?, 0, 0, '') RETURNING id
                        """)
                .params(snapshotId, name, part.key())
                .query(Long.class)
                .single();
        long rows = jdbc.sql(
                        "INSERT INTO snapshot_line (file_id, seq, line) SELECT ?, row_number() OVER (), line FROM ("
                                + export.sql().lines() + "\n) q(line)")
                .param(fileId)
                .update();
        MessageDigest sha256 = sha256();
        var counter = new CountingOutputStream();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (var out = new DigestOutputStream(counter, sha256)) {
            CopyOut.copy(connection, FILE_LINES.formatted(fileId), out);
        } catch (SQLException | IOException e) {
            throw new DataAccessResourceFailureException("Could not read back snapshot file: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        String hex = HexFormat.of().formatHex(sha256.digest());
        jdbc.sql("UPDATE snapshot_file SET rows = ?, size_bytes = ?, sha256 = ? WHERE id = ?")
                .params(rows, counter.count, hex, fileId)
                .update();
        return new SnapshotFileView(name, part.key(), rows, counter.count, hex);
    }

    /** A project's snapshots, newest first. */
    @Transactional(readOnly = true)
    public List<SnapshotManifest> list(String slug, AccountPrincipal me) {
        ProjectSettings project = exporter.requireExporter(slug, me);
        return jdbc.sql("SELECT manifest::text FROM snapshot WHERE project_id = ? ORDER BY id DESC")
                .param(project.id())
                .query((rs, n) -> json.readValue(rs.getString(1), SnapshotManifest.class))
                .list();
    }

    @Transactional(readOnly = true)
    public SnapshotManifest manifest(long id, AccountPrincipal me) {
        requireAdmin(me);
        return jdbc.sql("SELECT manifest::text FROM snapshot WHERE id = ?")
                .param(id)
                .query((rs, n) -> json.readValue(rs.getString(1), SnapshotManifest.class))
                .optional()
                .orElseThrow(() -> ExportRefusals.snapshotNotFound(id));
    }

    /**
     * The dataset card of snapshot {@code id}: the one frozen with it, or for a snapshot made before
     * cards were, one rendered now from its manifest.
     */
    @Transactional
    public String card(long id, AccountPrincipal me) {
        requireAdmin(me);
        String card = stored(id).card();
        recordDownload(id, SnapshotCard.FILE_NAME, me);
        return card;
    }

    /** The same for a snapshot reached through its project (pages). */
    @Transactional
    public String card(String slug, long id, AccountPrincipal me) {
        exporter.requireExporter(slug, me);
        StoredSnapshot snapshot = stored(id);
        if (!snapshot.manifest().project().equals(slug)) {
            throw ExportRefusals.snapshotNotFound(id);
        }
        recordDownload(id, SnapshotCard.FILE_NAME, me);
        return snapshot.card();
    }

    /** Snapshot {@code id} as one {@code .tar}, if {@code me} may download it; write it with {@link #write(SnapshotArchive, OutputStream)}. */
    @Transactional
    public SnapshotArchive archive(long id, AccountPrincipal me) {
        requireAdmin(me);
        StoredSnapshot snapshot = stored(id);
        List<SnapshotArchive.Entry> entries = new ArrayList<>();
        entries.add(SnapshotArchive.Entry.text(SnapshotCard.FILE_NAME, snapshot.card()));
        entries.add(SnapshotArchive.Entry.text(
                "manifest.json", json.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot.manifest()) + "\n"));
        jdbc.sql("SELECT id, name, size_bytes FROM snapshot_file WHERE snapshot_id = ? ORDER BY id")
                .param(id)
                .query((rs, n) ->
                        SnapshotArchive.Entry.file(rs.getString("name"), rs.getLong("size_bytes"), rs.getLong("id")))
                .list()
                .forEach(entries::add);
        recordDownload(id, "archive", me);
        return new SnapshotArchive(snapshot.manifest(), entries);
    }

    /** The same for a snapshot reached through its project (pages). */
    @Transactional
    public SnapshotArchive archive(String slug, long id, AccountPrincipal me) {
        exporter.requireExporter(slug, me);
        SnapshotArchive archive = archive(id, me);
        if (!archive.manifest().project().equals(slug)) {
            throw ExportRefusals.snapshotNotFound(id);
        }
        return archive;
    }

    /**
     * Writes {@code archive} as a POSIX tar: a folder {@code <project>-snapshot-<id>/} holding the
     * card, the manifest and the files, each file streamed from PostgreSQL as its download is.
     */
    public void write(SnapshotArchive archive, OutputStream out) throws IOException {
        var tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (SnapshotArchive.Entry entry : archive.entries()) {
            var header = new TarArchiveEntry(archive.folder() + "/" + entry.name());
            header.setSize(entry.size());
            header.setModTime(archive.manifest().createdAt().toEpochMilli());
            header.setMode(0644);
            tar.putArchiveEntry(header);
            if (entry.text() != null) {
                tar.write(entry.text());
            } else {
                CopyOut.stream(dataSource, FILE_LINES.formatted(entry.fileId()), tar, false, properties.gzipLevel());
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    private record StoredSnapshot(SnapshotManifest manifest, String card) {}

    private StoredSnapshot stored(long id) {
        return jdbc.sql("""
                        SELECT s.manifest::text, s.card, s.project_id, p.name FROM snapshot s
                        JOIN project p ON p.id = s.project_id WHERE s.id = ?
                        """)
                .param(id)
                .query((rs, n) -> {
                    SnapshotManifest manifest = json.readValue(rs.getString(1), SnapshotManifest.class);
                    String card = rs.getString(2);
                    return new StoredSnapshot(
                            manifest, card != null ? card : cards.render(rs.getLong(3), rs.getString(4), manifest));
                })
                .optional()
                .orElseThrow(() -> ExportRefusals.snapshotNotFound(id));
    }

    /** The file {@code name} of snapshot {@code id}, if {@code me} may download it. */
    @Transactional
    public SnapshotFile file(long id, String name, AccountPrincipal me) {
        requireAdmin(me);
        SnapshotFile file = jdbc.sql("""
                        SELECT f.id, f.size_bytes, f.sha256, p.slug FROM snapshot_file f
                        JOIN snapshot s ON s.id = f.snapshot_id JOIN project p ON p.id = s.project_id
                        WHERE f.snapshot_id = ? AND f.name = ?
                        """)
                .params(id, name)
                .query((rs, n) -> new SnapshotFile(
                        id,
                        rs.getString("slug"),
                        name,
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        rs.getLong("id")))
                .optional()
                .orElseThrow(() -> ExportRefusals.fileNotFound(id, name));
        recordDownload(id, name, me);
        return file;
    }

    /**
     * The same project check for a snapshot reached through its project (pages). A refusal here
     * rolls the download's audit entry back with it.
     */
    @Transactional
    public SnapshotFile file(String slug, long id, String name, AccountPrincipal me) {
        exporter.requireExporter(slug, me);
        SnapshotFile file = file(id, name, me);
        if (!file.projectSlug().equals(slug)) {
            throw ExportRefusals.fileNotFound(id, name);
        }
        return file;
    }

    /** Who downloads which file of which snapshot ({@code archive} for the whole tar). */
    private void recordDownload(long snapshotId, String file, AccountPrincipal me) {
        long projectId = jdbc.sql("SELECT project_id FROM snapshot WHERE id = ?")
                .param(snapshotId)
                .query(Long.class)
                .single();
        audit.record(AuditEntry.of(AuditAction.SNAPSHOT_DOWNLOADED)
                .by(me.id(), me.getUsername())
                .project(projectId)
                .target("snapshot:" + snapshotId)
                .with("snapshotId", snapshotId)
                .with("file", file));
    }

    /** Writes a snapshot file's bytes, gzip-compressed when {@code gzip}; on its own connection. */
    public void write(SnapshotFile file, OutputStream out, boolean gzip) throws IOException {
        CopyOut.stream(dataSource, FILE_LINES.formatted(file.fileId()), out, gzip, properties.gzipLevel());
    }

    private static void requireAdmin(AccountPrincipal me) {
        if (!me.admin()) {
            throw ExportRefusals.adminsOnly();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
