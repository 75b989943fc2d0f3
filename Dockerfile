# Multi-stage build: compile with the Maven wrapper, run on a JRE as a non-root user.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
COPY db-migrations db-migrations
COPY frontend-templates frontend-templates
RUN ./mvnw -B -q -DskipTests -Dspotless.check.skip=true package && cp target/feedloop-*.jar /src/feedloop.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system feedloop && useradd --system --gid feedloop --home-dir /app feedloop
WORKDIR /app
COPY --from=build /src/feedloop.jar /app/feedloop.jar
USER feedloop
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/feedloop.jar"]
