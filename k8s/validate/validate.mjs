// Offline checks of rendered LPOS manifests, run by node-service's KubernetesManifestsIT:
//   node validate.mjs --repo ROOT --out containers.json NAME=rendered.yaml [NAME=rendered.yaml ...]
// For every object: validate it against the Kubernetes OpenAPI schema (kubernetes-models) or its
// CRD schema (@kubernetes-models/prometheus-operator), and reject keys the schema does not know,
// which those validators let through. Then check that copied files match their sources in data/
// and config/ and that the experiment's numbers agree. Writes every lpos container's arguments,
// with $(VAR) references resolved as the kubelet would, for the Java side to parse with the real
// command lines. Exit code 0 when all holds, 1 with one line per problem otherwise.
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { parseAllDocuments, parse as parseYaml } from "yaml";

const problems = [];
const problem = (where, message) => problems.push(`${where}: ${message}`);
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod", "CronJob"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
  "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass", "RuntimeClass",
  "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"]);
const { repo, out, renders } = parseArgs(process.argv.slice(2));
await main();

async function main() {
  const containers = [];
  for (const [name, file] of renders) {
    const objects = readObjects(name, file);
    for (const object of objects) {
      await validateObject(name, object);
    }
    checkCopies(name, objects);
    checkExperiment(name, objects);
    checkSelectors(name, objects);
    checkNamespaces(name, objects);
    containers.push(...extractContainers(name, objects));
  }
  writeFileSync(out, JSON.stringify(containers, null, 2));
  if (problems.length > 0) {
    console.error(`${problems.length} problem(s) in the rendered manifests:`);
    for (const p of problems) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`manifests ok: ${renders.length} render(s), ${containers.length} container(s)`);
}

function parseArgs(argv) {
  const args = { repo: null, out: null, renders: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--repo") args.repo = argv[++i];
    else if (argv[i] === "--out") args.out = argv[++i];
    else {
      const eq = argv[i].indexOf("=");
      if (eq <= 0) usage(`not NAME=FILE: ${argv[i]}`);
      args.renders.push([argv[i].slice(0, eq), argv[i].slice(eq + 1)]);
    }
  }
  if (!args.repo || !args.out || args.renders.length === 0) usage("missing arguments");
  return args;
}

function usage(message) {
  console.error(`validate.mjs: ${message}\nusage: node validate.mjs --repo ROOT --out FILE NAME=FILE...`);
  process.exit(2);
}

function readObjects(name, file) {
  const objects = [];
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    problem(name, `cannot read ${file}: ${e.message}`);
    return objects;
  }
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      problem(name, `YAML: ${doc.errors[0].message}`);
      continue;
    }
    const value = doc.toJS();
    if (value !== null) objects.push(value);
  }
  if (objects.length === 0) problem(name, "renders no objects");
  return objects;
}

function label(object) {
  return `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
}

// ---- schema validation -------------------------------------------------------------------------

async function modelClass(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === "monitoring.coreos.com"
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`
    : `kubernetes-models/${group === "" ? "" : `${group}/`}${version}/${kind}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

async function validateObject(name, object) {
  const where = `${name} ${label(object)}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    problem(where, "no apiVersion or kind");
    return;
  }
  const Model = await modelClass(object.apiVersion, object.kind);
  if (Model === undefined) {
    problem(where, `no schema for ${object.apiVersion} ${object.kind}`);
    return;
  }
  const decoded = asServerDecodes(object);
  const { proxy, visits } = recordVisits(decoded);
  try {
    Model.prototype.validate.call(proxy);
  } catch (e) {
    problem(where, `schema: ${e.message}`);
    return;
  }
  for (const key of unknownKeys(decoded, visits, "")) {
    problem(where, `unknown field ${key} (not in the ${object.apiVersion} ${object.kind} schema)`);
  }
}

// kustomize wraps a Secret's base64 values over several lines; the API server's decoder skips
// line breaks, the schema's "byte" format does not, so they are joined before validation.
function asServerDecodes(object) {
  if (object.kind !== "Secret" || object.data === null || typeof object.data !== "object") return object;
  const data = Object.fromEntries(Object.entries(object.data)
    .map(([k, v]) => [k, typeof v === "string" ? v.replace(/[\r\n]/g, "") : v]));
  return { ...object, data };
}

