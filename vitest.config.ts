import { defineConfig } from "vitest/config";

// Database tests (*.db.test.ts) run twice: on embedded PGlite and on a fresh PostgreSQL database per file.
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
          name: "postgres",
          include: ["**/*.db.test.ts"],
          exclude: ["node_modules/**"],
          env: { OMNI_TEST_BACKEND: "postgres" },
        },
      },
    ],
  },
});
