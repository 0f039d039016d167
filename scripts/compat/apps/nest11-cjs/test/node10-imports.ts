// Type-checked with moduleResolution "node" (tsconfig.node10.json): both entries resolve through
// main/types and typesVersions.
import { OAuthModule } from '@belgie/nestjs-oauth';
import { InMemoryOAuthRepository } from '@belgie/nestjs-oauth/testing';

export const entries = [OAuthModule, InMemoryOAuthRepository];
