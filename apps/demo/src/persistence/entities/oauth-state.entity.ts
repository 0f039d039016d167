import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Transient sign-in/link state of the adapter state strategy; consumed exactly once. */
@Entity({ name: 'oauth_states' })
export class OAuthStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  state!: string;

  @Column({ type: 'varchar', length: 255 })
  provider!: string;

  // No foreign key: states are short-lived and purged by expiry; the link flow re-reads the
  // individual when it consumes the state.
  @Column({ name: 'individual_id', type: 'varchar', length: 36, nullable: true })
  individualId!: string | null;

  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier!: string | null;

  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  @Column({ type: 'varchar', length: 16 })
  intent!: string;

  @Column({ name: 'redirect_url', type: 'text', nullable: true })
  redirectUrl!: string | null;

  @Column({ name: 'error_redirect_url', type: 'text', nullable: true })
  errorRedirectUrl!: string | null;

  @Column({ name: 'new_user_redirect_url', type: 'text', nullable: true })
  newUserRedirectUrl!: string | null;

  /** Any JSON value, serialised. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ name: 'request_sign_up', type: 'boolean' })
  requestSignUp!: boolean;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Index('IDX_oauth_states_expires_at')
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;
}
