import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A staff account. Separate from customers: its tokens carry the `admin` audience. */
@Entity('admins')
export class Admin {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_admins_user_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  userName: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  realName: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  /** 1 = active, 0 = disabled. */
  @Column({ type: 'smallint', default: 1 })
  status: number;

  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastLogin: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdTime: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedTime: Date;
}
