import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { IndividualEntity } from './individual.entity.js';

/** A provider identity linked to an individual, with its (possibly encrypted) tokens. */
@Entity({ name: 'oauth_accounts' })
@Unique('UQ_oauth_accounts_provider_account', ['provider', 'providerAccountId'])
@Index('IDX_oauth_accounts_individual_provider', ['individualId', 'provider'])
export class OAuthAccountEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'individual_id', type: 'varchar', length: 36 })
  individualId!: string;

  @ManyToOne(() => IndividualEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'individual_id' })
  individual?: Relation<IndividualEntity>;

  @Column({ type: 'varchar', length: 255 })
  provider!: string;

  @Column({ name: 'provider_account_id', type: 'varchar', length: 255 })
  providerAccountId!: string;

  // Token columns are `text`: encrypted envelopes are far longer than the raw tokens.
  @Column({ name: 'access_token', type: 'text', nullable: true })
  accessToken!: string | null;

  @Column({ name: 'refresh_token', type: 'text', nullable: true })
  refreshToken!: string | null;

  @Column({ name: 'id_token', type: 'text', nullable: true })
  idToken!: string | null;

  @Column({ name: 'access_token_expires_at', type: Date, nullable: true })
  accessTokenExpiresAt!: Date | null;

  @Column({ name: 'refresh_token_expires_at', type: Date, nullable: true })
  refreshTokenExpiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  @Column({ name: 'token_type', type: 'varchar', length: 64, nullable: true })
  tokenType!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  /** Holder of the cross-process refresh lease; null when free. */
  @Column({ name: 'refresh_lease_owner', type: 'varchar', length: 255, nullable: true })
  refreshLeaseOwner!: string | null;

  @Column({ name: 'refresh_lease_expires_at', type: Date, nullable: true })
  refreshLeaseExpiresAt!: Date | null;
}
