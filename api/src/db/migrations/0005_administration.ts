import { CALENDAR_2026 } from '@anxin/shared';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Administration from the product (docs/decisions/015-dispatch-units-and-administration.md):
 * - Towns become dispatch units (`units`): a street, a town or a state-owned company, with an
 *   `active` flag; `user_towns` becomes `user_units`. Cases keep `town_id` (the wire's
 *   `townId`), which now names any unit.
 * - Users get a mobile, a must-change-password flag (set by an admin's create or reset) and
 *   the time of their last sign-in.
 * - The working-day calendar is a table, one row per year, seeded with 2026; later years are
 *   loaded by administrators.
 * - Units and calendar years enter the change feed as entries of every scope (`town_id`
 *   '*'), so each device learns unit names and holidays through pull.
 */
export const EVERY_SCOPE = '*';

export function administrationMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('towns').renameTo('units').execute();
      await db.schema
        .alterTable('units')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable('user_towns').renameTo('user_units').execute();
      await db.schema.alterTable('user_units').renameColumn('town_id', 'unit_id').execute();
      await db.schema.createIndex('user_units_unit').on('user_units').column('unit_id').execute();

      await db.schema.alterTable('users').addColumn('mobile', 'text').execute();
      await db.schema
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('users').addColumn('last_sign_in_at', 'text').execute();

      await db.schema
        .createTable('work_calendars')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('holidays', 'text', (c) => c.notNull())
        .addColumn('makeup_workdays', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .execute();

      const at = new Date().toISOString();
      await sql`insert into work_calendars (year, holidays, makeup_workdays, updated_at, updated_by)
        values (${CALENDAR_2026.year}, ${JSON.stringify(CALENDAR_2026.holidays)},
                ${JSON.stringify(CALENDAR_2026.makeupWorkdays)}, ${at}, ${null})`.execute(db);
      await sql`insert into change_feed (entity, entity_id, case_id, town_id, op, created_at)
        values ('calendar', ${String(CALENDAR_2026.year)}, '', ${EVERY_SCOPE}, 'put', ${at})`.execute(
        db,
      );
      // Units that exist already (an upgraded database) reach devices the same way.
      await sql`insert into change_feed (entity, entity_id, case_id, town_id, op, created_at)
        select 'unit', id, '', ${EVERY_SCOPE}, 'put', ${at} from units order by sort_order`.execute(
        db,
      );
    },
  };
}
