import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const FUNCTIONS_DIR = join(__dirname, "..", "..", "functions");
const LIB = join(FUNCTIONS_DIR, "lib");
/** What the Functions runtime sets in production; set here so the test needs no emulator. */
const RUNTIME_ENV = {
  ...process.env,
  GCLOUD_PROJECT: "demo-pixasocial",
  FIREBASE_CONFIG: JSON.stringify({ projectId: "demo-pixasocial", storageBucket: "demo-pixasocial.appspot.com" }),
};
const HEAVY = ["openai", "@google/genai", "@google-cloud/kms", "google-gax", "undici", "oauth4webapi", "firebase-admin/lib/storage"];
const GROUPS = ["identity", "aiConfigs", "teams", "invitations", "library", "chat", "ai", "connections", "posts"];

/**
 * Model modules any other may import: what every schema is built from, not a domain's schemas
 * (`models/reasons.js` is part of `models/errors.js`).
 */
const MODEL_BUILDING_BLOCKS = ["models/shared.js", "models/campaignEnums.js", "models/reasons.js"];

/** The built module a group index loads for each deployed function (`teams-create` → `teams/create.js`). */
function handlerModules(): Map<string, string> {
  const modules = new Map<string, string>();
  for (const group of GROUPS) {
    const index = join(LIB, group, "index.js");
    for (const [, name, path] of readFileSync(index, "utf8").matchAll(/(\w+): \(\) => require\("([^"]+)"\)/g)) {
      modules.set(`${group}-${name}`, relative(LIB, join(dirname(index), path)));
    }
  }
  return modules;
}

/** Every built module `module` (relative to lib/) requires at load, transitively (lazy `import()`s excluded). */
function staticClosure(module: string): Set<string> {
  const seen = new Set<string>();
  const pending = [module];
  while (pending.length) {
    const next = pending.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    const source = readFileSync(join(LIB, next), "utf8");
    for (const [, path] of source.matchAll(/require\("(\.[^"]+)"\)/g)) pending.push(relative(LIB, join(LIB, dirname(next), path)));
  }
  return seen;
}

/**
 * The firebase-functions trigger providers (`v2/https`, `v1/auth`, ...) that `module` and the
 * built modules it requires load, read from their `require`s.
 */
function triggerProviders(module: string): string[] {
  const providers = new Set<string>();
  for (const file of staticClosure(module)) {
    const source = readFileSync(join(LIB, file), "utf8");
    for (const [, provider] of source.matchAll(/require\("firebase-functions\/(v[12]\/\w+)"\)/g)) {
      if (provider !== "v2/options") providers.add(provider);
    }
  }
  return [...providers].sort();
}

/** The functions/lib modules a fresh process has loaded after reading `target` as the runtime does. */
function loadedFor(target: string): Promise<string[]> {
  const script =
    "const m=require('./lib/index.js');" +
    "const f=process.env.FUNCTION_TARGET.split('.').reduce((o,p)=>o[p],m);" +
    "if(typeof f!=='function'||!f.__endpoint)throw new Error('no trigger at '+process.env.FUNCTION_TARGET);" +
    "console.log(JSON.stringify(Object.keys(require.cache)))";
  const child = spawn(process.execPath, ["-e", script], {
    cwd: FUNCTIONS_DIR,
    env: { ...RUNTIME_ENV, FUNCTION_TARGET: target, K_SERVICE: target.replace(".", "-").toLowerCase() },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`loading ${target} failed: ${stderr}`));
      const files: string[] = JSON.parse(stdout.trim().split("\n").pop() ?? "[]");
      resolve(files.filter((file) => file.startsWith(LIB + "/")).map((file) => relative(LIB, file)));
    });
  });
}

