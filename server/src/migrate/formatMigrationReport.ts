import type { MigrationReport } from './migrateSqliteToPostgres'

/** What the migration did and what it verified, as lines for the operator. */
export function formatMigrationReport(report: MigrationReport): string[] {
  const count = <T>(items: T[], pick: (item: T) => number) => items.reduce((sum, item) => sum + pick(item), 0)
  const b = report.boards
  const g = report.gatherings
  const v = report.verification
  const lines = [
    `Boards: ${b.filter((x) => x.content === 'copied').length} copied, ${b.filter((x) => x.content === 'present').length} already in Postgres, ` +
      `${b.filter((x) => x.content === 'merged').length} given changes made on the single server since an earlier run.`,
    `History snapshots: ${count(b, (x) => x.snapshotsCopied)} copied, ${count(b, (x) => x.snapshotsPresent)} already in Postgres.`,
    `Images: ${count(b, (x) => x.assetsCopied)} copied, ${count(b, (x) => x.assetsPresent)} already in Postgres.`,
    `Private-mode items: ${count(b, (x) => x.privateDocsCopied)} people's copied or added to, ${count(b, (x) => x.privateDocsPresent)} already in Postgres.`,
    `Gatherings: ${g.filter((x) => x.copied).length} copied, ${g.filter((x) => !x.copied).length} already in Postgres; ${count(g, (x) => x.teamsCopied)} teams added.`,
    `Team templates: ${report.teamTemplates.copied} copied, ${report.teamTemplates.present} already in Postgres.`,
  ]
  if (v.problems.length === 0) {
    lines.push(
      `Verified: Postgres holds all ${v.boards} boards (${v.identicalBoards} with identical content), ${v.historySnapshots} history snapshots, ` +
        `${v.images} images (same SHA-256), ${v.privateDocs} people's private items and ${v.gatherings} gatherings with ${v.teams} teams of ${report.dataDir}.`,
    )
  } else {
    lines.push(`Verification FAILED: ${v.problems.length} problems.`, ...v.problems.map((p) => `  - ${p}`))
  }
  if (v.notes.length > 0) lines.push('Changed on the cluster since an earlier run, and kept:', ...v.notes.map((n) => `  - ${n}`))
  if (b.some((x) => x.content === 'merged')) {
    // A server on Postgres without REDIS_URL follows no other writer: holding the board open, it would compact the added rows away unread.
    lines.push(
      'Nodes of a cluster (with REDIS_URL) that have a merged board open show the added changes within about 5 seconds. ' +
        'A server on this database without REDIS_URL must not be running while this command merges.',
    )
  }
  return lines
}
