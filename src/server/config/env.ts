import path from 'node:path';

/**
 * Settings read from the environment, with their defaults. README's "Configuration"
 * lists each one; keep the two in step.
 */
function int(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  return ['1', 'true', 'yes', 'on'].includes(raw);
}

function list(name: string): string[] {
  return (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const env = {
  get dataDir() {
    return path.resolve(/* turbopackIgnore: true */ process.env.DATA_DIR || '.data');
  },
  get port() {
    return int('PORT', 3000, 1);
  },
  get host() {
    return process.env.HOST || '0.0.0.0';
  },
  /** The hub's public base URL, shown to distributors on their binding page. */
  get publicBaseUrl() {
    return (process.env.PUBLIC_BASE_URL || process.env.NEXTAUTH_URL || `http://localhost:${this.port}`).replace(/\/$/, '');
  },
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). Empty: the socket decides. */
  get trustedProxies() {
    return list('TRUSTED_PROXIES');
  },
  /** ORDER_PAYMENT_TIMEOUT_SECONDS (tests and the soak: seconds) wins over ORDER_PAYMENT_TIMEOUT_MINUTES. */
  get orderPaymentTimeoutSeconds() {
    return int('ORDER_PAYMENT_TIMEOUT_SECONDS', 0, 1) || int('ORDER_PAYMENT_TIMEOUT_MINUTES', 30, 1) * 60;
  },
  /** The payment timeout in whole minutes, as shown to people (rounded up). */
  get orderPaymentTimeoutMinutes() {
    return Math.ceil(this.orderPaymentTimeoutSeconds / 60);
  },
  /** How often workers sweep the order deadlines (expiry, auto-complete); at most a minute. */
  get orderSweepIntervalSeconds() {
    return Math.min(60, int('ORDER_SWEEP_INTERVAL_SECONDS', 60, 1));
  },
  get autoCompleteDays() {
    return int('AUTO_COMPLETE_DAYS', 7, 1);
  },
  /** Allow http:// and private-network callback URLs (for a mall on the same network, or tests). */
  get allowPrivateCallbackUrls() {
    return bool('ALLOW_PRIVATE_CALLBACK_URLS', false);
  },
  get runWorker() {
    return bool('RUN_WORKER', true);
  },
  get loginMaxFailuresPerUsername() {
    return int('LOGIN_MAX_FAILURES_PER_USERNAME', 5, 1);
  },
  get loginMaxFailuresPerIp() {
    return int('LOGIN_MAX_FAILURES_PER_IP', 30, 1);
  },
  get loginFailureWindowMinutes() {
    return int('LOGIN_FAILURE_WINDOW_MINUTES', 15, 1);
  },
};
