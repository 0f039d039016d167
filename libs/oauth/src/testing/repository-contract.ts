import { jestApi } from './contract/jest-api.js';
import type { OAuthRepository } from '../persistence/oauth-repository.js';
import { describeAccountContract } from './contract/accounts-contract.js';
import { describeIndividualContract } from './contract/individuals-contract.js';
import { describeLeaseContract } from './contract/leases-contract.js';
import { describeSessionContract } from './contract/sessions-contract.js';
import { describeStateContract } from './contract/states-contract.js';
import { describeTokenUseContract } from './contract/token-uses-contract.js';
import { describeTransactionContract } from './contract/transactions-contract.js';

/** What a contract factory hands out: a repository over an empty store, and how to dispose of it. */
export interface OAuthRepositoryContractSubject {
  repository: OAuthRepository;
  close?: () => Promise<void>;
}

/**
 * The behaviour every `OAuthRepository` must have (see its doc comment), as a Jest suite. Call it at
 * the top level of a spec file; `factory` runs before every test and should return a repository over
 * a fresh, empty store (a new in-memory instance, a new SQLite file, a truncated PostgreSQL schema).
 *
 * The suite only relies on the contract: ids are opaque strings, generated timestamps are compared
 * only loosely, and every date it writes has whole seconds so databases keep it exactly.
 */
export function describeOAuthRepositoryContract(
  name: string,
  factory: () => Promise<OAuthRepositoryContractSubject>,
): void {
  const { afterEach, beforeEach, describe } = jestApi();
  describe(`OAuthRepository contract: ${name}`, () => {
    let subject: OAuthRepositoryContractSubject | undefined;

    beforeEach(async () => {
      subject = await factory();
    });

    afterEach(async () => {
      const current = subject;
      subject = undefined;
      await current?.close?.();
    });

    const repository = (): OAuthRepository => {
      if (subject === undefined) {
        throw new Error('the contract subject is only available inside a test');
      }
      return subject.repository;
    };

    describeIndividualContract(repository);
    describeSessionContract(repository);
    describeAccountContract(repository);
    describeTransactionContract(repository);
    describeStateContract(repository);
    describeLeaseContract(repository);
    describeTokenUseContract(repository);
  });
}
