package dev.feedloop.workqueue;

import java.util.Locale;

/**
 * Why a person skipped a task. The code is sent and stored in lower case ({@code unclear_prompt});
 * {@link #OTHER} needs a note saying why.
 */
public enum SkipReason {
    /** The prompt is ambiguous, cut off or makes no sense. */
    UNCLEAR_PROMPT,
    /** The person lacks the knowledge to judge this well. */
    NEEDS_EXPERTISE,
    /** The content is harmful or disturbing to work on. */
    HARMFUL_CONTENT,
    /** The item or its candidates are broken (empty, garbled, wrong language). */
    BROKEN_ITEM,
    /** The person knows the author or has another conflict of interest. */
    CONFLICT_OF_INTEREST,
    /** Anything else; a note is required. */
    OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every reason's code, comma-separated, for messages. */
    static String codes() {
        return java.util.Arrays.stream(values())
                .map(SkipReason::code)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The reason for {@code code}, or {@code null} when there is none. */
    static SkipReason fromCode(String code) {
        if (code != null) {
            for (SkipReason reason : values()) {
                if (reason.code().equalsIgnoreCase(code.strip())) {
                    return reason;
                }
            }
        }
        return null;
    }
}
