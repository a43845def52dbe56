import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { accountStatus, userRole } from './enums';
import { suppliers } from './suppliers';
import { distributors } from './distributors';
import { createdAt, tstz, updatedAt } from './types';

/**
 * Every person who signs in: staff, a supplier's login, a distributor's portal login.
 * One table keeps sign-in, rate limits and revocation in one place; the role and the
 * tenant column say which portal the account belongs to.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    /** Stored lower-cased, so `Admin` and `admin` are one account. */
    username: text('username').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    supplierId: integer('supplier_id').references(() => suppliers.id),
    distributorId: integer('distributor_id').references(() => distributors.id),
    displayName: text('display_name').notNull().default(''),
    status: accountStatus('status').notNull().default('active'),
    /** Bumped on password change or disable: every JWT carrying an older value is dead at once. */
    sessionVersion: integer('session_version').notNull().default(1),
    lastLoginAt: tstz('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'users_role_tenant',
      sql`(${t.role} = 'staff' AND ${t.supplierId} IS NULL AND ${t.distributorId} IS NULL)
       OR (${t.role} = 'supplier' AND ${t.supplierId} IS NOT NULL AND ${t.distributorId} IS NULL)
       OR (${t.role} = 'distributor' AND ${t.distributorId} IS NOT NULL AND ${t.supplierId} IS NULL)`,
    ),
    check('users_username_lower', sql`${t.username} = lower(${t.username})`),
    index('users_supplier_idx').on(t.supplierId),
    index('users_distributor_idx').on(t.distributorId),
  ],
);

/** Failed sign-ins, counted per username and per client address to slow password guessing. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_failures_username_idx').on(t.username, t.createdAt),
    index('login_failures_ip_idx').on(t.ip, t.createdAt),
  ],
);