// The validators are compiled from the OpenAPI schema: for an object type they read each property
// the schema declares, and for a map type (additionalProperties) they enumerate the keys. Recording
// those reads while one runs walks exactly the schema it was compiled from, so a key that was never
// read is one the schema does not have. An object the validator never looked into is free-form in
// the schema (e.g. x-kubernetes-preserve-unknown-fields) and is not checked further.
function recordVisits(root) {
  const visits = new Map();
  const visit = (target) => {
    let v = visits.get(target);
    if (v === undefined) {
      v = { read: new Set(), enumerated: false };
      visits.set(target, v);
    }
    return v;
  };
  const wrap = (value) => {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") visit(target).read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") visit(target).read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        visit(target).enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
  };
  return { proxy: wrap(root), visits };
}

function unknownKeys(value, visits, at) {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => unknownKeys(item, visits, `${at}[${i}]`));
  }
  if (value === null || typeof value !== "object") return [];
  const v = visits.get(value);
  if (v === undefined) return [];
  return Object.keys(value).flatMap((key) => v.enumerated || v.read.has(key)
    ? unknownKeys(value[key], visits, `${at}.${key}`)
    : [`${at}.${key}`]);
}

// ---- copies of data/ and config/ ---------------------------------------------------------------

// kustomize only reads files under a kustomization's directory, so k8s/ keeps copies; the rendered
// objects must carry exactly the source files' contents (k8s/sync-files.sh refreshes the copies).
function checkCopies(name, objects) {
  for (const object of objects) {
    const base = object.metadata?.name?.replace(/-[a-z0-9]{10}$/, "");
    const where = `${name} ${label(object)}`;
    if (object.kind === "ConfigMap" && base === "lpos-chain") {
      for (const [key, text] of Object.entries(object.data ?? {})) {
        sameText(where, key, text, [`data/${key}`, `config/${key}`]);
      }
    } else if (object.kind === "Secret" && base === "lpos-members") {
      for (const [key, encoded] of Object.entries(object.data ?? {})) {
        sameText(where, key, Buffer.from(encoded, "base64").toString("utf8"), [`data/${key}`]);
      }
    } else if (object.kind === "ConfigMap" && base === "lpos-grafana-dashboard") {
      for (const [key, text] of Object.entries(object.data ?? {})) {
        sameText(where, key, text, [`config/monitoring/${key}`]);
      }
    } else if (object.kind === "PrometheusRule" && base === "lpos-alerts") {
      const source = readSource(where, "config/monitoring/alerts.yml");
      if (source !== undefined && !isDeepStrictEqual(object.spec, parseYaml(source))) {
        problem(where, "spec differs from config/monitoring/alerts.yml: run k8s/sync-files.sh");
      }
    }
  }
}

function sameText(where, key, text, candidates) {
  const file = candidates.find((c) => readSource(null, c) !== undefined);
  if (file === undefined) {
    problem(where, `${key} has no source file (looked for ${candidates.join(", ")})`);
  } else if (readSource(where, file) !== text) {
    problem(where, `${key} differs from ${file}: run k8s/sync-files.sh`);
  }
}

function readSource(where, relative) {
  try {
    return readFileSync(path.join(repo, relative), "utf8");
  } catch {
    if (where !== null) problem(where, `cannot read ${relative}`);
    return undefined;
  }
}

// ---- the experiment's numbers ------------------------------------------------------------------

function checkExperiment(name, objects) {
  const experiment = objects.find((o) => o.kind === "ConfigMap" && /^lpos-experiment(-|$)/.test(o.metadata?.name));
  const nodes = objects.find((o) => o.kind === "StatefulSet" && o.metadata?.name === "lpos-node");
  if (experiment === undefined || nodes === undefined) return;
  const population = Number(experiment.data?.POPULATION);
  if (nodes.spec.replicas !== population) {
    problem(name, `StatefulSet/lpos-node has ${nodes.spec.replicas} replicas but POPULATION is ${population}`
      + " (discovery waits for POPULATION nodes before the instruction)");
  }
  const budget = objects.find((o) => o.kind === "PodDisruptionBudget" && o.metadata?.name === "lpos-senate");
  const indices = budget?.spec?.selector?.matchExpressions
    ?.find((e) => e.key === "apps.kubernetes.io/pod-index")?.values?.map(Number) ?? [];
  if (indices.some((i) => i >= nodes.spec.replicas)) {
    problem(name, `PodDisruptionBudget/lpos-senate selects pod-index ${Math.max(...indices)} but there are only`
      + ` ${nodes.spec.replicas} replicas, so it could never be satisfied`);
  }
  if (budget !== undefined && indices.length < budget.spec.minAvailable) {
    problem(name, `PodDisruptionBudget/lpos-senate keeps ${budget.spec.minAvailable} of ${indices.length} pods`);
  }
  const members = objects.find((o) => o.kind === "Secret" && /^lpos-members(-|$)/.test(o.metadata?.name));
  const file = members?.data?.["members.json"];
  if (file !== undefined) {
    const count = JSON.parse(Buffer.from(file, "base64").toString("utf8")).members?.length ?? 0;
    if (nodes.spec.replicas > count) {
      problem(name, `StatefulSet/lpos-node has ${nodes.spec.replicas} replicas but the members file has ${count} members`);
    }
  }
}

