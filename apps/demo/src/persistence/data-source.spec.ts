import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createDataSourceOptions, DEFAULT_DATABASE_URL } from './data-source.js';

describe('createDataSourceOptions', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'oauth-demo-db-'));

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('maps sqlite::memory: to an in-memory better-sqlite3 database with migrations and no synchronize', () => {
    const options = createDataSourceOptions('sqlite::memory:');

    expect(options).toMatchObject({ type: 'better-sqlite3', database: ':memory:', migrationsRun: true, synchronize: false });
    expect(options.entities).toHaveLength(5);
    expect(options.migrations).toHaveLength(2);
  });

  it('maps sqlite:<file>, creating its folder, and the file works as a database', async () => {
    const file = join(scratch, 'nested', 'folder', 'demo.sqlite');

    const options = createDataSourceOptions(`sqlite:${file}`);
    expect(options).toMatchObject({ type: 'better-sqlite3', database: file });
    expect(existsSync(join(scratch, 'nested', 'folder'))).toBe(true);

    const dataSource = new DataSource(options);
    await dataSource.initialize();
    try {
      expect(await dataSource.showMigrations()).toBe(false);
      expect(existsSync(file)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });

  it.each(['postgres://app:pw@db.internal:5432/app', 'postgresql://app@127.0.0.1/app?sslmode=disable'])(
    'maps %s to the postgres driver with the URL as given',
    (url) => {
      expect(createDataSourceOptions(url)).toMatchObject({ type: 'postgres', url, migrationsRun: true, synchronize: false });
    },
  );

  it('rejects other schemes without echoing the URL (it may hold a password)', () => {
    expect(() => createDataSourceOptions('mysql://root:hunter2@db/app')).toThrow(/unsupported DATABASE_URL scheme mysql:/);
    expect(() => createDataSourceOptions('mysql://root:hunter2@db/app')).not.toThrow(/hunter2/);
    expect(() => createDataSourceOptions('sqlite:')).toThrow(/needs a file name/);
  });

  it('defaults to a SQLite file under apps/demo', () => {
    expect(DEFAULT_DATABASE_URL).toBe('sqlite:apps/demo/data/demo.sqlite');
  });
});
