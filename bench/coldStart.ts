/**
 * Cold start: what a fresh Node process of one function instance loads before it can serve,
 * per function group, against the floor every function pays (`firebase-functions` +
 * `firebase-admin/firestore` + zod).
 *
 * An instance loads the entry point and then reads its FUNCTION_TARGET path (as the Functions
 * Framework and the emulator do), which loads that function's handler module alone
 * (functions/src/common/lazyGroup.ts). The figures are paired: every round loads the floor and
 * each group once, in an order that rotates between rounds, and a group's ratio is the median
 * of its per-round ratios to the floor of the same round, so that the load the machine happens
 * to be under cancels out. Whole processes vary by ±20–30 ms here, so a ratio moves by about
 * ±0.05 between runs; for a figure that shows a change of a few milliseconds, each round also
 * times, in one process, what a group adds once the floor is loaded (its own modules and
 * schemas, and the garbage collection they cause). Last, it times the validator's own share of
 * the floor (validatorCosts). docs/architecture.md keeps the last figures.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { figure, percentile } from "./stats.js";

const FUNCTIONS_DIR = join(__dirname, "..", "functions");
const RUNS = 15;
const TARGET_RATIO = 1.05;

/** One function per group, the one its instances load; identity's sign-up trigger is 1st gen. */
const GROUP_TARGETS = [
  "identity.onUserCreated",
  "teams.create",
  "invitations.accept",
  "library.onFileFinalized",
  "chat.onChannelDeleted",
  "ai.generateText",
  "aiConfigs.save",
  "connections.callback",
  "posts.publishTask",
];

const FLOOR = "floor: firebase-functions + firebase-admin/firestore + zod";
const FUNCTIONS_ALONE = "firebase-functions alone";
const WHOLE_ENTRY = "whole entry point, every function (deploy discovery)";
const FLOOR_LOAD = `require("firebase-functions/v2/https");require("firebase-admin/firestore");require("zod");`;

/** Loads what `FUNCTION_TARGET` names, as the runtime does: the entry point, then the property path. */
const LOAD_TARGET = `const m=require("./lib/index.js");process.env.FUNCTION_TARGET.split(".").reduce((o,p)=>o[p],m);`;

