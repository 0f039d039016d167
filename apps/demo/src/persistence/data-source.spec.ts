import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { runOAuthMigrations } from '@belgie/nestjs-oauth-typeorm';
import { createDataSourceOptions, DEFAULT_DATABASE_URL } from './data-source.js';

describe('createDataSourceOptions', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-demo-db-'));

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('maps sqlite::memory: to an in-memory better-sqlite3 database without synchronize', () => {
    expect(createDataSourceOptions('sqlite::memory:')).toMatchObject({
      type: 'better-sqlite3',
      database: ':memory:',
      synchronize: false,
    });
  });

  it('maps sqlite:<file>, creating its folder, and the file takes the adapter migrations', async () => {
    const file = join(scratch, 'nested', 'folder', 'demo.sqlite');

    const options = createDataSourceOptions(`sqlite:${file}`);
    expect(options).toMatchObject({ type: 'better-sqlite3', database: file });
    expect(existsSync(join(scratch, 'nested', 'folder'))).toBe(true);

    const dataSource = new DataSource(options);
    await dataSource.initialize();
    try {
      expect(await runOAuthMigrations(dataSource)).toHaveLength(2);
      expect(await runOAuthMigrations(dataSource)).toEqual([]);
      expect(existsSync(file)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  it.each(['postgres://app:pw@db.internal:5432/app', 'postgresql://app@127.0.0.1/app?sslmode=disable'])(
    'maps %s to the postgres driver with the URL as given',
    (url) => {
      expect(createDataSourceOptions(url)).toMatchObject({ type: 'postgres', url, synchronize: false });
    },
  );

  it('maps mysql:// to the mysql driver (MySQL 8 / MariaDB) in UTC with utf8mb4', () => {
    const url = 'mysql://root@127.0.0.1:3306/demo';
    expect(createDataSourceOptions(url)).toMatchObject({ type: 'mysql', url, timezone: 'Z', synchronize: false });
  });

  it('rejects other schemes without echoing the URL (it may hold a password)', () => {
    expect(() => createDataSourceOptions('mongodb://root:hunter2@db/app')).toThrow(/unsupported DATABASE_URL scheme mongodb:/);
    expect(() => createDataSourceOptions('mongodb://root:hunter2@db/app')).not.toThrow(/hunter2/);
    expect(() => createDataSourceOptions('sqlite:')).toThrow(/needs a file name/);
  });

  it('defaults to a SQLite file under apps/demo', () => {
    expect(DEFAULT_DATABASE_URL).toBe('sqlite:apps/demo/data/demo.sqlite');
  });
});
