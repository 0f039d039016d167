import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique, type Relation } from 'typeorm';
import { IndividualEntity } from './individual.entity.js';

/** A sign-in session. Only the SHA-256 hash of the session token is stored. */
@Entity({ name: 'sessions' })
@Unique('UQ_sessions_token_hash', ['tokenHash'])
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 128 })
  tokenHash!: string;

  @Index('IDX_sessions_individual_id')
  @Column({ name: 'individual_id', type: 'varchar', length: 36 })
  individualId!: string;

  @ManyToOne(() => IndividualEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'individual_id' })
  individual?: Relation<IndividualEntity>;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress!: string | null;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
