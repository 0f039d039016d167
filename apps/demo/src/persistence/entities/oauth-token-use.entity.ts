import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Single-use records of the replay defence: an ID token handed to a direct sign-in route is accepted
 * once, by every instance sharing this database, until the token expires.
 */
@Entity({ name: 'oauth_token_uses' })
export class OAuthTokenUseEntity {
  /** A hash naming the provider and the token; at most 128 characters (repository contract). */
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key!: string;

  @Index('IDX_oauth_token_uses_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;
}
