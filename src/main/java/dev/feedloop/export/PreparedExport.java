package dev.feedloop.export;

import dev.feedloop.projects.ProjectSettings;

/**
 * An export that passed its permission and parameter checks, ready to stream with {@link
 * DatasetExporter#stream}. Preparing first lets a controller answer 400, 403 or 404 before the
 * response starts.
 */
public final class PreparedExport {

    private final ProjectSettings project;
    private final ExportRequest request;
    private final ExportSql sql;

    PreparedExport(ProjectSettings project, ExportRequest request, ExportSql sql) {
        this.project = project;
        this.request = request;
        this.sql = sql;
    }

    public ProjectSettings project() {
        return project;
    }

    public ExportRequest request() {
        return request;
    }

    /** A file name for the download, such as {@code demo-preferences-trl-raw-train.jsonl}. */
    public String fileName() {
        StringBuilder name = new StringBuilder(project.slug())
                .append('-')
                .append(request.kind().key())
                .append('-')
                .append(request.format().key());
        if (request.kind() == ExportKind.PREFERENCES && request.format() != ExportFormat.RANKINGS) {
            name.append('-').append(request.aggregation().key());
        }
        if (request.split() != SplitSelection.ALL) {
            name.append('-').append(request.split().key());
        }
        return name.append(".jsonl").toString();
    }

    ExportSql sql() {
        return sql;
    }
}
