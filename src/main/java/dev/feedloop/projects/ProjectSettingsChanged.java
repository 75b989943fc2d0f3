package dev.feedloop.projects;

/** A project's settings changed, among them possibly how many judgments each item needs. */
public record ProjectSettingsChanged(long projectId) {}
