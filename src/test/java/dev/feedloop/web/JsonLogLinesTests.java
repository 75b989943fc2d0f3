package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.feedloop.testsupport.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON log lines as {@code logging.structured.format.console=ecs} writes them (Boot's structured
 * log encoder, here on an appender of one logger): a line logged while a request runs carries the
 * request's id as {@code requestId}.
 */
@IntegrationTest
class JsonLogLinesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Test
    void aLineLoggedDuringARequestCarriesItsId() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        var out = new ByteArrayOutputStream();
        var appender = new OutputStreamAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger logger = context.getLogger(StorableTextFilter.class);
        logger.addAppender(appender);
        try {
            // text that cannot be stored: the filter refuses it with one WARN line
            mvc.get()
                    .uri(URI.create("/api/v1/projects/p/items?limit=%00"))
                    .header("X-Request-Id", "json-log-1")
                    .exchange();
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }

        String lines = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(lines).isNotEmpty();
        JsonNode line = json.readTree(lines.lines().toList().getLast());
        assertThat(line.path("requestId").asString()).isEqualTo("json-log-1");
        assertThat(line.path("log").path("level").asString()).isEqualTo("WARN");
    }
}
