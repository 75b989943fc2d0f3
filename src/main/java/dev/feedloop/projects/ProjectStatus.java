package dev.feedloop.projects;

/** Life cycle of a project. Only {@link #ACTIVE} projects hand out work. */
public enum ProjectStatus {
    DRAFT,
    ACTIVE,
    PAUSED,
    ARCHIVED
}
