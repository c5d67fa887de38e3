#!/usr/bin/env node
// Builds the offline Storage rules runtime jar (see README.md) when it is missing or older
// than its sources. Called by scripts/lib/emulator-env.mjs with:
//   JAVA_HOME           a JDK >= 21 home (javac and jar)
//   PIXA_FIRESTORE_JAR  the gcloud Firestore emulator jar, whose rules engine the runtime uses
//   PIXA_OUT_DIR        where to put storage-rules-runtime.jar
// Logs go to stderr; the last stdout line is the absolute path of the jar. Exits non-zero
// with a message on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN_CLASS = "pixasocial.storagerules.StorageRulesRuntime";
const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCES = join(HERE, "src");

function fail(message) {
  console.error(`[storage-rules-runtime] ${message}`);
  process.exit(1);
}

function log(message) {
  console.error(`[storage-rules-runtime] ${message}`);
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set.`);
  return value;
}

function javaFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return javaFiles(path);
    return entry.name.endsWith(".java") ? [path] : [];
  });
}

function run(tool, args) {
  const result = spawnSync(tool, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.error) fail(`cannot run ${tool}: ${result.error.message}`);
  if (result.status !== 0) fail(`${tool} ${args[0]} ... failed with exit code ${result.status}`);
}

const javaHome = requiredEnv("JAVA_HOME");
const firestoreJar = resolve(requiredEnv("PIXA_FIRESTORE_JAR"));
const outDir = resolve(requiredEnv("PIXA_OUT_DIR"));
const javac = join(javaHome, "bin", "javac");
const jarTool = join(javaHome, "bin", "jar");
if (!existsSync(javac) || !existsSync(jarTool)) fail(`${javaHome} is not a JDK: it has no bin/javac or bin/jar.`);
if (!existsSync(firestoreJar)) fail(`the Firestore emulator jar ${firestoreJar} does not exist.`);

const sources = javaFiles(SOURCES);
if (sources.length === 0) fail(`no Java sources under ${SOURCES}.`);
const jar = join(outDir, "storage-rules-runtime.jar");
// The manifest names the Firestore jar, so a jar built against another path is stale too.
const inputs = [...sources, fileURLToPath(import.meta.url), firestoreJar];
const upToDate = existsSync(jar) && inputs.every((input) => statSync(input).mtimeMs <= statSync(jar).mtimeMs);

if (upToDate) {
  log(`up to date: ${jar}`);
} else {
  const work = join(outDir, "storage-rules-runtime.build");
  const classes = join(work, "classes");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(classes, { recursive: true });
  log(`compiling ${sources.length} sources against ${firestoreJar}`);
  run(javac, ["--release", "17", "-encoding", "UTF-8", "-nowarn", "-cp", firestoreJar, "-d", classes, ...sources]);
  const manifest = join(work, "MANIFEST.MF");
  writeFileSync(manifest, `Main-Class: ${MAIN_CLASS}\nClass-Path: ${pathToFileURL(firestoreJar).href}\n`);
  run(jarTool, ["--create", "--file", jar, "--manifest", manifest, "-C", classes, "."]);
  rmSync(work, { recursive: true, force: true });
  log(`built ${jar}`);
}
console.log(jar);
