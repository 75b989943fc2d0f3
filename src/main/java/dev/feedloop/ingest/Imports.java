package dev.feedloop.ingest;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.jobs.Jobs;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Importing items and candidates into a project, all or nothing (administrators only), as durable
 * jobs.
 *
 * <p>{@link #submit} stores the upload in PostgreSQL ({@link UploadChunks}: undoing gzip,
 * enforcing size limits, checking UTF-8) and schedules the import's job ({@link ImportJobWorker},
 * task {@code ingest-import}); the answer comes before any line is checked, and any server of the
 * database may run the job. The job reads the whole file once to check it: every line on its own,
 * duplicate ids within the file, and each item against what the project already holds. Any error
 * fails the import with the errors listed, and nothing is written. Otherwise it reads the file a
 * second time and writes it in batches inside one transaction; the work queue creates task slots
 * for each batch in that same transaction ({@link ItemsImported}). Memory stays flat whatever the
 * file's size: only one batch and the set of the file's item ids are held.
 *
 * <p>The passes are {@link CheckingSink} (with {@link ExistingItems} and {@link ConflictRules}) and
 * {@link WritingSink} (with {@link ItemWriter}); {@link TaskCount} tells how many task slots the
 * import created.
 */
@Service
public class Imports {

    /** How long {@code wait} may hold a request. */
    public static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    private final Projects projects;
    private final ImportBatches batches;
    private final UploadChunks chunks;
    private final ExistingItems existingItems;
    private final ItemWriter writer;
    private final TaskCount taskCount;
    private final IngestProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final MessageSource messages;
    private final Jobs jobs;
    private final CustomTask<Void> task;
    private final JdbcClient jdbc;
    private final Users users;

    Imports(
            Projects projects,
            ImportBatches batches,
            UploadChunks chunks,
            ExistingItems existingItems,
            ItemWriter writer,
            TaskCount taskCount,
            IngestProperties properties,
            JsonMapper json,
            PlatformTransactionManager transactions,
            MessageSource messages,
            Jobs jobs,
            @Qualifier("importJobTask") CustomTask<Void> task,
            JdbcClient jdbc,
            Users users) {
        this.projects = projects;
        this.batches = batches;
        this.chunks = chunks;
        this.existingItems = existingItems;
        this.writer = writer;
        this.taskCount = taskCount;
        this.properties = properties;
        this.json = json.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.transaction = new TransactionTemplate(transactions);
        this.messages = messages;
        this.jobs = jobs;
        this.task = task;
        this.jdbc = jdbc;
        this.users = users;
    }

