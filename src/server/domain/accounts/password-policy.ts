import { DomainError } from '../errors';

/**
 * What a new password must be (creating an account, changing or resetting a password):
 * long enough, not the login name dressed up, not one of the passwords every guesser tries
 * first. Sign-in itself is slowed by the failure limits (sign-in.ts); this keeps the first
 * guesses from working.
 */
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordRule = 'tooShort' | 'tooLong' | 'likeUsername' | 'common';

/**
 * The most used passwords of 8 characters or more (leaked-password lists, English and
 * Chinese sites), lower case. Shorter ones fail the length rule anyway.
 */
const COMMON_PASSWORDS = new Set([
  '12345678', '123456789', '1234567890', '12345678910', '123123123', '123321123', '1234qwer', '12344321',
  '11111111', '111111111', '00000000', '88888888', '66666666', '99999999', '12121212', '11223344', '147258369',
  '123456abc', 'abc12345', 'abc123456', 'a1234567', 'a12345678', 'a123456789', 'aa123456', 'aa12345678',
  'qq123456', 'qq12345678', 'qwe12345', 'qwe123456', '123qwe123', '123456qwe', 'qwer1234', 'qweasdzxc', '1qaz2wsx',
  '1q2w3e4r', '1q2w3e4r5t', 'zaq12wsx', 'qwertyui', 'qwertyuiop', 'asdfghjk', 'asdfghjkl', 'zxcvbnm1', 'zxcvbnm123',
  'password', 'password1', 'password12', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'iloveyou', 'iloveyou1',
  'woaini1314', 'woaini520', '5201314520', '520131400', '1314520520', 'admin123', 'admin1234', 'admin888', 'admin@123',
  'administrator', 'root1234', 'test1234', 'test12345', 'welcome1', 'welcome123', 'letmein1', 'sunshine', 'princess',
  'football', 'baseball', 'superman', 'michael1', 'trustno1', 'changeme', 'computer', 'internet', 'starwars',
  'whatever', 'dragon123', 'monkey123', 'master123', 'shadow123', 'qazwsxedc', 'q1w2e3r4', 'q1w2e3r4t5', 'abcd1234',
  'abcdefgh', 'aaaaaaaa', 'asd123456', 'zxc123456', 'wang1234', 'li123456', 'zhang123', 'huawei123', 'xiaomi123',
]);

/** One repeated character, or a run of consecutive digits or letters up or down: guessed at once. */
function isTrivial(lower: string): boolean {
  if (new Set(lower).size === 1) return true;
  const codes = [...lower].map((c) => c.charCodeAt(0));
  const step = codes[1] - codes[0];
  return Math.abs(step) === 1 && codes.every((c, i) => i === 0 || c - codes[i - 1] === step);
}

/** The letters of a string, lower case: "Admin#2024" and "admin" both give "admin". */
const lettersOf = (s: string) => s.toLowerCase().replace(/[^\p{L}]/gu, '');

/** The first rule `password` breaks, or null. */
export function passwordRuleBroken(password: string, username?: string): PasswordRule | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if ([...password].length > MAX_PASSWORD_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  if (username) {
    const name = username.trim().toLowerCase();
    const reversed = [...name].reverse().join('');
    if (lower === name || lower === reversed || (lettersOf(name) !== '' && lettersOf(password) === lettersOf(name))) return 'likeUsername';
  }
  if (COMMON_PASSWORDS.has(lower) || isTrivial(lower)) return 'common';
  return null;
}

const EXPLAIN: Record<PasswordRule, string> = {
  tooShort: `at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `at most ${MAX_PASSWORD_LENGTH} characters`,
  likeUsername: 'must not be the login name',
  common: 'too common: one of the first passwords anyone would guess',
};

/**
 * Refuses a password that breaks a rule: INVALID_REQUEST naming the form field and the
 * rule, which the portals word in the person's language (messages errors.passwordRules).
 */
export function assertPasswordAllowed(password: string, options: { username?: string; field: string }) {
  const rule = passwordRuleBroken(password, options.username);
  if (rule) {
    throw new DomainError('INVALID_REQUEST', `${options.field}: ${EXPLAIN[rule]}`, { field: options.field, rule, min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
  }
}
