// A mocha reporter: the usual spec report, plus the wall time of each test file's top-level
// suites, hooks included, written as JSON to the path in PIXA_TEST_DURATIONS_OUT when the run
// ends (scripts/test.mjs balances its shards with these figures).
const { writeFileSync } = require("node:fs");
const { relative, resolve } = require("node:path");
const Mocha = require("mocha");

const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_RUN_END } = Mocha.Runner.constants;
const ROOT = resolve(__dirname, "..", "..");

class FileDurationsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const startedAt = new Map();
    const seconds = {};
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
}

module.exports = FileDurationsReporter;
