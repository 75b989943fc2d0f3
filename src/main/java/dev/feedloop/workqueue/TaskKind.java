package dev.feedloop.workqueue;

import dev.feedloop.projects.ProjectRole;
import java.util.Locale;

/** What a task asks for, and the project role a person needs to take it. */
public enum TaskKind {
    /** Write the ideal answer: a demonstration. Needs {@link ProjectRole#LABELER}. */
    WRITE(ProjectRole.LABELER),
    /** Rank the candidates: a ranking. Needs {@link ProjectRole#ANNOTATOR}. */
    RANK(ProjectRole.ANNOTATOR);

    private final ProjectRole role;

    TaskKind(ProjectRole role) {
        this.role = role;
    }

    public ProjectRole role() {
        return role;
    }

    /** The name used in URLs and JSON: {@code write} or {@code rank}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code write} or {@code rank} (any case); anything else is a 400. */
    public static TaskKind fromApiName(String name) {
        if (name != null) {
            for (TaskKind kind : values()) {
                if (kind.name().equalsIgnoreCase(name.strip())) {
                    return kind;
                }
            }
        }
        throw WorkQueueRefusals.unknownKind(name);
    }
}
