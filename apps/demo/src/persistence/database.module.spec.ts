import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DatabaseModule } from './database.module.js';
import { TypeOrmOAuthRepository } from './typeorm-oauth-repository.js';

describe('DatabaseModule', () => {
  it('provides a migrated DataSource and the repository, and closes the DataSource on shutdown', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DatabaseModule.forRoot('sqlite::memory:')] }).compile();
    const dataSource = moduleRef.get(DataSource);
    const repository = moduleRef.get(TypeOrmOAuthRepository);

    expect(dataSource.isInitialized).toBe(true);
    expect(await dataSource.showMigrations()).toBe(false);
    const individual = await repository.createIndividual({
      email: 'Grace@Example.com',
      emailVerifiedAt: null,
      name: 'Grace',
      image: null,
    });
    expect((await repository.findIndividualByEmail('grace@example.COM'))?.id).toBe(individual.id);

    await moduleRef.close();

    expect(dataSource.isInitialized).toBe(false);
  });

  it('is global: a module that does not import it can inject the repository', async () => {
    @Injectable()
    class Consumer {
      constructor(readonly repository: TypeOrmOAuthRepository) {}
    }
    @Module({ providers: [Consumer] })
    class ConsumerModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [ConsumerModule, DatabaseModule.forRoot('sqlite::memory:')],
    }).compile();
    try {
      expect(moduleRef.get(Consumer).repository).toBe(moduleRef.get(TypeOrmOAuthRepository));
    } finally {
      await moduleRef.close();
    }
  });
});
