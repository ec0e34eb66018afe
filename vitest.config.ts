import { defineConfig } from "vitest/config";

// Database tests (*.db.test.ts) run twice: on embedded PGlite and on a fresh PostgreSQL database per file;
// browser tests (tests/e2e) run once, in headless Chromium against PGlite.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "pglite",
          include: ["**/*.test.ts"],
          exclude: ["node_modules/**", "tests/e2e/**"],
          env: { OMNI_TEST_BACKEND: "pglite" },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          env: { OMNI_TEST_BACKEND: "pglite" },
        },
      },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**"],
          env: { OMNI_TEST_BACKEND: "postgres" },
        },
      },
    ],
  },
});
