import os from 'node:os';
import path from 'node:path';

/**
 * Where the suite's server runs and keeps its files. Fixed per port (not random), because
 * the config is evaluated in the runner and again in every worker: all must agree.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8799);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RUN_DIR = path.join(os.tmpdir(), `anxin-e2e-${E2E_PORT}`);
/** The build the suite serves: web/dist unless E2E_DIST names another (a second build beside it). */
export const BUILT_DIST = path.resolve(process.env.E2E_DIST ?? path.join(REPO_ROOT, 'web', 'dist'));
/** A copy of that build the server serves, so the update test can "deploy" a new version. */
export const SERVED_DIST = path.join(RUN_DIR, 'dist');
export const SQLITE_PATH = path.join(RUN_DIR, 'e2e.sqlite');
export const ARTIFACTS = path.join(REPO_ROOT, 'e2e', 'artifacts');
export const PASSWORD = 'anxin-demo';
/** The PIN every e2e user chooses after signing in (issue 18: six digits). */
export const PIN = '135790';
