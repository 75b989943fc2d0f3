package dev.feedloop.modulefixture;

import org.springframework.modulith.Modulithic;

/**
 * Three modules for {@code ModularityTests}: {@code a} declares that it uses {@code b} but uses
 * {@code c} as well, which {@code verify()} must refuse. Not a Spring Boot application: only the
 * module structure is read.
 */
@Modulithic
public class FixtureApplication {}
