package dev.feedloop.generation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the calls made for people on pages (drafts and critiques on the write page).
 *
 * @param timeout how long one call may take, a streamed draft from its first byte to its last
 */
@ConfigurationProperties("feedloop.generation.assist")
public record AssistProperties(@DefaultValue("120s") Duration timeout) {}
