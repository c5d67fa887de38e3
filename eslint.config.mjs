// Lint for the functions, tests, benchmarks and scripts: typescript-eslint's recommended rules,
// with formatting left to Prettier (`npm run lint` runs both; `npm test` runs the type-check and lint
// beside the tests and prints their outcome last).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "functions/lib/**", "client/dist/**", ".local/**", "tools/**/build/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/ban-ts-comment": "error",
      "no-console": "off",
    },
  },
  {
    // A group index loads each function's module on first read with a synchronous require (the
    // Functions runtime reads its target synchronously): see common/lazyGroup.ts.
    files: ["functions/src/*/index.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // One way to run a transaction in the functions: common/transaction.ts also starts over a
    // transaction that the Firestore emulator closed under contention.
    files: ["functions/src/**/*.ts"],
    ignores: ["functions/src/common/transaction.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { property: "runTransaction", message: "Use runTransaction from functions/src/common/transaction.ts." },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "tools/**/*.mjs", "client/*.mjs", "eslint.config.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        Buffer: "readonly",
      },
    },
  },
  {
    files: ["scripts/**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", __filename: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // chai's `expect(x).to.be.true` is an expression statement by design.
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  prettier,
);
