@org.springframework.modulith.ApplicationModule(allowedDependencies = "b")
package dev.feedloop.modulefixture.a;
