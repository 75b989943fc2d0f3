package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import dev.feedloop.ingest.ItemRecord.PriorRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Between a reader and the checking or writing pass: joins consecutive records of the same item (an
 * export's pairs, one prompt's answers) into one, and applies the import's {@link PriorsMode} to
 * the prior judgments the records carry: leaves them out, keeps them, or turns them into the item's
 * gold answer.
 */
final class MergingSink implements ImportSink {

    private final ImportSink next;
    private final PriorsMode priors;
    private ItemRecord pending;

    MergingSink(ImportSink next, PriorsMode priors) {
        this.next = next;
        this.priors = priors;
    }

    @Override
    public void item(ItemRecord item) {
        if (pending != null
                && item.repeatable()
                && pending.repeatable()
                && pending.externalId().equals(item.externalId())
                && pending.messages().equals(item.messages())) {
            Map<String, CandidateRecord> candidates = new LinkedHashMap<>();
            pending.candidates().forEach(c -> candidates.put(c.externalId(), c));
            item.candidates().forEach(c -> candidates.putIfAbsent(c.externalId(), c));
            List<PriorRecord> all = new ArrayList<>(pending.priors());
            item.priors().stream().filter(p -> !all.contains(p)).forEach(all::add);
            pending = pending.with(List.copyOf(candidates.values()), pending.gold(), List.copyOf(all));
            return;
        }
        flush();
        pending = item;
    }

    @Override
    public void error(ImportError error) {
        next.error(error);
    }

    @Override
    public boolean saturated() {
        return next.saturated();
    }

    @Override
    public void progress(long linesRead) {
        next.progress(linesRead);
    }

    /** Hands on the item held back; call once the reader is done. */
    void flush() {
        if (pending == null) {
            return;
        }
        ItemRecord item = pending;
        pending = null;
        next.item(
                switch (priors) {
                    case IGNORE -> item.with(item.candidates(), item.gold(), List.of());
                    case IMPORT -> item;
                    case GOLD -> item.with(item.candidates(), gold(item), List.of());
                });
    }

    /**
     * The gold answer the prior judgments give: each candidate scores one point for every candidate
     * a judgment puts below it and loses one for every candidate above it (ratings rank by score, a
     * preference is a ranking of two, a KTO label puts desirable over undesirable); the candidates
     * are tiered by their total, best first. {@code null} (the line's own gold is kept) when the
     * judgments rank fewer than two candidates or tie them all.
     */
    static GoldAnswer gold(ItemRecord item) {
        List<List<String>> ordered = tiers(item.priors());
        if (ordered.isEmpty()) {
            return item.gold();
        }
        return new GoldAnswer(
                ordered, ordered.getFirst().size() == 1 ? ordered.getFirst().getFirst() : null);
    }

    /**
     * The candidates that prior judgments rank, tiered by their points (see {@link #gold}), best
     * first, each tier sorted by id; empty when they rank fewer than two candidates or tie them all.
     */
    static List<List<String>> tiers(List<ItemRecord.PriorRecord> priors) {
        Map<String, Integer> points = new HashMap<>();
        List<String> desirable = new ArrayList<>();
        List<String> undesirable = new ArrayList<>();
        for (ItemRecord.PriorRecord prior : priors) {
            var judgment = prior.judgment();
            switch (prior.kind()) {
                case "preference" ->
                    score(
                            points,
                            List.of(
                                    List.of(judgment.path("chosen").asString()),
                                    List.of(judgment.path("rejected").asString())));
                case "ratings" -> {
                    TreeMap<Double, List<String>> byScore = new TreeMap<>(java.util.Comparator.reverseOrder());
                    for (var entry : judgment.path("scores").properties()) {
                        byScore.computeIfAbsent(entry.getValue().asDouble(), s -> new ArrayList<>())
                                .add(entry.getKey());
                    }
                    score(points, new ArrayList<>(byScore.values()));
                }
                case "ranking" -> {
                    List<List<String>> tiers = new ArrayList<>();
                    for (var tier : judgment.path("tiers")) {
                        List<String> ids = new ArrayList<>();
                        tier.forEach(id -> ids.add(id.asString()));
                        tiers.add(ids);
                    }
                    score(points, tiers);
                }
                case "label" ->
                    (judgment.path("label").asBoolean() ? desirable : undesirable)
                            .add(judgment.path("candidate").asString());
                default -> {}
            }
        }
        if (!desirable.isEmpty() && !undesirable.isEmpty()) {
            score(points, List.of(desirable, undesirable));
        }
        TreeMap<Integer, List<String>> tiers = new TreeMap<>(java.util.Comparator.reverseOrder());
        points.forEach((id, total) ->
                tiers.computeIfAbsent(total, t -> new ArrayList<>()).add(id));
        if (points.size() < 2 || tiers.size() < 2) {
            return List.of();
        }
        return tiers.values().stream()
                .map(ids -> ids.stream().sorted().toList())
                .toList();
    }

    private static void score(Map<String, Integer> points, List<List<String>> tiers) {
        int total = tiers.stream().mapToInt(List::size).sum();
        int above = 0;
        for (List<String> tier : tiers) {
            int below = total - above - tier.size();
            for (String id : tier) {
                points.merge(id, below - above, Integer::sum);
            }
            above += tier.size();
        }
    }
}
