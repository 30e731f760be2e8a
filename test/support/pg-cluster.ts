/**
 * Throwaway PostgreSQL clusters (initdb, pg_basebackup): the implementation lives in bench/ so
 * `npm run bench` (built without test/) uses the same one for its replica case.
 */
export { clustersUnavailable, freePort, PgCluster, query } from '../../bench/pg-cluster.js';
