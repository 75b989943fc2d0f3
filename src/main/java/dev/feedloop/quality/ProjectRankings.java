package dev.feedloop.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The rankings of the most recently asked projects in memory, with their candidates' models, brought
 * up to date on every request by reading only the rankings added since. Rankings are only ever added
 * (never changed or removed), so what was read stays true; the project's ranking count tells whether
 * a ranking with a lower id than the highest read became visible late (a transaction that committed
 * after a later one), and then everything is read again. Models are read again for the items of the
 * added rankings: a candidate added to an item later can only be in rankings made after it.
 */
@Component
class ProjectRankings {

    /** How many projects' rankings are kept. */
    static final int PROJECTS = 4;

    private final StoredRankings stored;

    private final Map<Long, Snapshot> snapshots = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Snapshot> eldest) {
            return size() > PROJECTS;
        }
    };

    ProjectRankings(StoredRankings stored) {
        this.stored = stored;
    }

    /**
     * A project's rankings as one transaction saw them, by id, and its items' models. Immutable:
     * a newer snapshot is a new object.
     */
    record Snapshot(
            long projectId,
            String revision,
            long highestId,
            List<StoredRankings.Stored> rankings,
            Map<Long, Map<String, String>> models) {

        /**
         * The rankings submitted up to {@code asOf} that {@code keep} accepts, one per annotator and
         * item: when an annotator ranked an item more than once, the newest (highest id).
         */
        List<StoredRankings.Stored> upTo(Instant asOf, RankingFilter keep) {
            long limit = micros(asOf);
            PairSet seen = new PairSet(rankings.size());
            List<StoredRankings.Stored> selected = new ArrayList<>();
            for (int i = rankings.size() - 1; i >= 0; i--) {
                StoredRankings.Stored ranking = rankings.get(i);
                if (ranking.submittedAt() <= limit
                        && keep.accepts(ranking)
                        && seen.add(ranking.itemId(), ranking.annotatorId())) {
                    selected.add(ranking);
                }
            }
            Collections.reverse(selected);
            return selected;
        }

        /**
         * What names the set of rankings submitted up to {@code asOf} for good: since rankings are only
         * added, and the set up to a later instant contains the set up to an earlier one, its size and
         * highest id change whenever a ranking joins it.
         */
        Fingerprint fingerprint(Instant asOf) {
            long limit = micros(asOf);
            long count = 0;
            long highest = 0;
            for (StoredRankings.Stored ranking : rankings) {
                if (ranking.submittedAt() <= limit) {
                    count++;
                    highest = Math.max(highest, ranking.id());
                }
            }
            return new Fingerprint(projectId, revision, count, highest);
        }

        private static long micros(Instant instant) {
            return Math.multiplyExact(instant.getEpochSecond(), 1_000_000L) + instant.getNano() / 1_000;
        }
    }

    /**
     * Pairs of ids seen: packed into one long in an open-addressing table while they fit (item ids
     * below 2^40, account ids below 2^23), else as lists in a hash set.
     */
    static final class PairSet {
        private long[] table;
        private int size;
        private Set<List<Long>> others;

        PairSet(int expected) {
            table = new long[Math.max(16, Integer.highestOneBit(Math.max(1, expected) * 2) * 2)];
        }

        /** Adds the pair; false when it was there. */
        boolean add(long first, long second) {
            if (first < 0 || first >= 1L << 40 || second < 0 || second >= 1L << 23) {
                if (others == null) {
                    others = new HashSet<>();
                }
                return others.add(List.of(first, second));
            }
            // + 1 so that 0 marks a free slot
            long key = (first << 23 | second) + 1;
            if (2 * (size + 1) > table.length) {
                grow();
            }
            return insert(table, key);
        }

        private boolean insert(long[] into, long key) {
            int mask = into.length - 1;
            int slot = (int) (mix(key) & mask);
            while (into[slot] != 0) {
                if (into[slot] == key) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            into[slot] = key;
            if (into == table) {
                size++;
            }
            return true;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            for (long key : old) {
                if (key != 0) {
                    insert(table, key);
                    size--;
                }
            }
        }

        private static long mix(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }
    }

    /** Which rankings a computation takes besides the instant. */
    interface RankingFilter {
        RankingFilter ALL = ranking -> true;

        boolean accepts(StoredRankings.Stored ranking);
    }

    /** See {@link Snapshot#fingerprint}. */
    record Fingerprint(long projectId, String projectRevision, long rankings, long highestId) {}

    /** The project's rankings now; call inside one repeatable-read transaction. */
    Snapshot current(long projectId) {
        StoredRankings.Totals totals = stored.totals(projectId);
        Snapshot known;
        synchronized (snapshots) {
            known = snapshots.get(projectId);
        }
        Snapshot fresh = known != null && known.revision().equals(totals.revision()) ? extended(known, totals) : null;
        if (fresh == null) {
            List<StoredRankings.Stored> rankings = stored.rankings(projectId, 0);
            fresh = new Snapshot(
                    projectId,
                    totals.revision(),
                    highest(rankings, 0),
                    Collections.unmodifiableList(rankings),
                    Collections.unmodifiableMap(stored.models(projectId)));
        }
        if (fresh != known) {
            synchronized (snapshots) {
                snapshots.put(projectId, fresh);
            }
        }
        return fresh;
    }

    /** {@code known} with the rankings added since, or null when it cannot be extended. */
    private Snapshot extended(Snapshot known, StoredRankings.Totals totals) {
        if (totals.rankings() == known.rankings().size() && totals.highestId() == known.highestId()) {
            return known;
        }
        if (totals.highestId() < known.highestId()) {
            return null;
        }
        List<StoredRankings.Stored> added = stored.rankings(known.projectId(), known.highestId());
        if (known.rankings().size() + added.size() != totals.rankings()) {
            return null;
        }
        List<StoredRankings.Stored> rankings = new ArrayList<>(known.rankings().size() + added.size());
        rankings.addAll(known.rankings());
        rankings.addAll(added);
        Set<Long> items = new HashSet<>();
        added.forEach(ranking -> items.add(ranking.itemId()));
        Map<Long, Map<String, String>> models = new HashMap<>(known.models());
        items.forEach(models::remove);
        models.putAll(stored.models(items));
        return new Snapshot(
                known.projectId(),
                known.revision(),
                highest(added, known.highestId()),
                Collections.unmodifiableList(rankings),
                Collections.unmodifiableMap(models));
    }

    private static long highest(List<StoredRankings.Stored> rankings, long otherwise) {
        return rankings.isEmpty() ? otherwise : rankings.getLast().id();
    }
}
