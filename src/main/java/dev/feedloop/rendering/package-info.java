/**
 * Safe rendering of untrusted text: markdown to HTML with raw HTML escaped and link URLs sanitised
 * ({@link dev.feedloop.rendering.MarkdownRenderer}), word diffs of two answers ({@link
 * dev.feedloop.rendering.WordDiff}) and the lines of a line diff ({@link
 * dev.feedloop.rendering.DiffLine}). Uses no other module, so every page can use it.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Rendering",
        allowedDependencies = {})
package dev.feedloop.rendering;
