import { z } from 'zod';
import { idSchema } from '../ids';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/, 'username: 3–32 characters of a–z, 0–9, _ . -, starting with a letter or digit');

/**
 * Only its shape here: the rules (length, not the login name, not a common password) are
 * the domain's (password-policy.ts), checked where the password is set so that the portals
 * get one readable error naming the rule. This bound only keeps hashing cheap.
 */
export const passwordSchema = z.string().max(1024, 'password: too long');

/**
 * next-auth hands `authorize` the whole sign-in form (csrfToken, callbackUrl, json…):
 * the one input that must let unknown fields through.
 */
export const signInInput = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const createStaffUserInput = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().max(64).default(''),
  password: passwordSchema,
});

export const createSupplierInput = z.strictObject({
  name: z.string().trim().min(1, 'company name is required').max(128),
  contactName: z.string().trim().max(64).default(''),
  phone: z.string().trim().max(32).default(''),
  username: usernameSchema,
  password: passwordSchema,
  categoryIds: z.array(idSchema).max(500).default([]),
  brandIds: z.array(idSchema).max(500).default([]),
});

export const createDistributorInput = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(128),
  levelId: idSchema,
  contactName: z.string().trim().max(64).default(''),
  phone: z.string().trim().max(32).default(''),
  username: usernameSchema,
  password: passwordSchema,
  /** Set by the seed to keep the demo codes stable (D0001, D0002); staff get the next free one. */
  code: z.string().regex(/^D\d{4,}$/).optional(),
  ipWhitelist: z.array(z.string()).max(200).default([]),
  callbackUrl: z.string().url().nullable().default(null),
});

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});

export const resetPasswordInput = z.strictObject({
  userId: idSchema,
  newPassword: passwordSchema,
});

export const setUserStatusInput = z.strictObject({
  userId: idSchema,
  status: z.enum(['active', 'disabled']),
});