// ---- namespaces ---------------------------------------------------------------------------------

// An object without a namespace lands in whatever namespace the user's kubectl context names,
// apart from the objects that refer to it; so every namespaced object names one, the render's own.
function checkNamespaces(name, objects) {
  const created = new Set(objects.filter((o) => o.kind === "Namespace").map((o) => o.metadata?.name));
  for (const object of objects) {
    if (CLUSTER_SCOPED.has(object.kind)) continue;
    const namespace = object.metadata?.namespace;
    if (namespace === undefined) {
      problem(`${name} ${label(object)}`, "has no namespace (it would go to the kubectl context's)");
    } else if (!created.has(namespace)) {
      problem(`${name} ${label(object)}`, `is in namespace ${namespace}, which the render does not create`);
    }
  }
}

// ---- selectors ----------------------------------------------------------------------------------

// What the API server cannot see in one object: a Service, PodDisruptionBudget or ServiceMonitor
// that selects nothing, or a Service port whose target no selected container declares.
function checkSelectors(name, objects) {
  const pods = objects.filter((o) => WORKLOADS.has(o.kind)).map(podOf).filter((p) => p !== undefined);
  const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
  for (const object of objects) {
    const where = `${name} ${label(object)}`;
    if (object.kind === "Service" && object.spec?.selector !== undefined) {
      const selected = pods.filter((p) => matches(object.spec.selector, p.metadata?.labels));
      if (selected.length === 0) problem(where, "selects no pod template in the render");
      const declared = selected.flatMap((p) => p.spec.containers.flatMap((c) => c.ports ?? []));
      for (const port of object.spec.ports ?? []) {
        const target = port.targetPort ?? port.port;
        if (selected.length > 0 && !declared.some((d) => d.name === target || d.containerPort === target)) {
          problem(where, `port ${port.name ?? port.port} targets ${target}, which no selected container declares`);
        }
      }
    } else if (object.kind === "PodDisruptionBudget") {
      if (!pods.some((p) => matches(object.spec?.selector?.matchLabels, p.metadata?.labels))) {
        problem(where, "selects no pod template in the render");
      }
    } else if (object.kind === "ServiceMonitor") {
      const services = objects.filter((o) => o.kind === "Service"
        && matches(object.spec?.selector?.matchLabels, o.metadata?.labels));
      if (services.length === 0) problem(where, "selects no Service in the render");
      checkJobs(where, object, services);
      for (const endpoint of object.spec?.endpoints ?? []) {
        if (!services.some((svc) => (svc.spec.ports ?? []).some((p) => p.name === endpoint.port))) {
          problem(where, `endpoint port ${endpoint.port} is on none of the selected Services`);
        }
      }
    }
  }
}

// The operator names each target's job after its Service; the dashboard and alert rules select
// jobs by the names config/monitoring/prometheus.yml gives them, so the two sets must agree.
function checkJobs(where, monitor, services) {
  if (monitor.spec?.jobLabel !== undefined) return;
  const source = readSource(where, "config/monitoring/prometheus.yml");
  if (source === undefined) return;
  const jobs = new Set((parseYaml(source)?.scrape_configs ?? []).map((c) => c.job_name));
  const named = new Set(services.map((svc) => svc.metadata.name));
  if (!isDeepStrictEqual([...jobs].sort(), [...named].sort())) {
    problem(where, `scrapes Services ${[...named].sort().join(", ")} (the job names) but`
      + ` config/monitoring/prometheus.yml's jobs are ${[...jobs].sort().join(", ")}`);
  }
}

