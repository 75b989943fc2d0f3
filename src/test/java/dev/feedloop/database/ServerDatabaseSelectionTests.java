package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.Users;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ServerDatabaseSelectionTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @TempDir
    Path dir;

    @Test
    void withADatasourceUrlThatDatabaseIsUsedAndNoEmbeddedServerStarts() {
        assertThat(context.getBeanProvider(EmbeddedDatabase.class).getIfAvailable())
                .isNull();
        assertThat(((HikariDataSource) dataSource).getJdbcUrl())
                .isEqualTo(TestDatabase.get().url());
    }

    @Test
    void theTestDatabaseNeedsItsPasswordAndOnlyItsCommitsDoNotWaitForTheDisk() {
        assumeTrue(System.getenv("TEST_DATABASE_URL") == null, "the tests run on an external PostgreSQL");
        TestDatabase db = TestDatabase.get();
        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), db.username(), "not the password"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single())
                .as("an explicit choice of the test database, see TestDatabase")
                .isEqualTo("off");
        assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
    }

    @Test
    void withoutAUrlTheServerRunsOnAnEmbeddedDatabaseWhoseUsersSurviveARestart() throws IOException {
        long adminId;
        try (ConfigurableApplicationContext first = embeddedServer()) {
            assertThat(first.getBean(EmbeddedDatabase.class).port()).isPositive();
            HikariDataSource pool = first.getBean(HikariDataSource.class);
            assertThat(pool.getPassword())
                    .isEqualTo(Files.readString(dir.resolve("pg").resolve(EmbeddedDatabase.PASSWORD_FILE))
                            .strip());
            JdbcClient jdbc = JdbcClient.create(pool);
            assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single())
                    .isEqualTo("on");
            assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
            Users users = first.getBean(Users.class);
            assertThat(users.list()).extracting("username").containsExactly("admin");
            adminId = users.findByUsername("admin").orElseThrow().id();
        }
        try (ConfigurableApplicationContext second = embeddedServer()) {
            Users users = second.getBean(Users.class);
            assertThat(users.list()).hasSize(1);
            assertThat(users.findByUsername("admin").orElseThrow().id()).isEqualTo(adminId);
        }
    }

    private ConfigurableApplicationContext embeddedServer() {
        return new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "spring.datasource.url=",
                        "feedloop.embedded-db.data-dir=" + dir.resolve("pg"),
                        "feedloop.admin.password=first admin secret",
                        "server.port=0")
                .run();
    }
}
