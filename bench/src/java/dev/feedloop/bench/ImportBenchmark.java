package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.database.EmbeddedDatabase;
import dev.feedloop.database.EmbeddedDatabaseProperties;
import dev.feedloop.ingest.ImportFormat;
import dev.feedloop.ingest.ImportResult;
import dev.feedloop.ingest.ImportUpload;
import dev.feedloop.ingest.Imports;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Imports 100,000 items with 4 candidates each (JSON Lines, generated) through the real import
 * service, then loads the same rows into tables with the same indexes with PostgreSQL's {@code
 * COPY}, in the same run, and prints both rates. Run with the heap limit of the issue:
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

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int candidates = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path work = Files.createTempDirectory("feedloop-import-bench");
        Path file = work.resolve("items.jsonl");
        long bytes = generate(file, items, candidates);

        EmbeddedDatabase embedded = null;
        String url = System.getenv("BENCH_DATABASE_URL");
        String username = System.getenv().getOrDefault("BENCH_DATABASE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("BENCH_DATABASE_PASSWORD", "");
        if (url == null || url.isBlank()) {
            embedded = EmbeddedDatabase.start(
                    new EmbeddedDatabaseProperties(work.resolve("pg"), 0, "feedloop_bench", Duration.ofSeconds(120)));
            url = embedded.jdbcUrl();
            username = embedded.username();
            password = "";
        }
        HeapWatch heap = new HeapWatch();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + username,
                        "spring.datasource.password=" + password,
                        "server.port=0",
                        "feedloop.admin.password=bench-admin-password",
                        "feedloop.ingest.max-upload-size=2GB",
                        "logging.level.root=WARN")
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

            System.gc();
            heap.start();
            long start = System.nanoTime();
            ImportResult first;
            try (InputStream in = Files.newInputStream(file)) {
                first = imports.importFile(
                        project.slug(), new ImportUpload("items.jsonl", ImportFormat.JSONL, in, null), principal);
            }
            double importSeconds = (System.nanoTime() - start) / 1e9;
            long peakFirst = heap.peakAndReset();

            start = System.nanoTime();
            ImportResult again;
            try (InputStream in = Files.newInputStream(file)) {
                again = imports.importFile(
                        project.slug(), new ImportUpload("items.jsonl", ImportFormat.JSONL, in, null), principal);
            }
            double againSeconds = (System.nanoTime() - start) / 1e9;
            long peakAgain = heap.peakAndReset();
            heap.stop();

            double copySeconds = copyBaseline(app.getBean(DataSource.class), items, candidates);

            long rows = (long) items + (long) items * candidates;
            System.out.println();
            System.out.printf(
                    "Import benchmark: %,d items x %d candidates = %,d rows, file %,d MB, heap limit %s%n",
                    items, candidates, rows, bytes / (1024 * 1024), maxHeap());
            System.out.println();
            System.out.println("| run                                              |      rows | seconds |   rows/s | peak heap |");
            System.out.println("|--------------------------------------------------|----------:|--------:|---------:|----------:|");
            row("Feedloop import (store, check, write, 1 tx)", rows, importSeconds, peakFirst);
            row("Feedloop re-import of the same file (unchanged)", rows, againSeconds, peakAgain);
            row("PostgreSQL COPY of the same rows, same indexes", rows, copySeconds, -1);
            System.out.println();
            System.out.printf(
                    "first import: %,d items created, %,d candidates added, %,d tasks created; re-import: %,d unchanged%n",
                    first.itemsCreated(), first.candidatesAdded(), first.tasksCreated(), again.itemsUnchanged());
            System.out.printf("Feedloop import takes %.1fx the time of raw COPY.%n", importSeconds / copySeconds);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
            deleteTree(work);
        }
    }

    private static void row(String name, long rows, double seconds, long peakBytes) {
        System.out.printf(
                "| %-48s | %,9d | %7.1f | %,8.0f | %9s |%n",
                name,
                rows,
                seconds,
                rows / seconds,
                peakBytes < 0 ? "-" : (peakBytes / (1024 * 1024)) + " MB");
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
     * The raw limit: the same rows (same texts and sizes) into tables shaped like {@code item} and
     * {@code candidate}, with their unique indexes and foreign key, with {@code COPY} in one
     * transaction.
     */
    static double copyBaseline(DataSource dataSource, int items, int candidates) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            try (var statement = connection.createStatement()) {
                statement.execute("""
                        DROP TABLE IF EXISTS copy_candidate, copy_item;
                        CREATE TABLE copy_item (
                            id bigint PRIMARY KEY, project_id bigint NOT NULL, external_id text NOT NULL,
                            messages jsonb NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', priority int NOT NULL DEFAULT 0,
                            created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (project_id, external_id));
                        CREATE INDEX copy_item_project_id_idx ON copy_item (project_id, id);
                        CREATE TABLE copy_candidate (
                            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                            item_id bigint NOT NULL REFERENCES copy_item (id), external_id text NOT NULL, model text,
                            content text NOT NULL, metadata jsonb NOT NULL DEFAULT '{}',
                            created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (item_id, external_id));
                        """);
            }
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Random random = new Random(42);
            long start = System.nanoTime();
            StringBuilder itemRows = new StringBuilder(1 << 20);
            StringBuilder candidateRows = new StringBuilder(1 << 22);
            for (int i = 0; i < items; i++) {
                String system = text(random, 60).replace("\\n", "\\\\n").replace("\\\"", "\\\\\"");
                String user = text(random, 200).replace("\\n", "\\\\n").replace("\\\"", "\\\\\"");
                itemRows.append(i + 1).append("\t1\titem-").append(i)
                        .append("\t[{\"role\": \"system\", \"content\": \"").append(system)
                        .append("\"}, {\"role\": \"user\", \"content\": \"").append(user)
                        .append("\"}]\t{\"n\": ").append(i).append(", \"source\": \"bench\"}\t")
                        .append(i % 3).append('\n');
                for (int c = 0; c < candidates; c++) {
                    String content = text(random, 300).replace("\\n", "\\n").replace("\\\"", "\"");
                    candidateRows.append(i + 1).append("\tc").append(c).append("\tmodel-").append(c).append('\t')
                            .append(content).append("\t{}\n");
                }
                if ((i + 1) % 1000 == 0 || i == items - 1) {
                    copy.copyIn(
                            "COPY copy_item (id, project_id, external_id, messages, metadata, priority) FROM STDIN",
                            new java.io.StringReader(itemRows.toString()));
                    copy.copyIn(
                            "COPY copy_candidate (item_id, external_id, model, content, metadata) FROM STDIN",
                            new java.io.StringReader(candidateRows.toString()));
                    itemRows.setLength(0);
                    candidateRows.setLength(0);
                }
            }
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.setAutoCommit(true);
            try (var statement = connection.createStatement()) {
                statement.execute("DROP TABLE copy_candidate, copy_item");
            }
            return seconds;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Samples the used heap every 20 ms and keeps the highest value. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                Runtime runtime = Runtime.getRuntime();
                while (running) {
                    peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        long peakAndReset() {
            return peak.getAndSet(0);
        }

        void stop() {
            running = false;
        }
    }
}
