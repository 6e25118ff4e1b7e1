package org.lpos.node.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The Kubernetes manifests, checked offline (no cluster is reachable from the build machines):
 * every kustomization under {@code k8s/} renders with {@code kubectl kustomize}; every rendered
 * object validates against the Kubernetes OpenAPI schemas (or its CRD's) with no unknown keys, the
 * copies of data/ and config/ match their sources ({@code k8s/validate/validate.mjs}, run by Node);
 * and every node and discovery container's arguments, with {@code $(VAR)} resolved, parse with the
 * real command line and agree with the container's ports, probes and scrape annotations. The
 * Dockerfiles pass a linter ({@code k8s/validate/lint-dockerfiles.mjs}).
 *
 * <p>kubectl is not on every machine: without it the render checks are skipped with a message.
 * Node.js and npm are required (the validator's dependencies come from the committed lock file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsIT {
  private static final Path REPO = DockerfilesTest.REPO.toAbsolutePath().normalize();
  private static final Path K8S = REPO.resolve("k8s");
  private static final Path VALIDATOR = K8S.resolve("validate");
  private static final Path OUT = Path.of("target", "k8s").toAbsolutePath();
  private static final Duration RENDER_TIME = Duration.ofMinutes(2);
  private static final Duration INSTALL_TIME = Duration.ofMinutes(5);

  private Optional<Path> kubectl;
  private Path node;
  private ExternalCommand validation;
  private List<RenderedContainer> containers = List.of();

  /** One container of a rendered workload, as validate.mjs reports it. */
  record RenderedContainer(String render, String object, String container, Integer replicas, String image,
      List<String> command, List<String> args, Map<String, Integer> ports, List<ProbePort> probePorts, Map<String, String> annotations) {
    String where() {
      return render + " " + object + " container " + container;
    }
  }

  /** The port a probe checks. */
  record ProbePort(String probe, Integer port) {}

  @BeforeAll
  void renderAndValidate() throws IOException, InterruptedException {
    Optional<Path> nodeJs = ExternalCommand.onPath("node");
    Optional<Path> npm = ExternalCommand.onPath("npm");
    if (nodeJs.isEmpty() || npm.isEmpty()) {
      fail("Node.js 20+ and npm are needed to validate the Kubernetes manifests offline (node: "
          + nodeJs.map(Path::toString).orElse("missing") + ", npm: " + npm.map(Path::toString).orElse("missing")
          + "); install them, e.g. apt-get install nodejs npm");
    }
    node = nodeJs.get();
    ExternalCommand.run(List.of(npm.get().toString(), "ci", "--no-audit", "--no-fund", "--loglevel=error"),
        VALIDATOR, INSTALL_TIME).requireSuccess();
    kubectl = ExternalCommand.onPath("kubectl");
    if (kubectl.isEmpty()) {
      System.err.println("KubernetesManifestsIT: kubectl not found on the PATH: rendering and validating k8s/"
          + " is skipped (install kubectl >= 1.27, which bundles kustomize, to run it)");
      return;
    }
    requireKustomize5(kubectl.get());
    Files.createDirectories(OUT);
    List<String> command = new ArrayList<>(List.of(node.toString(), VALIDATOR.resolve("validate.mjs").toString(),
        "--repo", REPO.toString(), "--out", OUT.resolve("containers.json").toString()));
    for (Path root : kustomizations()) {
      String name = K8S.relativize(root).toString().replace('/', '-');
      ExternalCommand render = ExternalCommand.run(List.of(kubectl.get().toString(), "kustomize", root.toString()),
          REPO, RENDER_TIME);
      assertEquals(0, render.exitCode(), "kubectl kustomize " + REPO.relativize(root) + " failed:\n" + render.err());
      Path file = OUT.resolve(name + ".yaml");
      Files.writeString(file, render.out());
      command.add(name + "=" + file);
    }
    Files.deleteIfExists(OUT.resolve("containers.json"));
    validation = ExternalCommand.run(command, REPO, RENDER_TIME);
    if (Files.isRegularFile(OUT.resolve("containers.json"))) {
      containers = new Gson().fromJson(Files.readString(OUT.resolve("containers.json")),
          new TypeToken<List<RenderedContainer>>() { }.getType());
    }
  }

  /** The manifests use kustomize 5 (labels, components); older kubectl bundles an older one. */
  private static void requireKustomize5(Path kubectl) throws IOException, InterruptedException {
    ExternalCommand version = ExternalCommand.run(List.of(kubectl.toString(), "version", "--client", "-o", "json"),
        REPO, RENDER_TIME).requireSuccess();
    JsonElement kustomize = JsonParser.parseString(version.out()).getAsJsonObject().get("kustomizeVersion");
    String v = kustomize == null ? "none" : kustomize.getAsString();
    if (!v.matches("v?([5-9]|\\d{2,})\\..*")) {
      fail(kubectl + " bundles kustomize " + v + "; the manifests in k8s/ need kustomize 5 or newer"
          + " (kubectl 1.27 or newer)");
    }
  }

  /** Every kustomization under k8s/ except components, which only render inside one. */
  private static List<Path> kustomizations() throws IOException {
    try (Stream<Path> files = Files.walk(K8S)) {
      List<Path> roots = files
          .filter(p -> !p.startsWith(VALIDATOR))
          .filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
          .filter(p -> !read(p).contains("kind: Component"))
          .map(Path::getParent)
          .sorted()
          .toList();
      assertTrue(roots.contains(K8S.resolve("base")), "no k8s/base/kustomization.yaml");
      return roots;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireKubectl() {
    Assumptions.assumeTrue(kubectl.isPresent(),
        "kubectl not found on the PATH: the rendered Kubernetes manifests are not checked");
  }

  @Test
  void everyKustomizationRendersAndEveryObjectValidates() {
    requireKubectl();
    assertEquals(0, validation.exitCode(), "k8s/validate/validate.mjs found problems:\n" + validation.err()
        + validation.out());
  }

  @Test
  void everyContainerRunsAnLposImageWithItsEntrypoint() {
    requireKubectl();
    Set<String> seen = new TreeSet<>();
    for (RenderedContainer c : containers) {
      assertNotNull(LposImage.forContainer(c.container()), c.where() + ": no LPOS image runs a container named "
          + c.container() + " (expected one of: node, discovery)");
      assertNull(c.command(), c.where() + " overrides the image's ENTRYPOINT; pass arguments with args only");
      seen.add(c.container());
    }
    assertEquals(Set.of("discovery", "node"), seen, "the renders must run both images");
  }

  @Test
  void everyContainersArgumentsParseWithTheRealCommandLine() {
    requireKubectl();
    assertFalse(containers.isEmpty(), "validate.mjs reported no containers");
    List<String> rejected = new ArrayList<>();
    for (RenderedContainer c : containers) {
      LposImage image = LposImage.forContainer(c.container());
      if (image == null) {
        continue;
      }
      try {
        image.parse(c.args());
      } catch (ParameterException | AssertionError e) {
        rejected.add(c.where() + ": " + e.getMessage() + "\n    args: " + String.join(" ", c.args()));
      }
    }
    assertTrue(rejected.isEmpty(), "the command line rejects these manifests' arguments:\n"
        + String.join("\n", rejected));
  }

  @Test
  void portsProbesAndScrapeAnnotationsMatchTheArguments() throws IOException {
    requireKubectl();
    for (RenderedContainer c : containers) {
      LposImage image = LposImage.forContainer(c.container());
      if (image == null) {
        continue;
      }
      LposImage.ServerPorts ports = image.parse(c.args());
      assertEquals(ports.grpc(), c.ports().get("grpc"), c.where() + ": containerPort grpc vs the gRPC port in args");
      // The gRPC port speaks TLS, which the kubelet's gRPC probes cannot: they use --health-port.
      assertTrue(ports.health().isPresent(), c.where() + ": no --health-port in args for the probes");
      assertEquals(ports.health().getAsInt(), c.ports().get("health"), c.where() + ": containerPort health vs --health-port");
      for (ProbePort probe : c.probePorts()) {
        assertEquals(ports.health().getAsInt(), probe.port(),
            c.where() + ": " + probe.probe() + " must check the plaintext health port");
      }
      assertTrue(ports.metrics().isPresent(), c.where() + ": no --metrics-port in args");
      int metrics = ports.metrics().getAsInt();
      assertEquals(metrics, c.ports().get("metrics"), c.where() + ": containerPort metrics vs --metrics-port");
      assertEquals("true", c.annotations().get("prometheus.io/scrape"), c.where() + ": prometheus.io/scrape");
      assertEquals(String.valueOf(metrics), c.annotations().get("prometheus.io/port"), c.where() + ": prometheus.io/port");
      Set<Integer> exposed = Dockerfile.read(image.dockerfile(REPO)).exposed();
      assertEquals(exposed, Set.copyOf(c.ports().values()), c.where() + ": container ports vs the Dockerfile's EXPOSE");
    }
  }

  /**
   * k8s/overlays/gumby runs the original README's gumby line: discovery {@code -n 1 -t 0 -m 40 -l
   * 100 --fan-out 5 --inst 30 tx-n-outputs 20}, 40 nodes {@code 0 1 0 40 -d --fan-out 10 --chain
   * 10_rich_man --ignore-promoter}, with the arguments as the kubelet resolves them.
   */
  @Test
  void theGumbyOverlayRunsTheOriginalsGumbyLine() {
    requireKubectl();
    RenderedContainer nodes = rendered("overlays-gumby", "node");
    assertEquals(40, nodes.replicas(), nodes.where() + ": replicas");
    CommandSpec node = LposImage.NODE.parsedSpec(nodes.args());
    assertEquals(List.of(7001, 1, 0, 40), node.positionalParameters().stream().map(p -> p.getValue()).toList(),
        nodes.where() + ": PORT N T POPULATION");
    assertEquals(10, (Integer) node.findOption("--fan-out").getValue(), nodes.where() + ": --fan-out");
    // The shipped name, a template that takes N = 1; the base's mounted chain file fixes N = 10.
    assertEquals("10_rich_man", node.findOption("--chain").getValue(), nodes.where() + ": --chain");
    assertEquals(true, node.findOption("-d").getValue(), nodes.where() + ": -d");
    assertEquals(true, node.findOption("--ignore-promoter").getValue(), nodes.where() + ": --ignore-promoter");

    RenderedContainer server = rendered("overlays-gumby", "discovery");
    CommandSpec discovery = LposImage.DISCOVERY.parsedSpec(server.args());
    for (Map.Entry<String, Integer> option : Map.of("-n", 1, "-t", 0, "-m", 40, "-l", 100, "--fan-out", 5).entrySet()) {
      assertEquals((Object) option.getValue(), discovery.findOption(option.getKey()).getValue(),
          server.where() + ": " + option.getKey());
    }
    assertEquals(List.of("30", "tx-n-outputs", "20"), discovery.findOption("--inst").getValue(),
        server.where() + ": --inst");
  }

  private RenderedContainer rendered(String render, String container) {
    return containers.stream().filter(c -> c.render().equals(render) && c.container().equals(container))
        .findFirst().orElseThrow(() -> new AssertionError("no container " + container + " in the render " + render
            + " (k8s/" + render.replace('-', '/') + ")"));
  }

  @Test
  void theDockerfilesPassTheLinter() throws Exception {
    List<String> command = new ArrayList<>(
        List.of(node.toString(), VALIDATOR.resolve("lint-dockerfiles.mjs").toString()));
    for (LposImage image : LposImage.values()) {
      command.add(image.dockerfile(REPO).toString());
    }
    ExternalCommand lint = ExternalCommand.run(command, REPO, RENDER_TIME);
    assertEquals(0, lint.exitCode(), "k8s/validate/lint-dockerfiles.mjs found problems:\n" + lint.err() + lint.out());
  }

  @Test
  void theLinterReportsDockerfileMistakes() throws Exception {
    Path broken = Path.of("src", "test", "resources", "deploy", "broken.Dockerfile").toAbsolutePath();
    ExternalCommand lint = ExternalCommand.run(List.of(node.toString(),
        VALIDATOR.resolve("lint-dockerfiles.mjs").toString(), broken.toString()), REPO, RENDER_TIME);
    assertEquals(1, lint.exitCode(), "the linter accepted a broken Dockerfile:\n" + lint.out() + lint.err());
    assertEquals(List.of(broken + ":3: Unknown flag: fromm", broken + ":4: Invalid containerPort: grpc"),
        lint.err().lines().toList());
  }

  @Test
  void theValidatorRejectsWhatTheApiServerOrTheClusterWouldGetWrong() throws Exception {
    Path broken = Path.of("src", "test", "resources", "deploy", "broken-manifests.yaml").toAbsolutePath();
    Path report = Files.createTempFile("lpos-k8s", ".json");
    try {
      ExternalCommand run = ExternalCommand.run(List.of(node.toString(), VALIDATOR.resolve("validate.mjs").toString(),
          "--repo", REPO.toString(), "--out", report.toString(), "broken=" + broken), REPO, RENDER_TIME);
      assertEquals(1, run.exitCode(), "the validator accepted broken manifests:\n" + run.out() + run.err());
      Set<String> lines = run.err().lines().map(String::strip).collect(Collectors.toCollection(TreeSet::new));
      for (String expected : List.of(
          "broken Secret/s: unknown field .metadata.extra (not in the v1 Secret schema)",
          "broken Secret/s: unknown field .bogus (not in the v1 Secret schema)",
          "broken StatefulSet/lpos-node: schema: data/spec/replicas must be integer",
          "broken Deployment/d: unknown field .spec.template.spec.containers[0].readinessProbe.periodSecond"
              + " (not in the apps/v1 Deployment schema)",
          "broken ServiceMonitor/m: unknown field .spec.endpoints[0].intervall"
              + " (not in the monitoring.coreos.com/v1 ServiceMonitor schema)",
          "broken Widget/w: no schema for example.com/v1 Widget",
          "broken Service/orphan: selects no pod template in the render",
          "broken Service/orphan: has no namespace (it would go to the kubectl context's)",
          "broken Deployment/d container discovery: $(MISSING) is not defined in the container's environment")) {
        assertTrue(lines.contains(expected), "missing: " + expected + "\nin:\n" + run.err());
      }
    } finally {
      Files.deleteIfExists(report);
    }
  }
}
