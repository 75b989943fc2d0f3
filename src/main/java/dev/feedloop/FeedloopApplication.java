package dev.feedloop;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Feedloop: a human-feedback labeling server for LLM training data. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeedloopApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedloopApplication.class, args);
    }
}
