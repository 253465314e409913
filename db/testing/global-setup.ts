import { dropTemplateDatabase, prepareTemplateDatabase } from "./test-database";

// Registered only for the PostgreSQL project (vitest.config.ts). The name is set in process.env before
// the workers start, so they inherit it.
export default async function setup(): Promise<() => Promise<void>> {
  const name = `aftercart_test_template_${process.pid}`;
  process.env.AFTERCART_TEST_TEMPLATE = name;
  await prepareTemplateDatabase(process.env.TEST_DATABASE_URL!, name);
  return () => dropTemplateDatabase(process.env.TEST_DATABASE_URL!, name);
}