// ---- containers and their arguments ------------------------------------------------------------

function podOf(object) {
  if (object.kind === "Pod") return { metadata: object.metadata, spec: object.spec };
  if (object.kind === "CronJob") return object.spec?.jobTemplate?.spec?.template;
  return object.spec?.template;
}

function extractContainers(name, objects) {
  const result = [];
  for (const object of objects) {
    if (!WORKLOADS.has(object.kind)) continue;
    const pod = podOf(object);
    for (const c of [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])]) {
      const where = `${name} ${label(object)} container ${c.name}`;
      const env = environment(where, object, pod, c, objects);
      const expand = (list) => list === undefined ? null : list.map((a) => expandReferences(where, a, env));
      result.push({
        render: name,
        object: label(object),
        container: c.name,
        replicas: object.spec?.replicas ?? null,
        image: c.image,
        command: expand(c.command),
        args: expand(c.args) ?? [],
        ports: Object.fromEntries((c.ports ?? []).map((p) => [p.name ?? String(p.containerPort), p.containerPort])),
        probePorts: ["startupProbe", "readinessProbe", "livenessProbe"]
          .filter((p) => c[p] !== undefined)
          .map((p) => ({ probe: p, port: c[p].grpc?.port ?? c[p].httpGet?.port ?? c[p].tcpSocket?.port ?? null })),
        annotations: pod?.metadata?.annotations ?? {},
      });
    }
  }
  return result;
}

// The container's environment as the kubelet builds it: envFrom first, then env in order (each
// value may refer to earlier ones). Values only known in a running pod get sample values.
function environment(where, object, pod, container, objects) {
  const env = new Map();
  const configMap = (ref) => objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === ref);
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef !== undefined) {
      const cm = configMap(source.configMapRef.name);
      if (cm === undefined) problem(where, `envFrom: no ConfigMap ${source.configMapRef.name} in the render`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set((source.prefix ?? "") + k, v);
    } else if (source.secretRef !== undefined) {
      problem(where, "envFrom secretRef: the check cannot know its keys; use env with secretKeyRef");
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env.set(e.name, expandReferences(where, e.value, env));
    } else if (e.valueFrom?.configMapKeyRef !== undefined) {
      const ref = e.valueFrom.configMapKeyRef;
      const value = configMap(ref.name)?.data?.[ref.key];
      if (value === undefined && ref.optional !== true) problem(where, `env ${e.name}: no key ${ref.key} in ConfigMap ${ref.name}`);
      if (value !== undefined) env.set(e.name, value);
    } else if (e.valueFrom?.fieldRef !== undefined) {
      env.set(e.name, sampleField(where, object, pod, e.valueFrom.fieldRef.fieldPath));
    } else if (e.valueFrom?.secretKeyRef !== undefined) {
      env.set(e.name, "sample-secret");
    } else if (e.valueFrom?.resourceFieldRef !== undefined) {
      env.set(e.name, "1");
    }
  }
  return env;
}

function sampleField(where, object, pod, fieldPath) {
  const podName = `${object.metadata.name}-0`;
  const samples = {
    "metadata.name": podName,
    "metadata.namespace": object.metadata.namespace ?? "default",
    "metadata.uid": "00000000-0000-0000-0000-000000000000",
    "metadata.labels['apps.kubernetes.io/pod-index']": "0",
    "metadata.labels['statefulset.kubernetes.io/pod-name']": podName,
    "spec.nodeName": "node-a",
    "spec.serviceAccountName": pod?.spec?.serviceAccountName ?? "default",
    "status.hostIP": "10.0.0.1",
    "status.podIP": "10.0.0.10",
  };
  if (samples[fieldPath] !== undefined) return samples[fieldPath];
  const labelMatch = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  const value = labelMatch && pod?.metadata?.[labelMatch[1]]?.[labelMatch[2]];
  if (typeof value === "string") return value;
  problem(where, `fieldRef ${fieldPath}: no sample value`);
  return "";
}

// Kubernetes expands $(VAR) from the container's environment and turns $$ into $; a reference to
// an undefined variable stays as written, which here would be a typo passed on to the program.
function expandReferences(where, text, env) {
  return String(text).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, variable) => {
    if (match === "$$") return "$";
    if (env.has(variable)) return env.get(variable);
    problem(where, `$(${variable}) is not defined in the container's environment`);
    return match;
  });
}
