// Prepares everything the Firebase emulators need on a machine without internet access
// (see docs/emulators.md): a Java >= 21, a launcher jar for the gcloud Firestore emulator,
// the Pub/Sub emulator binary, and a Storage rules runtime. On a machine with internet and
// none of these installed, it leaves firebase-tools to download its own binaries.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const LOCAL_DIR = join(ROOT, ".local");
export const PROJECT_ID = "demo-pixasocial";

const GCLOUD_PLATFORM = "/usr/lib/google-cloud-sdk/platform";
export const GCLOUD_FIRESTORE_JAR = join(GCLOUD_PLATFORM, "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
const GCLOUD_PUBSUB_BIN = join(GCLOUD_PLATFORM, "pubsub-emulator", "bin", "cloud-pubsub-emulator");
const FIREBASE_CACHE = join(homedir(), ".cache", "firebase", "emulators");

/** Prints a message and stops the process: a missing piece must never turn into skipped tests. */
export function fail(message) {
  console.error(`\n[pixasocial] ${message}\n`);
  process.exit(1);
}

function log(message) {
  console.error(`[pixasocial] ${message}`);
}

/** The major version of a java binary (`java -version` prints to stderr). */
function javaMajor(javaBin) {
  const result = spawnSync(javaBin, ["-version"], { encoding: "utf8" });
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return 0;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** Finds a JDK/JRE home whose java is >= 21: JAVA_HOME, then `java` on PATH, then /usr/lib/jvm. */
export function findJavaHome() {
  const candidates = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  try {
    const onPath = execFileSync("sh", ["-c", 'readlink -f "$(command -v java)"'], { encoding: "utf8" }).trim();
    if (onPath) candidates.push(dirname(dirname(onPath)));
  } catch {
    // no java on PATH
  }
  if (existsSync("/usr/lib/jvm")) {
    for (const name of readdirSync("/usr/lib/jvm")) candidates.push(join("/usr/lib/jvm", name));
  }
  let best = null;
  for (const home of candidates) {
    const bin = join(home, "bin", "java");
    if (!existsSync(bin)) continue;
    const major = javaMajor(bin);
    if (major >= 21 && (!best || major > best.major)) best = { home, major };
  }
  return best;
}

function hasDownloaded(prefix) {
  return existsSync(FIREBASE_CACHE) && readdirSync(FIREBASE_CACHE).some((f) => f.startsWith(prefix) && f.endsWith(".jar"));
}

function newerThan(target, source) {
  return existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs;
}

/** A manifest-only jar whose Main-Class starts the gcloud Firestore emulator (that jar has none). */
function firestoreLauncher(javaHome) {
  const dir = join(LOCAL_DIR, "emulators");
  const launcher = join(dir, "firestore-launcher.jar");
  if (newerThan(launcher, GCLOUD_FIRESTORE_JAR)) return launcher;
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, "firestore-launcher.mf");
  writeFileSync(
    manifest,
    "Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\n" + `Class-Path: file:${GCLOUD_FIRESTORE_JAR}\n`,
  );
  const jarTool = join(javaHome, "bin", "jar");
  if (!existsSync(jarTool)) fail(`The JDK at ${javaHome} has no 'jar' tool; install a full JDK >= 21.`);
  execFileSync(jarTool, ["cfm", launcher, manifest], { stdio: "inherit" });
  log(`built Firestore emulator launcher ${launcher}`);
  return launcher;
}

/**
 * The Storage emulator always starts a rules-runtime jar that is normally downloaded. When
 * neither the official jar nor internet is available, the adapter in tools/storage-rules-runtime
 * (built here from source) serves the same protocol with the rules engine of the Firestore jar.
 */
function storageRulesRuntime(javaHome) {
  const sourceDir = join(ROOT, "tools", "storage-rules-runtime");
  const build = join(sourceDir, "build.mjs");
  if (!existsSync(build)) return null;
  const out = execFileSync(process.execPath, [build], {
    encoding: "utf8",
    env: { ...process.env, JAVA_HOME: javaHome, PIXA_FIRESTORE_JAR: GCLOUD_FIRESTORE_JAR, PIXA_OUT_DIR: join(LOCAL_DIR, "emulators") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop();
}

/**
 * Returns the environment for firebase-tools: JAVA_HOME/PATH, emulator binaries, TMPDIR in
 * .local/tmp (one per port offset: the emulator hub keeps its locator file there, so two emulator
 * sets of one checkout must not share it). Throws (exits) with a clear message when a required
 * piece is missing.
 */
export function emulatorEnv(baseEnv = process.env) {
  const env = { ...baseEnv };
  const offset = Number(env.PIXA_PORT_OFFSET ?? 0);
  const tmp = join(LOCAL_DIR, offset ? `tmp-${offset}` : "tmp");
  mkdirSync(tmp, { recursive: true });
  env.TMPDIR = tmp;
  env.FIREBASE_FUNCTIONS_DISCOVERY_OUTPUT_PATH ??= "true";
  // Seconds a functions worker may take to load (firebase-tools' default: 30). Concurrent calls
  // each start a worker; several loading at once on 2 cores take longer than 30 s.
  env.FUNCTIONS_DISCOVERY_TIMEOUT ??= "120";

  const java = findJavaHome();
  const offline = existsSync(GCLOUD_FIRESTORE_JAR);
  if (!java) {
    fail(
      "The Firebase emulators need Java 21 or newer and none was found (checked JAVA_HOME, `java` on PATH and /usr/lib/jvm).\n" +
        "Install one, e.g. `apt-get install openjdk-21-jre-headless` (Debian 13) or a Temurin 21+ JDK, then run again.",
    );
  }
  env.JAVA_HOME = java.home;
  env.PATH = `${join(java.home, "bin")}:${env.PATH ?? ""}`;

  if (!env.FIRESTORE_EMULATOR_BINARY_PATH && offline && !hasDownloaded("cloud-firestore-emulator")) {
    env.FIRESTORE_EMULATOR_BINARY_PATH = firestoreLauncher(java.home);
  }
  if (!env.PUBSUB_EMULATOR_BINARY_PATH && existsSync(GCLOUD_PUBSUB_BIN) && !existsSync(join(FIREBASE_CACHE, "pubsub-emulator"))) {
    env.PUBSUB_EMULATOR_BINARY_PATH = GCLOUD_PUBSUB_BIN;
  }
  if (!env.STORAGE_EMULATOR_BINARY_PATH && offline && !hasDownloaded("cloud-storage-rules-runtime")) {
    const runtime = storageRulesRuntime(java.home);
    if (runtime) env.STORAGE_EMULATOR_BINARY_PATH = runtime;
  }
  return env;
}

// Ports that fetch() refuses to connect to (WHATWG "bad ports"): with offset 2000 Firestore
// would land on 10080 and every rules test would fail with "fetch failed: bad port".
const FETCH_BAD_PORTS = new Set([1719, 1720, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080]);

function fetchablePort(port) {
  let result = port;
  while (FETCH_BAD_PORTS.has(result)) result += 1;
  return result;
}

/**
 * Writes a copy of firebase.json with every emulator port moved by `offset`, so that several
 * checkouts can run their emulators side by side. Returns the path to pass as --config.
 */
export function configWithPortOffset(offset) {
  const config = JSON.parse(readFileSync(join(ROOT, "firebase.json"), "utf8"));
  for (const value of Object.values(config.emulators ?? {})) {
    if (!value || typeof value !== "object") continue;
    for (const key of ["port", "websocketPort"]) if (typeof value[key] === "number") value[key] = fetchablePort(value[key] + offset);
  }
  const file = join(ROOT, `firebase.local-${offset}.json`);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
