package org.lpos.node.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The images' Dockerfiles (they cannot be built on machines without a container engine, so their
 * contract is checked here): ENTRYPOINT runs the shaded jar the build stage made, and ENTRYPOINT's
 * arguments plus the default CMD parse with the real command line and serve on EXPOSEd ports.
 */
class DockerfilesTest {
  static final Path REPO = Path.of(System.getProperty("lpos.home", ".."));

  @ParameterizedTest
  @EnumSource(LposImage.class)
  void entrypointRunsTheJarTheBuildStageMade(LposImage image) throws IOException {
    Dockerfile docker = Dockerfile.read(image.dockerfile(REPO));
    assertFalse(docker.entrypoint().isEmpty(), "no ENTRYPOINT in " + image.dockerfile(REPO));
    assertEquals("java", docker.entrypoint().get(0), "ENTRYPOINT must start the JVM: " + docker.entrypoint());
    String jar = docker.jar();
    assertNotNull(jar, "ENTRYPOINT has no -jar JAR: " + docker.entrypoint());
    assertTrue(jar.endsWith("/" + image.jarName()), "ENTRYPOINT runs " + jar + ", not " + image.jarName());
    assertEquals(image.builtJar(), docker.copiedFromBuild().get(jar),
        "the final stage must COPY --from=build " + image.builtJar() + " " + jar);
  }

  @ParameterizedTest
  @EnumSource(LposImage.class)
  void defaultCommandParsesAndServesOnExposedPorts(LposImage image) throws IOException {
    Dockerfile docker = Dockerfile.read(image.dockerfile(REPO));
    List<String> args = new ArrayList<>(docker.argumentsAfterJar());
    args.addAll(docker.cmd());
    LposImage.ServerPorts ports = image.parse(args);
    assertTrue(docker.exposed().contains(ports.grpc()), "EXPOSE " + docker.exposed() + " lacks the gRPC port " + ports.grpc());
    ports.metrics().ifPresent(m ->
        assertTrue(docker.exposed().contains(m), "EXPOSE " + docker.exposed() + " lacks the metrics port " + m));
    ports.health().ifPresent(h ->
        assertTrue(docker.exposed().contains(h), "EXPOSE " + docker.exposed() + " lacks the health port " + h));
  }
}
