# Scenery: build with Maven, run on a slim JDK (Chronicle Map compiles code at run time through
# javax.tools, so the runtime needs a JDK with the java.compiler module, not a bare JRE).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jdk-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /app scenery \
 && mkdir -p /app/data /app/config \
 && chown -R scenery:scenery /app
WORKDIR /app
COPY --from=build /src/target/scenery.jar /app/scenery.jar
COPY config/scenery.yaml /app/config/scenery.yaml
USER scenery
ENV SCENERY_DATA_DIR=/app/data \
    SCENERY_HTTP_PORT=8080
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=5 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# The jar's manifest carries the module opens Chronicle Map needs; the flags below repeat them for
# JDKs that ignore manifest entries, and stop Chronicle's analytics.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dchronicle.analytics.disable=true", \
  "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", \
  "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang=ALL-UNNAMED", \
  "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", \
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", \
  "-jar", "/app/scenery.jar"]
