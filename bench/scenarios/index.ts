import type { Scenario } from '../lib/scenario';
import { s1 } from './s1-local-save';
import { s2 } from './s2-first-sync';
import { s3 } from './s3-push-e2e';
import { s4 } from './s4-server-apply';
import { s5 } from './s5-pull-load';
import { s6 } from './s6-offline-cold-start';
import { s7 } from './s7-bundle';
import { s8 } from './s8-pouchdb-peer';
import { s9 } from './s9-weak-network';
import { s10 } from './s10-city-day';

/**
 * Run order: server scenarios first (4 before 3, which compares against 4's rate), then
 * the browser ones; 2 before 1 because 1 edits the database 2's first sync filled. 9 last:
 * it seeds another town into the shared API and throttles the bench page while it runs.
 * 10 with the server ones, before the browser starts: its two API processes and PostgreSQL
 * need the cores to themselves.
 */
export const SCENARIOS: Scenario[] = [s4, s5, s10, s3, s2, s1, s8, s6, s7, s9];
