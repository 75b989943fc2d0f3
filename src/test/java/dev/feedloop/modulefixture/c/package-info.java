@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.feedloop.modulefixture.c;