describe("unit: cold start stays light", () => {
  const modules = handlerModules();

  it("loads the built entry point without any AI SDK, KMS, the OAuth client or Storage", () => {
    const script = `require("./lib/index.js");console.log(JSON.stringify(Object.keys(require.cache)))`;
    const result = spawnSync(process.execPath, ["-e", script], { cwd: FUNCTIONS_DIR, env: RUNTIME_ENV, encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    const loaded: string[] = JSON.parse(result.stdout.trim().split("\n").pop() ?? "[]");
    expect(loaded.some((file) => file.includes(`${join("functions", "lib", "index.js")}`))).to.equal(true);
    for (const pkg of HEAVY) {
      const offenders = loaded.filter((file) => file.includes(`/node_modules/${pkg}/`));
      expect(offenders, `${pkg} was loaded at start-up`).to.deep.equal([]);
    }
    const handlersLoaded = loaded.filter((file) => [...modules.values()].some((module) => file === join(LIB, module)));
    expect(handlersLoaded, "the entry point alone loads no handler module").to.deep.equal([]);
  });

  it("knows a handler module for every function of every group", () => {
    expect(modules.size).to.be.greaterThan(40);
    for (const group of GROUPS)
      expect(
        [...modules.keys()].some((name) => name.startsWith(`${group}-`)),
        group,
      ).to.equal(true);
  });

  it("an instance of one function of each group loads its own handler module and no other function's", async () => {
    const firstOfGroup = GROUPS.map((group) => [...modules.keys()].find((name) => name.startsWith(`${group}-`)) as string);
    const loadedByTarget = await Promise.all(firstOfGroup.map((name) => loadedFor(name.replace("-", "."))));
    firstOfGroup.forEach((name, i) => {
      const own = modules.get(name) as string;
      const loaded = loadedByTarget[i];
      expect(loaded, name).to.include(own);
      const allowed = staticClosure(own);
      const otherHandlers = loaded.filter((file) => [...modules.values()].includes(file) && !allowed.has(file));
      expect(otherHandlers, `${name} loaded handler modules its own module does not import`).to.deep.equal([]);
    });
  });

  it("builds one domain's schemas when a function reads one domain's collections or models", () => {
    const modelsLoadedBy = (module: string) =>
      [...staticClosure(module)].filter((file) => file.startsWith("models/") && !MODEL_BUILDING_BLOCKS.includes(file));
    const collectionModules = readdirSync(join(LIB, "common", "collections")).filter((file) => file.endsWith(".js"));
    expect(collectionModules).to.include.members(["typed.js", "identity.js", "teams.js", "ai.js", "connections.js"]);
    for (const file of collectionModules) {
      const own = file === "typed.js" ? [] : [`models/${file}`];
      expect(modelsLoadedBy(`common/collections/${file}`), `common/collections/${file}`).to.deep.equal(own);
    }
    const modelModules = readdirSync(join(LIB, "models")).filter((file) => file.endsWith(".js"));
    expect(modelModules.length).to.be.greaterThan(10);
    for (const file of modelModules) {
      const own = MODEL_BUILDING_BLOCKS.includes(`models/${file}`) ? [] : [`models/${file}`];
      expect(modelsLoadedBy(`models/${file}`), `models/${file} loads another domain's model`).to.deep.equal(own);
    }
  });

  it("no function's handler module imports another domain's handler module", () => {
    for (const [name, module] of modules) {
      const domain = module.split("/")[0];
      const otherDomains = [...staticClosure(module)].filter(
        (file) => file !== module && [...modules.values()].includes(file) && file.split("/")[0] !== domain,
      );
      expect(otherDomains, `${name} (${module}) imports other domains' handler modules`).to.deep.equal([]);
    }
  });

  it("every function loads one trigger provider, its own: a trigger module holds no other kind's trigger", () => {
    const loadingSeveral = [...modules]
      .map(([name, module]) => ({ name, providers: triggerProviders(module) }))
      .filter(({ providers }) => providers.length !== 1);
    expect(loadingSeveral).to.deep.equal([]);
    expect(triggerProviders("identity/signUpTrigger.js")).to.deep.equal(["v1/auth"]);
    expect(triggerProviders("chat/triggers.js")).to.deep.equal(["v2/firestore"]);
  });
});
