/** Types of postgres-cluster.js (plain JS: run-tests.js imports it without tsx). */
export function findPostgresBin(): string | undefined;
export function startPostgresCluster(bin: string): Promise<{ url: string; stop: () => void }>;
