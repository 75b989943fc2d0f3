package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.testsupport.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The backup and restore of docs/operations.md, done on the test database: {@code pg_dump} in the
 * custom format, {@code pg_restore} into a fresh database of the same server, and the same rows
 * in every table afterwards.
 *
 * <p>The embedded PostgreSQL ships no {@code pg_dump}; this test uses the one in {@code
 * FEEDLOOP_PG_BIN} (a directory with {@code pg_dump} and {@code pg_restore}) or on the {@code
 * PATH}, and is skipped, saying why, when that one is older than the server (pg_dump refuses to
 * dump a newer server).
 */
@IntegrationTest
class DatabaseBackupTests {

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path dir;

    @Test
    void aDumpRestoresIntoAFreshDatabaseWithTheSameRows() throws Exception {
        int server = jdbc.sql("SELECT current_setting('server_version_num')::int / 10000")
                .query(Integer.class)
                .single();
        String pgDump = tool("pg_dump");
        int client = majorVersion(pgDump);
        assumeThat(client)
                .as(
                        "pg_dump %s is major version %d, older than the PostgreSQL %d server it would dump;"
                                + " set FEEDLOOP_PG_BIN to a directory with pg_dump and pg_restore %d or newer",
                        pgDump, client, server, server)
                .isGreaterThanOrEqualTo(server);

        TestProject project = data.project().demonstrations(1).rankings(2).create();
        data.item(project, "one", 0, "a", "b");
        data.item(project, "two", 0, "a", "b", "c");
        data.guidelines(project, "Be brief.");

        TestDatabase db = TestDatabase.get();
        URI uri = URI.create(db.url().substring("jdbc:".length()));
        String source = uri.getPath().substring(1);
        String restored = "restored_" + ProcessHandle.current().pid();
        Path dump = dir.resolve("feedloop.dump");

        run(
                db,
                pgDump,
                "--format=custom",
                "--no-owner",
                "--file=" + dump,
                "--host=" + uri.getHost(),
                "--port=" + uri.getPort(),
                "--username=" + db.username(),
                "--dbname=" + source);
        try (Connection admin = connect(db, source)) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + restored);
            admin.createStatement().execute("CREATE DATABASE " + restored);
        }
        try {
            run(
                    db,
                    tool("pg_restore"),
                    "--no-owner",
                    "--exit-on-error",
                    "--host=" + uri.getHost(),
                    "--port=" + uri.getPort(),
                    "--username=" + db.username(),
                    "--dbname=" + restored,
                    dump.toString());

            Map<String, Long> before = rowCounts(db, source);
            assertThat(before).containsKeys("project", "item", "candidate", "task", "flyway_schema_history");
            assertThat(before.get("item")).isEqualTo(2);
            assertThat(rowCounts(db, restored)).isEqualTo(before);
        } finally {
            try (Connection admin = connect(db, source)) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + restored + " WITH (FORCE)");
            }
        }
    }

    /** Rows of every table of the public schema, by table name. */
    private static Map<String, Long> rowCounts(TestDatabase db, String database) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = connect(db, database)) {
            List<String> tables = new ArrayList<>();
            try (var rs = connection.createStatement().executeQuery("""
                    SELECT table_name FROM information_schema.tables
                     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
                    """)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var rs = connection.createStatement().executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Connection connect(TestDatabase db, String database) throws SQLException {
        String url = db.url().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return DriverManager.getConnection(url, db.username(), db.password());
    }

    private static String tool(String name) {
        String bin = System.getenv("FEEDLOOP_PG_BIN");
        return bin == null || bin.isBlank() ? name : Path.of(bin, name).toString();
    }

    /** The major version {@code tool --version} reports, or 0 when it cannot be run. */
    private static int majorVersion(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(30, TimeUnit.SECONDS);
            Matcher version = Pattern.compile("\\(PostgreSQL\\) (\\d+)").matcher(out);
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private void run(TestDatabase db, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "tool", ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PGPASSWORD", db.password());
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS))
                .as("%s finished", command[0])
                .isTrue();
        assertThat(process.exitValue())
                .as("%s: %s", String.join(" ", command), Files.readString(log))
                .isZero();
    }
}
