// A mocha reporter: the usual spec report, plus the wall time of each test file's top-level
// suites, hooks included, written as JSON to the path in PIXA_TEST_DURATIONS_OUT when a run
// ends (scripts/test.mjs orders its queue of test files with these figures).
//
// The queue runner (scripts/lib/test-queue-runner.mjs) runs one file per mocha run in one process:
// with the reporter option `deferSummary` each run's summary ("N passing", the failures) is kept
// instead of printed, and `printSummary` prints one for every run at the end, as one mocha run
// would; the durations add up across the runs.
const { writeFileSync } = require("node:fs");
const { relative, resolve } = require("node:path");
const Mocha = require("mocha");

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;
const ROOT = resolve(__dirname, "..", "..");

/** Seconds per test file, over every run in this process. */
const seconds = {};
/** The deferred summaries of this process's runs. */
const deferred = { passes: 0, pending: 0, failures: [] };

class FileDurationsReporter extends Mocha.reporters.Spec {
  constructor(runner, options = {}) {
    super(runner, options);
    this.deferSummary = Boolean(options.reporterOptions?.deferSummary);
    const startedAt = new Map();
    const isFileSuite = (suite) => Boolean(suite.file) && Boolean(suite.parent?.root);
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (isFileSuite(suite)) startedAt.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      if (!startedAt.has(suite)) return;
      const file = relative(ROOT, suite.file);
      seconds[file] = Math.round(((seconds[file] ?? 0) + (Date.now() - startedAt.get(suite)) / 1000) * 10) / 10;
    });
    runner.once(EVENT_RUN_END, () => {
      if (process.env.PIXA_TEST_DURATIONS_OUT) writeFileSync(process.env.PIXA_TEST_DURATIONS_OUT, JSON.stringify(seconds));
    });
  }

  epilogue() {
    if (!this.deferSummary) return super.epilogue();
    deferred.passes += this.stats.passes ?? 0;
    deferred.pending += this.stats.pending ?? 0;
    deferred.failures.push(...this.failures);
  }

  /** Prints the summary of every deferred run, `durationMs` as their time. */
  static printSummary(durationMs) {
    const stats = { passes: deferred.passes, pending: deferred.pending, failures: deferred.failures.length, duration: durationMs };
    Mocha.reporters.Base.prototype.epilogue.call({ stats, failures: deferred.failures });
  }
}

module.exports = FileDurationsReporter;
