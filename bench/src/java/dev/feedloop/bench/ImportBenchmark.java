package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.ingest.ImportFormat;
import dev.feedloop.ingest.ImportResult;
import dev.feedloop.ingest.ImportUpload;
import dev.feedloop.ingest.ImportView;
import dev.feedloop.ingest.Imports;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Imports 100,000 items with 4 candidates each (JSON Lines, generated) through the real import
 * service as the API does (the upload is stored and answered, then the import's job is followed
 * until it ends), then loads the same rows into tables like {@code item}, {@code candidate}, {@code
 * queue_item} and {@code task} (same columns, checks, indexes and foreign keys) with PostgreSQL's
 * {@code COPY}, in the same run, and prints both rates, their ratio and the import's heap. The
 * {@code COPY} writes the work queue's rows too (one {@code queue_item} row per item, and the task
 * slots the project's settings ask for: 1 write + 3 rank tasks per item by default), because the
 * import creates them in its transaction. Run with the heap limit of the issue:
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.ImportBenchmark -Dbench.heap=512m
 * </pre>
 *
 * Arguments (optional): number of items, candidates per item. {@code BENCH_DATABASE_URL} (with
 * {@code BENCH_DATABASE_USERNAME}, {@code BENCH_DATABASE_PASSWORD}) uses an existing PostgreSQL.
 */
public final class ImportBenchmark {

    private static final String WORDS = "the model answer should explain why a labeler prefers one reply over another"
            + " with care about facts tone safety and following every instruction given by the user in the prompt";

    /** Seconds the last import took to store its upload (the request's part, before its 202). */
    private static double storedSeconds;

