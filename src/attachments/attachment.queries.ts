import { defineQueries } from '../common/database/query-object.js';

/** Attachments and their storage settings (a row of the settings table this module owns). */
export const AttachmentQueries = defineQueries(
  'attachments.attachment',
  {
    /** $1 = attachment id; its storage key. */
    delete: 'DELETE FROM attachments WHERE id = $1 RETURNING storage_key',
    /** $1 = last id, $2 = batch: the next attachments to copy, by id. */
    batchAfter: `SELECT id, storage_key, mime_type, file_size FROM attachments WHERE id > $1 ORDER BY id LIMIT $2`,
    /** $1 = settings key, $2 = changed values (jsonb), $3 = keys removed. */
    mergeStorageSettings: `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE
           SET value = (settings.value || EXCLUDED.value) - $3::text[], updated_time = now()`,
    /** $1 = settings key: the stored storage settings. */
    storageSettings: 'SELECT value FROM settings WHERE key = $1',
  },
  {},
);