    /**
     * Stores {@code upload} in the database and schedules the import's job; answers the import
     * (queued) before any line is checked. A file refused while storing (a size or line limit,
     * damaged gzip, a broken upload, no content) is refused here, and recorded.
     */
    public ImportView submit(String slug, ImportUpload upload, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        if (!user.admin()) {
            throw IngestRefusals.adminOnly();
        }
        long importId;
        try (ImportBatches.Owned owned = batches.start(
                project.id(), user.id(), upload.fileName(), upload.format(), upload.clientToken(), upload.priors())) {
            importId = owned.id();
            try {
                store(slug, importId, upload);
            } finally {
                // Whatever ended the upload (an Error such as running out of memory included), the
                // import is not left uploading; a refusal has already recorded itself.
                try {
                    if (batches.find(project.id(), importId)
                            .map(v -> "uploading".equals(v.phase()))
                            .orElse(false)) {
                        batches.failIfUnfinished(importId, serverFailed());
                        batches.removeUpload(importId);
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not mark import {} as failed: {}", importId, e.getMessage());
                }
            }
        }
        return batches.find(project.id(), importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
    }

    /** Stores the upload and schedules the job. */
    private void store(String slug, long importId, ImportUpload upload) {
        StoredUpload stored;
        try {
            stored = StoredUpload.store(
                    upload.content(),
                    chunks.writer(importId),
                    () -> chunks.reader(importId),
                    () -> chunks.delete(importId),
                    properties.maxUploadSize().toBytes(),
                    properties.maxDecompressedSize().toBytes(),
                    properties.maxLineLength().toBytes(),
                    properties.maxErrors());
        } catch (Refusal e) {
            List<ImportError> errors = IngestRefusals.errors(e).isEmpty()
                    ? List.of(new ImportError(
                            0, null, e.apiDetail(messages), e.messageCode(), List.of(e.messageArguments())))
                    : IngestRefusals.errors(e);
            batches.failed(importId, errors, errors.size());
            throw IngestRefusals.recordedAs(e, importId);
        } catch (IOException | UncheckedIOException e) {
            log.warn("Import {} into project {}: the upload could not be read ({})", importId, slug, e.toString());
            batches.failed(
                    importId,
                    List.of(ImportError.of(0, null, "the upload could not be read", "ingest.problem.uploadUnreadable")),
                    1);
            throw IngestRefusals.recordedAs(IngestRefusals.unreadable("the upload was interrupted."), importId);
        }
        if (stored.blank()) {
            batches.stored(importId, stored.bytes(), stored.lines());
            chunks.delete(importId);
            throw noItems(importId);
        }
        transaction.executeWithoutResult(status -> {
            if (batches.queued(importId, stored)) {
                jobs.scheduleIfAbsent(task.schedulableInstance(String.valueOf(importId)));
            } else {
                chunks.delete(importId);
            }
        });
    }

    /**
     * One execution of an import's job: checks, then writes in one transaction. A refusal (the file
     * has errors, no items) has recorded itself as FAILED when it is thrown.
     */
    void execute(ImportBatches.Job job) {
        if (job.userId() == null || !mayImport(users.get(job.userId()))) {
            batches.failed(
                    job.id(),
                    List.of(ImportError.of(
                            0,
                            null,
                            "the administrator who started the import no longer may import",
                            "ingest.problem.importerNotAdmin")),
                    1);
            throw IngestRefusals.adminOnly();
        }
        ProjectSettings project = projects.get(job.projectId());
        StoredUpload stored = new StoredUpload(
                () -> chunks.reader(job.id()),
                () -> {},
                job.bytes(),
                job.lines(),
                job.encodingErrors(),
                job.badLines(),
                false);
        try {
            check(project, job.id(), job.format(), job.priors(), stored);
            batches.writing(job.id());
            write(project.id(), job.id(), job.format(), job.priors(), stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean mayImport(UserView user) {
        return user.enabled() && user.admin();
    }

    /** The name the writing transaction gives its connection, so that a cancel finds it. */
    static String connectionName(long importId) {
        return "feedloop-import-job-" + importId;
    }

    /**
     * Cancels an import (administrators): one uploading or queued ends at once; a running one stops
     * its statement, rolls back and ends within moments, FAILED with "cancelled". One that has ended
     * is a 409.
     */
    public ImportView cancel(String slug, long importId, AccountPrincipal user) {
        ProjectSettings project = requireAdmin(slug, user);
        batches.find(project.id(), importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
        Optional<String> phase = transaction.execute(status -> batches.requestCancel(importId));
        if (phase.isEmpty()) {
            throw IngestRefusals.importEnded(importId);
        }
        if (phase.get().equals("writing")) {
            jdbc.sql("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")
                    .param(connectionName(importId))
                    .query(Long.class)
                    .single();
        }
        return batches.find(project.id(), importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
    }

    /**
     * The import once it has ended, or as it is after {@code wait} (at most {@link #LONGEST_WAIT});
     * looked at every 100 ms, outside any transaction.
     */
    public ImportView await(String slug, long importId, AccountPrincipal user, Duration wait) {
        ProjectSettings project = requireAdmin(slug, user);
        batches.find(project.id(), importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
        return awaitEnd(importId, wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }

    private ImportView awaitEnd(long importId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        ImportView imp = batches.find(importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
        while (!imp.status().finished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return imp;
            }
            imp = batches.find(importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
        }
        return imp;
    }

    /**
     * What an ended import answers: its counts when DONE, else the refusal it failed with (422 with
     * its errors; 409 when cancelled; 500 when the servers failed).
     */
    public static ImportResult result(ImportView imp) {
        return switch (imp.status()) {
            case DONE ->
                new ImportResult(
                        imp.id(),
                        ImportStatus.DONE,
                        imp.linesTotal() == null ? 0 : imp.linesTotal(),
                        imp.itemsCreated(),
                        imp.itemsUnchanged(),
                        imp.itemsExtended(),
                        imp.candidatesAdded(),
                        imp.tasksCreated(),
                        imp.format(),
                        imp.priorJudgmentsAdded());
            case FAILED -> throw IngestRefusals.failedAs(imp);
            default -> throw new IllegalStateException("import " + imp.id() + " has not ended");
        };
    }

    private static ImportError serverFailed() {
        return ImportError.of(0, null, "the import failed on the server", "ingest.problem.serverFailed");
    }

    /** One import of the project (administrators only). */
    public ImportView get(String slug, long importId, AccountPrincipal user) {
        ProjectSettings project = requireAdmin(slug, user);
        return batches.find(project.id(), importId).orElseThrow(() -> IngestRefusals.importNotFound(importId));
    }

    /** The import the page started with {@code token}, if its upload has arrived. */
    public java.util.Optional<ImportView> findByToken(String slug, UUID token, AccountPrincipal user) {
        ProjectSettings project = requireAdmin(slug, user);
        return batches.findByToken(project.id(), token);
    }

    /** The project's imports, newest first. */
    public List<ImportView> history(String slug, int limit, AccountPrincipal user) {
        ProjectSettings project = requireAdmin(slug, user);
        return batches.recent(project.id(), Math.max(1, Math.min(limit, 500)));
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        if (!user.admin()) {
            throw IngestRefusals.adminOnly();
        }
        return project;
    }

    private ItemReader reader(ImportFormat format) {
        return format == ImportFormat.CSV
                ? new CsvItemReader(
                        json,
                        properties.maxFieldLength(),
                        properties.maxLineLength().toBytes())
                : new JsonLinesReader(
                        json,
                        new JsonItemDecoder(json, properties.maxFieldLength()),
                        format,
                        properties.maxLineLength().toBytes());
    }

    /** Reads the file into {@code sink}, joining repeated records of one item and applying {@code priors}. */
    private static void read(ItemReader reader, Reader in, StoredUpload stored, ImportSink sink, PriorsMode priors)
            throws IOException {
        MergingSink merging = new MergingSink(sink, priors);
        reader.read(in, stored.badLines(), merging);
        merging.flush();
    }

    private static boolean rankOnly(ProjectSettings project) {
        return project.demonstrationsPerItem() == 0 && project.rankingsPerItem() > 0;
    }

    /** The checking pass: throws a 422 (after recording it) when the file has any error. */
    private void check(
            ProjectSettings project, long importId, ImportFormat format, PriorsMode priors, StoredUpload stored)
            throws IOException {
        CheckingSink sink = new CheckingSink(
                project.id(), rankOnly(project), importId, stored.encodingErrors(), properties, existingItems, batches);
        ItemReader reader = reader(format);
        try (Reader in = stored.reader()) {
            read(reader, in, stored, sink, priors);
        }
        batches.formatRead(importId, reader.formatRead());
        sink.finish();
        if (sink.errorCount() > 0) {
            List<ImportError> errors = sink.errors();
            batches.failed(importId, errors, sink.errorCount());
            throw IngestRefusals.rejected(importId, errors, sink.errorCount());
        }
        if (sink.itemCount() == 0) {
            throw noItems(importId);
        }
    }

    /** Records and answers that the file holds no items (empty, blank, or a CSV header alone). */
    private Refusal noItems(long importId) {
        Refusal noItems = IngestRefusals.noItems(importId);
        batches.failed(importId, IngestRefusals.errors(noItems), 1);
        return noItems;
    }

    /** The writing pass, in one transaction; its connection is named after the import while it runs. */
    private ImportResult write(
            long projectId, long importId, ImportFormat format, PriorsMode priors, StoredUpload stored) {
        try {
            return transaction.execute(status -> {
                jdbc.sql("SELECT set_config('application_name', ?, true)")
                        .param(connectionName(importId))
                        .query(String.class)
                        .single();
                writer.lockProject(projectId);
                ProjectSettings project = projects.get(projectId);
                WritingSink writing =
                        new WritingSink(projectId, rankOnly(project), importId, properties, writer, batches);
                long tasksBefore = taskCount.of(projectId);
                ItemReader reader = reader(format);
                try (Reader in = stored.reader()) {
                    read(reader, in, stored, writing, priors);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                writing.flush();
                if (!writing.errors().isEmpty()) {
                    // Someone changed the project's items between the check and the write.
                    throw IngestRefusals.rejected(
                            importId, writing.errors(), writing.errors().size());
                }
                ImportResult result = writing.result(
                        ImportStatus.DONE, reader.formatRead(), stored.lines(), taskCount.of(projectId) - tasksBefore);
                batches.done(importId, result);
                return result;
            });
        } catch (Refusal e) {
            batches.failed(
                    importId, IngestRefusals.errors(e), IngestRefusals.errors(e).size());
            throw e;
        }
    }
}
