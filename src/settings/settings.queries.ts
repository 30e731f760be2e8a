import { defineQueries } from '../common/database/query-object.js';

/** Shop settings: one jsonb row per group. */
export const SettingsQueries = defineQueries(
  'settings.settings',
  {
    /** $1 = group. */
    values: 'SELECT value FROM settings WHERE key = $1',
    /** $1 = group, $2 = changed keys (jsonb text): merged over the stored ones. */
    merge: `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = settings.value || EXCLUDED.value, updated_time = now()
       RETURNING value`,
  },
  {},
);
