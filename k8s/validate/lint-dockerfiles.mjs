// Lints Dockerfiles offline with dockerfile-utils (the checks of VS Code's Dockerfile support):
// unknown instructions or flags, missing arguments, invalid ports. Run by KubernetesManifestsIT:
//   node lint-dockerfiles.mjs FILE...
// Exit code 0 when no file has a finding, 1 with one line per finding otherwise.
import { readFileSync } from "node:fs";
import { validate } from "dockerfile-utils";

const findings = [];
for (const file of process.argv.slice(2)) {
  for (const d of validate(readFileSync(file, "utf8"))) {
    findings.push(`${file}:${d.range.start.line + 1}: ${d.message}`);
  }
}
if (findings.length > 0) {
  console.error(findings.join("\n"));
  process.exit(1);
}
console.log(`dockerfiles ok: ${process.argv.length - 2} file(s)`);
