import type { Migration } from 'kysely';
import type { Dialect } from '../schema';
import { initialMigration } from './0001_initial';
import { officeMigration } from './0002_office';
import { pullScopesMigration } from './0003_pull_scopes';
import { feedEpochMigration } from './0004_feed_epoch';
import { administrationMigration } from './0005_administration';
import { securityMigration } from './0006_security';
import { sideChannelsMigration } from './0007_side_channels';
import { instalmentsMigration } from './0008_instalments';
import { smsDigestMigration } from './0009_sms_digest';
import { publicChannelMigration } from './0010_public_channel';
import { dashboardColumnsMigration } from './0011_dashboard_columns';
import { deviceKeysMigration } from './0012_device_keys';
import { authGenerationMigration } from './0013_auth_generation';

/**
 * Every published migration, in order, keyed by a name that sorts by version. A static
 * list (not a folder scan) so bundling or a different working directory cannot lose one.
 * Never edit a published migration: add the next one.
 */
export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(dialect),
    '0002_office': officeMigration(dialect),
    '0003_pull_scopes': pullScopesMigration(),
    '0004_feed_epoch': feedEpochMigration(),
    '0005_administration': administrationMigration(),
    '0006_security': securityMigration(),
    '0007_side_channels': sideChannelsMigration(dialect),
    '0008_instalments': instalmentsMigration(),
    '0009_sms_digest': smsDigestMigration(dialect),
    '0010_public_channel': publicChannelMigration(dialect),
    '0011_dashboard_columns': dashboardColumnsMigration(dialect),
    '0012_device_keys': deviceKeysMigration(),
    '0013_auth_generation': authGenerationMigration(),
  };
}
