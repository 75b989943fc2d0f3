package dev.feedloop.ingest;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Importing items and candidates into a project, all or nothing (administrators only).
 *
 * <p>An import first stores the upload in a temporary file (undoing gzip, enforcing size limits,
 * checking UTF-8), then reads the whole file once to check it: every line on its own, duplicate
 * ids within the file, and each item against what the project already holds. Any error refuses the
 * import with a 422 listing them, and nothing is written. Otherwise it reads the file a second time
 * and writes it in batches inside one transaction; the work queue creates task slots for each
 * batch in that same transaction ({@link ItemsImported}). Memory stays flat whatever the file's
 * size: only one batch and the set of the file's item ids are held.
 *
 * <p>The passes are {@link CheckingSink} (with {@link ExistingItems} and {@link ConflictRules}) and
 * {@link WritingSink} (with {@link ItemWriter}); {@link TaskCount} tells how many task slots the
 * import created.
 */
@Service
public class Imports {

    private static final Logger log = LoggerFactory.getLogger(Imports.class);

    private final Projects projects;
    private final ImportBatches batches;
    private final ExistingItems existingItems;
    private final ItemWriter writer;
    private final TaskCount taskCount;
    private final IngestProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final MessageSource messages;

    Imports(
            Projects projects,
            ImportBatches batches,
            ExistingItems existingItems,
            ItemWriter writer,
            TaskCount taskCount,
            IngestProperties properties,
            JsonMapper json,
            PlatformTransactionManager transactions,
            MessageSource messages) {
        this.projects = projects;
        this.batches = batches;
        this.existingItems = existingItems;
        this.writer = writer;
        this.taskCount = taskCount;
        this.properties = properties;
        this.json = json.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.transaction = new TransactionTemplate(transactions);
        this.messages = messages;
    }

    /**
     * Imports {@code upload} into the project, or refuses it with an {@link Refusal}: 422
     * with the errors found, 413 over a size limit. Either way the import is in the history.
     */
    public ImportResult importFile(String slug, ImportUpload upload, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        if (!user.admin()) {
            throw IngestRefusals.adminOnly();
        }
        try (ImportBatches.Owned owned =
                batches.start(project.id(), user.id(), upload.fileName(), upload.format(), upload.clientToken())) {
            long importId = owned.id();
            try {
                return run(project, slug, importId, upload);
            } finally {
                // Whatever ended the import (an Error such as running out of memory included), it is
                // not left VALIDATING or WRITING; a refusal or success has already recorded itself.
                try {
                    batches.failIfUnfinished(importId, serverFailed());
                } catch (RuntimeException e) {
                    log.warn("Could not mark import {} as failed: {}", importId, e.getMessage());
                }
            }
        }
    }

    private ImportResult run(ProjectSettings project, String slug, long importId, ImportUpload upload) {
        StoredUpload stored;
        try {
            stored = StoredUpload.store(
                    upload.content(),
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
        try (stored) {
            batches.stored(importId, stored.bytes(), stored.lines());
            if (stored.blank()) {
                throw noItems(importId);
            }
            check(project, importId, upload.format(), upload.priors(), stored);
            batches.writing(importId);
            return write(project.id(), importId, upload.format(), upload.priors(), stored);
        } catch (Refusal e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The stack trace is logged once, where the request's error is answered.
            log.warn("Import {} into project {} failed: {}", importId, slug, e.toString());
            batches.failed(importId, List.of(serverFailed()), 1);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
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

    /** The writing pass, in one transaction. */
    private ImportResult write(
            long projectId, long importId, ImportFormat format, PriorsMode priors, StoredUpload stored) {
        try {
            return transaction.execute(status -> {
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