/** The script a measured process runs: the timed loads, then the milliseconds they took. */
function script(name: string, afterFloor: boolean): string {
  if (afterFloor) {
    return `${FLOOR_LOAD}const t=process.hrtime.bigint();${LOAD_TARGET}console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  }
  const load =
    name === FLOOR
      ? FLOOR_LOAD
      : name === FUNCTIONS_ALONE
        ? `require("firebase-functions/v2/https");`
        : name === WHOLE_ENTRY
          ? `const m=require("./lib/index.js");for(const g of Object.values(m))Object.values(g);`
          : LOAD_TARGET;
  return `const t=process.hrtime.bigint();${load}console.log(Number(process.hrtime.bigint()-t)/1e6)`;
}

/** Runs `code` in a fresh process as an instance of `name` would start; returns its last output line. */
function lastLine(name: string, code: string): string {
  const result = spawnSync(process.execPath, ["-e", code], {
    cwd: FUNCTIONS_DIR,
    encoding: "utf8",
    env: {
      ...process.env,
      GCLOUD_PROJECT: "demo-pixasocial",
      FIREBASE_CONFIG: JSON.stringify({ projectId: "demo-pixasocial", storageBucket: "demo-pixasocial.appspot.com" }),
      FUNCTION_TARGET: name,
      K_SERVICE: name.replace(".", "-").toLowerCase(),
    },
  });
  if (result.status !== 0) throw new Error(`loading ${name} failed: ${result.stderr}`);
  return result.stdout.trim().split("\n").pop() ?? "";
}

function loadTimeMs(name: string, afterFloor = false): number {
  return Number(lastLine(name, script(name, afterFloor)));
}

/**
 * The validator's own share of a cold start, for zod (the floor's) and for the zod 3 API that the
 * same package ships at `zod/v3`: loading it after the rest of the floor, building 21 schemas of
 * one shape (the first pays each schema class's set-up), and the first parse. docs/architecture.md
 * says why the models stay on zod 4.
 */
const VALIDATORS = ["zod", "zod/v3"];
const VALIDATOR_STEPS = ["load", "first schema", "20 more schemas", "first parse", "total"];

function validatorScript(validator: string): string {
  const schema = [
    `(i)=>z.object({id:z.string().min(1),name:z.string().max(80).optional(),n:z.number().int().nonnegative(),`,
    `tags:z.array(z.string()).max(10),kind:z.enum(["a","b"]),at:z.union([z.string(),z.number()]),["f"+i]:z.boolean().default(false)})`,
  ].join("");
  return [
    `require("firebase-functions/v2/https");require("firebase-admin/firestore");`,
    `const h=()=>process.hrtime.bigint();const t=[h()];const {z}=require(${JSON.stringify(validator)});t.push(h());`,
    `const mk=${schema};mk(0);t.push(h());for(let i=1;i<=20;i++)mk(i);t.push(h());`,
    `mk(21).parse({id:"x",n:1,tags:[],kind:"a",at:1});t.push(h());`,
    `const ms=t.slice(1).map((x,i)=>Number(x-t[i])/1e6);console.log(JSON.stringify([...ms,Number(t[4]-t[0])/1e6]))`,
  ].join("");
}

function validatorCosts(): void {
  const samples = new Map<string, number[][]>(VALIDATORS.map((validator) => [validator, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const validator of round % 2 ? [...VALIDATORS].reverse() : VALIDATORS) {
      samples.get(validator)?.push(JSON.parse(lastLine("validator", validatorScript(validator))) as number[]);
    }
  }
  console.log(`(validator, after firebase-functions/v2/https + firebase-admin/firestore; ${RUNS} alternating runs, p50)`);
  for (const [validator, runs] of samples) {
    const column = (step: number): number[] => runs.map((times) => times[step]);
    VALIDATOR_STEPS.forEach((step, i) => figure(`${validator}: ${step}, p50`, percentile(column(i), 50), "ms"));
  }
}

export async function run(): Promise<void> {
  const names = [FLOOR, FUNCTIONS_ALONE, WHOLE_ENTRY, ...GROUP_TARGETS];
  const ms = new Map<string, number[]>(names.map((name) => [name, []]));
  const ratios = new Map<string, number[]>(names.map((name) => [name, []]));
  const added = new Map<string, number[]>(GROUP_TARGETS.map((name) => [name, []]));
  for (let round = 0; round < RUNS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const times = new Map(order.map((name) => [name, loadTimeMs(name)]));
    const floor = times.get(FLOOR) as number;
    for (const [name, time] of times) {
      ms.get(name)?.push(time);
      ratios.get(name)?.push(time / floor);
    }
    for (const name of order) if (GROUP_TARGETS.includes(name)) added.get(name)?.push(loadTimeMs(name, true));
  }
  const floorP50 = percentile(ms.get(FLOOR) ?? [], 50);
  console.log(`(${RUNS} paired rounds; ratio = median over rounds of load time / the same round's floor; target ≤ ${TARGET_RATIO}×)`);
  for (const name of names) {
    const label = GROUP_TARGETS.includes(name) ? `group ${name.split(".")[0]} (${name.replace(".", "-")})` : name;
    figure(`${label}, p50`, percentile(ms.get(name) ?? [], 50), "ms");
    if (name === FLOOR) continue;
    const ratio = percentile(ratios.get(name) ?? [], 50);
    const verdict = GROUP_TARGETS.includes(name) ? (ratio <= TARGET_RATIO ? " (meets target)" : " (over target)") : "";
    figure(`  × floor, median of paired ratios${verdict}`, ratio, "×", 2);
    const addedP50 = percentile(added.get(name) ?? [], 50);
    if (!Number.isNaN(addedP50))
      figure(`  added after the floor, one process, p50 (% of floor p50)`, addedP50, `ms (${((100 * addedP50) / floorP50).toFixed(1)} %)`);
  }
  validatorCosts();
}
