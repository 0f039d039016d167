import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An individual (the app's user). Columns and indexes are created by the migrations, never synchronised. */
@Entity({ name: 'individuals' })
export class IndividualEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  /**
   * `email` lower-cased by the repository. Email lookups go through this indexed column so they are
   * case-insensitive on every database (SQLite's `lower()` only folds ASCII; PostgreSQL would need
   * a functional index).
   */
  @Index('IDX_individuals_email_normalized')
  @Column({ name: 'email_normalized', type: 'varchar', length: 320, nullable: true })
  emailNormalized!: string | null;

  // `type: Date` maps to `datetime` (UTC text) on SQLite and is a plain Date on PostgreSQL, where the
  // migration makes the column `timestamptz`: the only date type both drivers accept in a decorator.
  @Column({ name: 'email_verified_at', type: Date, nullable: true })
  emailVerifiedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', nullable: true })
  image!: string | null;

  /** JSON array of strings. */
  @Column({ type: 'text' })
  scopes!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;
}