    /**
     * What {@code POST /api/v1/projects/{slug}/items} does: stores the upload and schedules the
     * import's job (the answer), then follows the job until it ends, as a client polling {@code GET
     * …/imports/{id}?wait=60} does.
     */
    private static ImportResult throughTheJob(Imports imports, String slug, Path file, AccountPrincipal principal)
            throws IOException {
        long start = System.nanoTime();
        ImportView imp;
        try (InputStream in = Files.newInputStream(file)) {
            imp = imports.submit(slug, new ImportUpload("items.jsonl", ImportFormat.JSONL, in, null), principal);
        }
        storedSeconds = (System.nanoTime() - start) / 1e9;
        while (!imp.status().finished()) {
            imp = imports.await(slug, imp.id(), principal, Duration.ofSeconds(60));
        }
        return Imports.result(imp);
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path work = Files.createTempDirectory("feedloop-import-bench");
        Path file = work.resolve("items.jsonl");
        long bytes = generate(file, items, candidates);

        HeapWatch heap = new HeapWatch();
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(120));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "spring.main.banner-mode=off",
                                "feedloop.admin.password=bench-admin-password",
                                "feedloop.ingest.max-upload-size=2GB",
                                "logging.level.root=WARN"))
                        .run()) {
            Users users = app.getBean(Users.class);
            UserView admin = users.findByUsername("admin")
                    .orElseGet(() -> users.create(new NewUser("bench-admin", "bench-admin-password", "Bench", true)));
            AccountPrincipal principal = new AccountPrincipal(
                    admin.id(), admin.username(), admin.displayName(), true, true, null);
            ProjectSettings project = app.getBean(Projects.class)
                    .create(
                            ProjectDefinition.defaults("import-bench-" + System.currentTimeMillis() % 100000, "Bench"),
                            "",
                            principal);
            Imports imports = app.getBean(Imports.class);

            heap.start();
            long start = System.nanoTime();
            ImportResult first = throughTheJob(imports, project.slug(), file, principal);
            double importSeconds = (System.nanoTime() - start) / 1e9;
            double firstStored = storedSeconds;
            HeapWatch.Peak heapFirst = heap.stop();

            heap.start();
            start = System.nanoTime();
            ImportResult again = throughTheJob(imports, project.slug(), file, principal);
            double againSeconds = (System.nanoTime() - start) / 1e9;
            HeapWatch.Peak heapAgain = heap.stop();

            int tasksPerItem = project.demonstrationsPerItem() + (candidates >= 2 ? project.rankingsPerItem() : 0);
            heap.start();
            double copySeconds =
                    copyBaseline(app.getBean(DataSource.class), project, items, candidates, tasksPerItem);
            HeapWatch.Peak heapCopy = heap.stop();

            long itemRows = items;
            long candidateRows = (long) items * candidates;
            long taskRows = (long) items * tasksPerItem;
            long rows = itemRows + candidateRows + itemRows + taskRows;
            long imported =
                    first.itemsCreated() + first.candidatesAdded() + first.itemsCreated() + first.tasksCreated();
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Import benchmark: %,d items x %d candidates, file %,d MB, heap limit %s; rows written: %,d item"
                            + " + %,d candidate + %,d queue_item + %,d task = %,d (load average: %s)%n",
                    items,
                    candidates,
                    bytes / (1024 * 1024),
                    maxHeap(),
                    itemRows,
                    candidateRows,
                    itemRows,
                    taskRows,
                    rows,
                    QueueBenchmark.loadAverage());
            System.out.println();
            System.out.println("| run | rows | seconds | rows/s | heap at start | peak heap used | peak heap after GC"
                    + " | collections (time) |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            row("Feedloop import job (store, check, write, 1 tx)", imported, importSeconds, heapFirst);
            row("Feedloop re-import of the same file (unchanged)", rows, againSeconds, heapAgain);
            row("PostgreSQL COPY of the same rows, same indexes and keys", rows, copySeconds, heapCopy);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "first import: %,d items created, %,d candidates added, %,d tasks created; re-import: %,d"
                            + " unchanged%n",
                    first.itemsCreated(),
                    first.candidatesAdded(),
                    first.tasksCreated(),
                    again.itemsUnchanged());
            System.out.printf(
                    Locale.ROOT,
                    "the request's part of the first import (upload stored in import_upload, then 202): %.1f s;"
                            + " the job's (check and write): %.1f s%n",
                    firstStored,
                    importSeconds - firstStored);
            if (imported != rows) {
                System.out.printf(
                        Locale.ROOT,
                        "NOTE: the import wrote %,d rows, the COPY %,d: not the same work%n",
                        imported,
                        rows);
            }
            System.out.printf(
                    Locale.ROOT,
                    "Feedloop import runs at %.2fx the rate of COPY of the same item, candidate, queue_item and task"
                            + " rows (takes %.1fx its time; load average: %s).%n",
                    copySeconds / importSeconds,
                    importSeconds / copySeconds,
                    QueueBenchmark.loadAverage());
        } finally {
            deleteTree(work);
        }
    }

    private static void row(String name, long rows, double seconds, HeapWatch.Peak heap) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %.1f | %,.0f | %s | %s | %s | %,d (%,d ms) |%n",
                name,
                rows,
                seconds,
                rows / seconds,
                megabytes(heap.atStart()),
                megabytes(heap.used()),
                megabytes(heap.afterGc()),
                heap.pauses(),
                heap.pauseMillis());
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "-" : (bytes / (1024 * 1024)) + " MB";
    }

    private static String maxHeap() {
        return (Runtime.getRuntime().maxMemory() / (1024 * 1024)) + " MB";
    }

    /** A JSON Lines file of {@code items} items with {@code candidates} candidates each. */
    static long generate(Path file, int items, int candidates) throws IOException {
        Random random = new Random(42);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            for (int i = 0; i < items; i++) {
                StringBuilder line = new StringBuilder(2048);
                line.append("{\"id\":\"item-").append(i).append("\",\"messages\":[{\"role\":\"system\",\"content\":\"")
                        .append(text(random, 60))
                        .append("\"},{\"role\":\"user\",\"content\":\"")
                        .append(text(random, 200))
                        .append("\"}],\"candidates\":[");
                for (int c = 0; c < candidates; c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    line.append("{\"id\":\"c").append(c).append("\",\"model\":\"model-").append(c)
                            .append("\",\"content\":\"").append(text(random, 300)).append("\"}");
                }
                line.append("],\"metadata\":{\"source\":\"bench\",\"n\":").append(i).append("},\"priority\":")
                        .append(i % 3).append("}\n");
                out.write(line.toString());
            }
        }
        return Files.size(file);
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            int start = random.nextInt(WORDS.length() - 20);
            text.append(WORDS, start, start + 12 + random.nextInt(8)).append(' ');
        }
        if (random.nextInt(4) == 0) {
            text.append("\\nNext line with \\\"quotes\\\".");
        }
        return text.toString();
    }

    /**
     * The raw limit: the same rows (same texts and sizes) into tables made {@code LIKE} {@code item},
     * {@code candidate}, {@code queue_item} and {@code task} (columns, defaults, checks and indexes,
     * the claim index included) with the same foreign keys, with {@code COPY} in one transaction:
     * per item its candidates, its {@code queue_item} row and its task slots ({@code tasksPerItem}:
     * the project's write tasks, then its rank tasks, each with its own shuffled candidate order).
     */
    static double copyBaseline(
            DataSource dataSource, ProjectSettings project, int items, int candidates, int tasksPerItem)
            throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("""
                        DROP TABLE IF EXISTS copy_task, copy_queue_item, copy_candidate, copy_item;
                        CREATE TABLE copy_item (LIKE item INCLUDING ALL,
                            FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE);
                        CREATE TABLE copy_candidate (LIKE candidate INCLUDING ALL,
                            FOREIGN KEY (item_id) REFERENCES copy_item (id) ON DELETE CASCADE);
                        CREATE TABLE copy_queue_item (LIKE queue_item INCLUDING ALL,
                            FOREIGN KEY (item_id) REFERENCES copy_item (id) ON DELETE CASCADE,
                            FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE);
                        CREATE TABLE copy_task (LIKE task INCLUDING ALL,
                            FOREIGN KEY (project_id) REFERENCES project (id) ON DELETE CASCADE,
                            FOREIGN KEY (item_id) REFERENCES copy_item (id) ON DELETE CASCADE,
                            FOREIGN KEY (assignee_id) REFERENCES app_user (id)) WITH (fillfactor = 80);
                        """);
            }
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Random random = new Random(42);
            Random shuffles = new Random(7);
            int writeTasks = Math.min(project.demonstrationsPerItem(), tasksPerItem);
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < candidates; c++) {
                ids.add("c" + c);
            }
            String candidateIds = json(ids);
            long start = System.nanoTime();
            StringBuilder itemRows = new StringBuilder(1 << 20);
            StringBuilder candidateRows = new StringBuilder(1 << 22);
            StringBuilder queueRows = new StringBuilder(1 << 18);
            StringBuilder taskRows = new StringBuilder(1 << 20);
            for (int i = 0; i < items; i++) {
                long id = i + 1;
                int priority = i % 3;
                String system = text(random, 60).replace("\\n", "\\\\n").replace("\\\"", "\\\\\"");
                String user = text(random, 200).replace("\\n", "\\\\n").replace("\\\"", "\\\\\"");
                itemRows.append(id).append('\t').append(project.id()).append("\titem-").append(i)
                        .append("\t[{\"role\": \"system\", \"content\": \"").append(system)
                        .append("\"}, {\"role\": \"user\", \"content\": \"").append(user)
                        .append("\"}]\t{\"n\": ").append(i).append(", \"source\": \"bench\"}\t")
                        .append(priority).append('\n');
                for (int c = 0; c < candidates; c++) {
                    String content = text(random, 300).replace("\\n", "\\n").replace("\\\"", "\"");
                    candidateRows.append(id).append("\tc").append(c).append("\tmodel-").append(c).append('\t')
                            .append(content).append("\t{}\n");
                }
                queueRows.append(id).append('\t').append(project.id()).append('\t').append(priority).append('\t')
                        .append(candidateIds).append('\n');
                for (int t = 0; t < tasksPerItem; t++) {
                    taskRows.append(project.id()).append('\t').append(id).append('\t')
                            .append(t < writeTasks ? "WRITE" : "RANK").append('\t').append(priority).append('\t');
                    if (t < writeTasks) {
                        taskRows.append("\\N");
                    } else {
                        List<String> order = new ArrayList<>(ids);
                        Collections.shuffle(order, shuffles);
                        taskRows.append(json(order));
                    }
                    taskRows.append('\n');
                }
                if ((i + 1) % 1000 == 0 || i == items - 1) {
                    copy.copyIn(
                            "COPY copy_item (id, project_id, external_id, messages, metadata, priority) FROM STDIN",
                            new StringReader(itemRows.toString()));
                    copy.copyIn(
                            "COPY copy_candidate (item_id, external_id, model, content, metadata) FROM STDIN",
                            new StringReader(candidateRows.toString()));
                    copy.copyIn(
                            "COPY copy_queue_item (item_id, project_id, priority, candidate_ids) FROM STDIN",
                            new StringReader(queueRows.toString()));
                    copy.copyIn(
                            "COPY copy_task (project_id, item_id, kind, priority, candidate_order) FROM STDIN",
                            new StringReader(taskRows.toString()));
                    itemRows.setLength(0);
                    candidateRows.setLength(0);
                    queueRows.setLength(0);
                    taskRows.setLength(0);
                }
            }
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.setAutoCommit(true);
            try (var statement = connection.createStatement()) {
                statement.execute("DROP TABLE copy_task, copy_queue_item, copy_candidate, copy_item");
            }
            return seconds;
        }
    }

    /** A JSON array of simple strings (candidate ids). */
    private static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The heap while one run goes on, from the JVM's garbage collection notifications: the most
     * heap used just before a collection (or at the end: the peak, garbage included, bounded by the
     * heap limit), the most left right after one (what the run really holds, plus old garbage not
     * collected yet), and the number and total time of the collections.
     */
    private static final class HeapWatch {

        /**
         * Bytes: used at the start (right after a full collection: the server's own data), the peak,
         * the most after a collection (-1 when none happened during the run).
         */
        record Peak(long atStart, long used, long afterGc, int pauses, long pauseMillis) {}

        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        private final AtomicLong used = new AtomicLong();
        private final AtomicLong afterGc = new AtomicLong(-1);
        private final AtomicLong pauses = new AtomicLong();
        private final AtomicLong pauseMillis = new AtomicLong();
        private final Map<String, Long> countsAtStart = new ConcurrentHashMap<>();
        private volatile boolean watching;
        private long atStart;

        HeapWatch() {
            NotificationListener listener = (notification, handback) -> {
                String type = notification.getType();
                if (!watching || !type.equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (info.getGcInfo().getId() <= countsAtStart.getOrDefault(info.getGcName(), Long.MAX_VALUE)) {
                    return; // the full collection of start(), or one before it
                }
                used.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
                afterGc.accumulateAndGet(heap(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
                pauses.incrementAndGet();
                pauseMillis.addAndGet(info.getGcInfo().getDuration());
            };
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) collector).addNotificationListener(listener, null, null);
            }
        }

        void start() {
            System.gc();
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                countsAtStart.put(collector.getName(), collector.getCollectionCount());
            }
            atStart = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            used.set(0);
            afterGc.set(-1);
            pauses.set(0);
            pauseMillis.set(0);
            watching = true;
        }

        Peak stop() {
            used.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            watching = false;
            return new Peak(atStart, used.get(), afterGc.get(), (int) pauses.get(), pauseMillis.get());
        }

        private long heap(Map<String, MemoryUsage> pools) {
            return pools.entrySet().stream()
                    .filter(pool -> heapPools.contains(pool.getKey()))
                    .mapToLong(pool -> pool.getValue().getUsed())
                    .sum();
        }
    }
}
