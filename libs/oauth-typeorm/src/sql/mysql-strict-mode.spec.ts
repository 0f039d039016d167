import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createThrowawayMysqlDatabase, requireMysql, type ThrowawayDatabase } from '../testing/servers.js';
import { assertMysqlStrictMode } from './mysql-strict-mode.js';

const mysqlServer = await requireMysql('mysql-strict-mode.spec');

describe('assertMysqlStrictMode', () => {
  it('is a no-op on SQLite', async () => {
    const dataSource = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    try {
      await expect(assertMysqlStrictMode(dataSource)).resolves.toBeUndefined();
    } finally {
      await dataSource.destroy();
    }
  });

  if (mysqlServer === null) return;

  describe('on MariaDB/MySQL', () => {
    let database: ThrowawayDatabase;
    // One pooled connection, so a session setting applies to every later query.
    const open = () => new DataSource({ type: 'mysql', url: database.url, timezone: 'Z', extra: { connectionLimit: 1 } }).initialize();

    beforeAll(async () => {
      database = await createThrowawayMysqlDatabase(mysqlServer);
    });

    afterAll(() => database.drop());

    it('accepts the default strict mode', async () => {
      const dataSource = await open();
      try {
        await expect(assertMysqlStrictMode(dataSource)).resolves.toBeUndefined();
      } finally {
        await dataSource.destroy();
      }
    });

    it('truncation attack: refuses a server outside strict mode, where an over-long subject would be cut into another', async () => {
      const dataSource = await open();
      try {
        await dataSource.query("SET SESSION sql_mode = ''");
        await expect(assertMysqlStrictMode(dataSource)).rejects.toThrow(/strict SQL mode/);
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
