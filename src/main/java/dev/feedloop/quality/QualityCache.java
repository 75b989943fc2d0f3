package dev.feedloop.quality;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The most recently used reports and leaderboards, by what they were computed from ({@link
 * ProjectRankings.Fingerprint} and the slice). A key names one set of rankings for good, so an entry
 * never goes stale; the oldest entries are dropped beyond {@link #CAPACITY}. Each server keeps its
 * own.
 */
@Component
class QualityCache {

    static final int CAPACITY = 64;

    private final Map<Object, Object> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
            return size() > CAPACITY;
        }
    };

    /** The value known for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    <T> T known(Object key) {
        synchronized (entries) {
            return (T) entries.get(key);
        }
    }

    void put(Object key, Object value) {
        synchronized (entries) {
            entries.put(key, value);
        }
    }
}
