package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.Users;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestDatabase;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

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
    void withoutAUrlTheServerRunsOnAnEmbeddedDatabaseWhoseUsersSurviveARestart() {
        long adminId;
        try (ConfigurableApplicationContext first = embeddedServer()) {
            assertThat(first.getBean(EmbeddedDatabase.class).port()).isPositive();
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
