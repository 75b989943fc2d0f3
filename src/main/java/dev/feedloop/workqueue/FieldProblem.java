package dev.feedloop.workqueue;

/** What is wrong with one field of a request, as listed under {@code errors} in a 400 problem. */
public record FieldProblem(String field, String message) {}
