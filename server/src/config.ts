import { resolve } from 'node:path'
import { z } from 'zod'
import { MAX_BOARD_BYTES, MAX_CONNECTIONS_PER_BOARD, MAX_CONNECTIONS_PER_IP } from '@whiteboard/shared'
import type { UrlTokenPolicy } from './auth/syncCredentials'
import { normalizeOrigin } from './sync/originPolicy'
import { DEFAULT_SNAPSHOT_RETENTION, parseSnapshotRetention, type SnapshotRetention } from './history/snapshotRetention'
import { MAX_ASSET_BYTES_PER_BOARD, MAX_ASSETS_PER_BOARD } from './assets/assetLimits'
import { MAX_HISTORY_BYTES_PER_BOARD } from './history/historyQuota'
import { MIN_FREE_DISK_BYTES } from './storage/DiskBudget'
import { TEMPLATE_SAVERS, type TemplateSavers } from '@whiteboard/shared/api/teamTemplatesApi'

/** Smallest accepted BOARD_SECRET: 32 characters keep an HMAC key out of brute-force reach. */
export const MIN_BOARD_SECRET_LENGTH = 32

/**
 * Smallest accepted CREATOR_KEY and METRICS_TOKEN: 16 characters of a generated key are out of
 * reach of guessing over HTTP, and short enough to type once into a browser.
 */
export const MIN_SECRET_SETTING_LENGTH = 16

