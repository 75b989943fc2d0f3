package dev.feedloop.workqueue;

import java.util.List;

/**
 * One page of a project's skips, newest first.
 *
 * @param nextBefore the {@code before} cursor of the next (older) page, or {@code null} on the last
 */
public record SkipPage(List<SkipView> skips, Long nextBefore) {}
