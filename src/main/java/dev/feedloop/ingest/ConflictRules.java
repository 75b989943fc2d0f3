package dev.feedloop.ingest;

import dev.feedloop.ingest.ExistingItems.ExistingItem;
import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a re-import may do to an item the project already holds: add candidates, never change its
 * messages or the text of a candidate it has; and in a rank-only project an item needs two
 * candidates. A gold answer names only the item's candidates (those it has and those the line adds).
 */
final class ConflictRules {

    private ConflictRules() {}

    /**
     * Problems of {@code item} against what the project already holds: other messages under the same
     * id, a candidate id with another text, or (in a rank-only project) fewer than two candidates.
     */
    static List<ImportError> conflicts(ItemRecord item, ExistingItem existing, boolean rankOnly) {
        List<ImportError> errors = new ArrayList<>();
        int total = item.candidates().size();
        if (existing != null) {
            if (!existing.messages().equals(item.messages())) {
                errors.add(ImportError.of(
                        item.line(),
                        item.path().isEmpty() ? "messages" : item.path(),
                        "item \"" + item.externalId() + "\" already exists with different messages;"
                                + " an item's conversation cannot change",
                        "ingest.problem.messagesChanged",
                        item.externalId()));
            }
            for (CandidateRecord candidate : item.candidates()) {
                String digest = existing.candidateDigests().get(candidate.externalId());
                if (digest == null) {
                    continue;
                }
                total--;
                if (!digest.equals(md5(candidate.content()))) {
                    errors.add(ImportError.of(
                            item.line(),
                            candidate.field(),
                            "candidate \"" + candidate.externalId() + "\" of item \"" + item.externalId()
                                    + "\" already exists with a different text",
                            "ingest.problem.candidateChanged",
                            candidate.externalId(),
                            item.externalId()));
                }
            }
            total += existing.candidateDigests().size();
        }
        if (item.gold() != null) {
            java.util.Set<String> ids = new java.util.HashSet<>();
            item.candidates().forEach(c -> ids.add(c.externalId()));
            if (existing != null) {
                ids.addAll(existing.candidateDigests().keySet());
            }
            errors.addAll(GoldRules.check(item.line(), item.field(GoldRules.FIELD), item.gold(), ids));
        }
        if (rankOnly && total < 2) {
            errors.add(ImportError.of(
                    item.line(),
                    item.field("candidates"),
                    "this project only ranks (0 demonstrations per item), so an item needs at least two candidates;"
                            + " this one has " + total,
                    "ingest.problem.tooFewCandidates",
                    total));
        }
        return errors;
    }

    /** Hex MD5 of the UTF-8 bytes, as PostgreSQL's {@code md5(text)} gives it. */
    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