/** A DNS host name as ALLOWED_HOSTS takes it: labels of letters, digits and hyphens, no port. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** The built web app to serve; the end-to-end tests and benchmarks point it at a build with test hooks (client/dist-test). */
  CLIENT_DIST_DIR: z.string().min(1).optional(),
  BOARD_SECRET: z.string().min(MIN_BOARD_SECRET_LENGTH, `must be at least ${MIN_BOARD_SECRET_LENGTH} characters`).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  ROOM_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(10_000),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => new URL(url).origin)
    .optional(),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  COMPACT_AFTER_BYTES: z.coerce.number().int().min(1).default(1024 * 1024),
  STORAGE: z.enum(['sqlite', 'memory']).default('sqlite'),
  /** postgres://… : when set, boards live in this Postgres database instead (storage/PostgresStorage.ts), and STORAGE must be unset. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection string')
    .optional(),
  /** redis://… : with DATABASE_URL, several nodes serve the same boards, fanning out through this Redis (cluster/Cluster.ts). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Comma-separated origins (besides the app's own) whose pages may open sync connections. */
  ALLOWED_ORIGINS: z
    .string()
    .transform((list, ctx) => {
      const origins = list.split(',').map((o) => o.trim()).filter(Boolean)
      const normalized = origins.map(normalizeOrigin)
      const bad = origins.filter((_, i) => normalized[i] === null)
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${bad.join(', ')}` })
      return normalized.filter((o): o is string => o !== null)
    })
    .optional(),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  /** `open`: anyone who reaches the server may create boards and gatherings; `key`: only with CREATOR_KEY (http/creatorAccess.ts). */
  BOARD_CREATION: z.enum(['open', 'key']).default('open'),
  CREATOR_KEY: z.string().min(MIN_SECRET_SETTING_LENGTH, `must be at least ${MIN_SECRET_SETTING_LENGTH} characters`).optional(),
  /** Comma-separated host names (besides localhost and IP literals) whose Host header may go into links when PUBLIC_URL is not set (http/linkHost.ts). */
  ALLOWED_HOSTS: z
    .string()
    .transform((list, ctx) => {
      const hosts = list.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean)
      const bad = hosts.filter((h) => !HOST_NAME.test(h))
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `not a host name (no scheme, port or path): ${bad.join(', ')}` })
      return hosts
    })
    .optional(),
  /** When set, /metrics and /readyz need `Authorization: Bearer <METRICS_TOKEN>` (http/metricsAccess.ts). */
  METRICS_TOKEN: z.string().min(MIN_SECRET_SETTING_LENGTH, `must be at least ${MIN_SECRET_SETTING_LENGTH} characters`).optional(),
  /** `allow`: stock y-websocket clients may put tokens in the sync URL's query; `refuse`: only in the subprotocol header (auth/syncCredentials.ts). */
  SYNC_URL_TOKENS: z.enum(['allow', 'refuse']).default('allow'),
  MAX_BOARD_BYTES: z.coerce.number().int().min(1024).default(MAX_BOARD_BYTES),
  MAX_CONNECTIONS_PER_BOARD: z.coerce.number().int().min(1).default(MAX_CONNECTIONS_PER_BOARD),
  MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).default(MAX_CONNECTIONS_PER_IP),
  /** A board that changed gets an automatic snapshot this often (10 minutes); tests shorten it. */
  SNAPSHOT_INTERVAL_MS: z.coerce.number().int().min(50).default(600_000),
  /** `auto:<count>,days:<days>`; defaults and meaning in history/snapshotRetention.ts. */
  SNAPSHOT_RETENTION: z
    .string()
    .transform((text, ctx): SnapshotRetention => {
      try {
        return parseSnapshotRetention(text)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message })
        return z.NEVER
      }
    })
    .optional(),
  /** Per-board quotas (assets/assetLimits.ts, history/historyQuota.ts). */
  MAX_ASSETS_PER_BOARD: z.coerce.number().int().min(1).default(MAX_ASSETS_PER_BOARD),
  MAX_ASSET_BYTES_PER_BOARD: z.coerce.number().int().min(1024).default(MAX_ASSET_BYTES_PER_BOARD),
  MAX_HISTORY_BYTES_PER_BOARD: z.coerce.number().int().min(1024).default(MAX_HISTORY_BYTES_PER_BOARD),
  /** The global disk budget (storage/DiskBudget.ts): free space DATA_DIR's disk keeps, and an optional cap on DATA_DIR's files. */
  MIN_FREE_DISK_BYTES: z.coerce.number().int().min(0).default(MIN_FREE_DISK_BYTES),
  DATA_BUDGET_BYTES: z.coerce.number().int().min(1024 * 1024).optional(),
  /** Boards nobody opened or changed for this many days are deleted for good (retention/BoardRetention.ts); unset: kept until deleted. At most 100 years. */
  BOARD_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  /** `facilitators`: a facilitator of any board may save a frame as a team template for the whole server; `none`: nobody may (http/teamTemplatesApi.ts). */
  TEMPLATE_SAVERS: z.enum(TEMPLATE_SAVERS).default('facilitators'),
})

/** Every environment variable the server reads; the README's configuration table lists each (configTable.test.ts). */
export const ENVIRONMENT_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape)

/** Everything the server reads from its environment, parsed and defaulted. */
export interface Config {
  port: number
  host: string
  /** Absolute path. */
  dataDir: string
  /** When absent, a secret is generated once into `dataDir` (see auth/secret.ts). */
  boardSecret: string | undefined
  /** Absolute path of the built web app; absent: client/dist of this checkout. */
  clientDistDir: string | undefined
  logLevel: LogLevel
  roomUnloadDelayMs: number
  /** Origin used in board links; when absent it is derived from each request's Host. */
  publicUrl: string | undefined
  compactAfterUpdates: number
  compactAfterBytes: number
  /** `postgres` exactly when DATABASE_URL is set; otherwise STORAGE (SQLite by default). */
  storage: 'sqlite' | 'memory' | 'postgres'
  /** The Postgres connection string (DATABASE_URL); set exactly when `storage` is `postgres`. Never logged: it may hold a password. */
  databaseUrl: string | undefined
  /** The Redis URL (REDIS_URL); set only together with `databaseUrl`: multi-node mode. Never logged: it may hold a password. */
  redisUrl: string | undefined
  /** Origins allowed to open sync connections besides the app's own (see sync/originPolicy.ts). */
  allowedOrigins: string[]
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean
  /** Who may create boards and gatherings: anyone, or whoever has `creatorKey`. */
  boardCreation: 'open' | 'key'
  /** Required when `boardCreation` is `key`. */
  creatorKey: string | undefined
  /** Host names besides localhost and IP literals that links may be built on when `publicUrl` is absent. */
  allowedHosts: string[]
  /** When set, /metrics and /readyz need it as a bearer token. */
  metricsToken: string | undefined
  /** Whether the sync endpoint takes tokens in its URL's query (stock clients) or only in the subprotocol header. */
  syncUrlTokens: UrlTokenPolicy
  maxBoardBytes: number
  maxConnectionsPerBoard: number
  maxConnectionsPerIp: number
  snapshotIntervalMs: number
  snapshotRetention: SnapshotRetention
  maxAssetsPerBoard: number
  maxAssetBytesPerBoard: number
  maxHistoryBytesPerBoard: number
  /** New content is refused while DATA_DIR's file system has less free space than this. */
  minFreeDiskBytes: number
  /** New content is refused once DATA_DIR's files take this much; undefined: no such cap. */
  dataBudgetBytes: number | undefined
  /** Days a board may go unused before it is deleted; undefined: boards are kept until someone deletes them. */
  boardRetentionDays: number | undefined
  /** Who may save team templates for every board of the server. */
  templateSavers: TemplateSavers
}

export class ConfigError extends Error {}

/** Parses the environment; throws a `ConfigError` naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`BOARD_SECRET=`) means "not set", as in most shells' intent.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = EnvSchema.safeParse(present)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`)
  }
  const e = parsed.data
  if (e.BOARD_CREATION === 'key' && e.CREATOR_KEY === undefined) throw new ConfigError('invalid configuration: CREATOR_KEY: must be set when BOARD_CREATION=key')
  // One rule, no precedence to remember: DATABASE_URL selects Postgres, and a STORAGE beside it is a contradiction.
  if (e.DATABASE_URL !== undefined && present.STORAGE !== undefined) {
    throw new ConfigError('invalid configuration: STORAGE: leave it unset when DATABASE_URL is set (DATABASE_URL selects Postgres storage)')
  }
  // Nodes sharing boards must share their store: Redis carries only the live tail, Postgres the record.
  if (e.REDIS_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError('invalid configuration: REDIS_URL: several nodes need a shared Postgres, so set DATABASE_URL as well (or leave REDIS_URL unset for one node)')
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    boardSecret: e.BOARD_SECRET,
    clientDistDir: e.CLIENT_DIST_DIR === undefined ? undefined : resolve(e.CLIENT_DIST_DIR),
    logLevel: e.LOG_LEVEL,
    roomUnloadDelayMs: e.ROOM_UNLOAD_DELAY_MS,
    publicUrl: e.PUBLIC_URL,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    compactAfterBytes: e.COMPACT_AFTER_BYTES,
    storage: e.DATABASE_URL === undefined ? e.STORAGE : 'postgres',
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    allowedOrigins: e.ALLOWED_ORIGINS ?? [],
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    boardCreation: e.BOARD_CREATION,
    creatorKey: e.CREATOR_KEY,
    allowedHosts: e.ALLOWED_HOSTS ?? [],
    metricsToken: e.METRICS_TOKEN,
    syncUrlTokens: e.SYNC_URL_TOKENS,
    maxBoardBytes: e.MAX_BOARD_BYTES,
    maxConnectionsPerBoard: e.MAX_CONNECTIONS_PER_BOARD,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
    snapshotIntervalMs: e.SNAPSHOT_INTERVAL_MS,
    snapshotRetention: e.SNAPSHOT_RETENTION ?? DEFAULT_SNAPSHOT_RETENTION,
    maxAssetsPerBoard: e.MAX_ASSETS_PER_BOARD,
    maxAssetBytesPerBoard: e.MAX_ASSET_BYTES_PER_BOARD,
    maxHistoryBytesPerBoard: e.MAX_HISTORY_BYTES_PER_BOARD,
    minFreeDiskBytes: e.MIN_FREE_DISK_BYTES,
    dataBudgetBytes: e.DATA_BUDGET_BYTES,
    boardRetentionDays: e.BOARD_RETENTION_DAYS,
    templateSavers: e.TEMPLATE_SAVERS,
  }
}
