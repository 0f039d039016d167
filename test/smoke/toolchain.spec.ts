import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { OAuthError } from '@belgie/nestjs-oauth';

@Injectable()
class Greeter {
  greet(): string {
    return 'hi';
  }
}
@Injectable()
class Consumer {
  constructor(readonly greeter: Greeter) {}
}
@Module({ providers: [Greeter, Consumer] })
class SmokeModule {}

describe('toolchain', () => {
  it('resolves Nest DI through decorator metadata under ESM + SWC', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SmokeModule] }).compile();
    expect(moduleRef.get(Consumer).greeter.greet()).toBe('hi');
    expect(new OAuthError('state_mismatch').code).toBe('state_mismatch');
  });
});
