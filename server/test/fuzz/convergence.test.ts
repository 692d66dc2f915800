import { isDeepStrictEqual } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { facilitationMap, MetaKey, metaMap, recordsArray, votesMap } from '@whiteboard/shared'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { rectangle } from '../records'
import { storedDoc } from '../storedDoc'
import { connectClient, type SyncClient } from '../syncClient'
import { oneNode, threeNodes, type FuzzDeployment } from './fuzzDeployment'
import { issueVoterVia } from '../voters'
import { waitFor } from '../waitFor'
import { fuzzSeeds, Random } from './random'

/** Seeds per run and operations per seed: a few seconds each on two shared cores. */
const SEEDS = Number(process.env.FUZZ_SEED_COUNT ?? 3)
const OPS_PER_SEED = Number(process.env.FUZZ_OPS ?? 200)

type Role = 'facilitator' | 'participant'
type Shape = ReturnType<typeof rectangle> & { meta: Record<string, unknown>; isLocked: boolean; x: number }

interface Actor {
  name: string
  role: Role
  client: SyncClient
  online: boolean
  /** The voter this participant votes as, bound to its connection by its voter token (client/src/facilitation/voterId.ts). */
  voterId: string
  created: number
}

const SCAFFOLD_META = { template: 'fuzz', role: 'lane', scaffolding: true }

/** The round the participants vote in: one dot at most each, within its limit. */
const VOTING_ROUND = { roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'live', status: 'open', startedAt: 0 }

let deployment: FuzzDeployment | undefined
let actors: Actor[] = []

afterEach(async () => {
  for (const a of actors) a.client.destroy()
  actors = []
  await deployment?.dispose()
  deployment = undefined
})

/** The value YKeyValue shows per key (the right-most entry), read without writing anything. */
function shownRecords(doc: Y.Doc): Map<string, unknown> {
  const shown = new Map<string, unknown>()
  for (const entry of recordsArray(doc).toArray()) shown.set(entry.key, entry.val)
  return shown
}

function shapes(actor: Actor): Shape[] {
  return [...shownRecords(actor.client.doc).values()].filter((v): v is Shape => (v as { typeName?: string }).typeName === 'shape')
}

function boardState(doc: Y.Doc): unknown {
  const records = Object.fromEntries([...shownRecords(doc)].sort(([a], [b]) => a.localeCompare(b)))
  return { records, facilitation: facilitationMap(doc).toJSON(), votes: votesMap(doc).toJSON(), meta: metaMap(doc).toJSON() }
}

/** One honest edit, as the web app would make it for this role. */
function edit(rng: Random, actor: Actor, counts: Record<string, number>): void {
  const kv = actor.client.records
  const all = shapes(actor)
  const ordinary = all.filter((s) => !isScaffolding(s))
  const scaffolding = all.filter((s) => isScaffolding(s))
  const count = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1)
  // Most writes go to a few hot shapes, so clients often write the same key at once.
  const hot = <T extends { id: string }>(list: T[]): T => (rng.chance(0.6) ? rng.pick([...list].sort((a, b) => a.id.localeCompare(b.id)).slice(0, 2)) : rng.pick(list))
  const roll = rng.next()
  if (actor.role === 'participant') {
    if (roll < 0.3 || ordinary.length === 0) {
      const id = `shape:${actor.name}n${++actor.created}`
      kv.set(id, { ...rectangle(rng.int(0, 500), `note ${actor.created}`), id })
      count('participant create')
    } else if (roll < 0.7) {
      // Often someone else's note: concurrent writes to one key, cleaned up by YKeyValue.
      const target = hot(ordinary)
      kv.set(target.id, { ...target, x: rng.int(-500, 500), y: rng.int(-500, 500) })
      count('participant move')
    } else if (roll < 0.85) {
      kv.delete(rng.pick(ordinary).id)
      count('participant delete')
    } else {
      const notes = rng.chance(0.5) ? [rng.pick(ordinary).id] : []
      votesMap(actor.client.doc).set(actor.voterId, { roundId: VOTING_ROUND.roundId, noteIds: notes })
      count('participant vote')
    }
    return
  }
  if (roll < 0.2 || all.length === 0) {
    const id = `shape:${actor.name}n${++actor.created}`
    const scaffold = rng.chance(0.5)
    kv.set(id, { ...rectangle(rng.int(0, 500), 'lane'), id, isLocked: scaffold, meta: scaffold ? SCAFFOLD_META : {} })
    count(scaffold ? 'facilitator create scaffolding' : 'facilitator create')
  } else if (roll < 0.55 && scaffolding.length > 0) {
    const target = hot(scaffolding)
    kv.set(target.id, { ...target, x: rng.int(-500, 500), isLocked: rng.chance(0.5) ? !target.isLocked : target.isLocked })
    count('facilitator move/unlock scaffolding')
  } else if (roll < 0.7) {
    const target = rng.pick(all)
    kv.set(target.id, { ...target, y: rng.int(-500, 500) })
    count('facilitator move')
  } else if (roll < 0.85) {
    kv.delete(rng.pick(all).id)
    count('facilitator delete')
  } else if (roll < 0.95) {
    facilitationMap(actor.client.doc).set('timer', { status: 'idle', durationMs: rng.int(1, 60) * 60_000 })
    count('facilitator timer')
  } else {
    // The one meta entry a facilitator may write; the schema stays the server's.
    metaMap(actor.client.doc).set(MetaKey.TITLE, `Tavle ${rng.int(1, 99)}`)
    count('facilitator title')
  }
}

/**
 * One fuzz run against `deploy`'s servers: clients connect to random nodes, and on several
 * nodes a restarted node's clients move to another, and Redis is restarted empty once.
 */
async function runSeed(seed: number, deploy: (env: Record<string, string>) => Promise<FuzzDeployment>): Promise<{ ops: Record<string, number>; shapes: number }> {
  const rng = new Random(seed)
  const env = { COMPACT_AFTER_UPDATES: '40' }
  const d = (deployment = await deploy(env))
  const board = await d.createBoard({ template: TEMPLATE_IDS[seed % TEMPLATE_IDS.length] })
  // Three or four clients: two facilitators (so scaffolding gets concurrent writes, which the
  // participants' YKeyValue then cleans up) and one or two participants.
  const roles: Role[] = seed % 2 === 1 ? ['facilitator', 'facilitator', 'participant', 'participant'] : ['facilitator', 'facilitator', 'participant']
  // Each person votes as its own voter, as the web app does; the tokens go in the subprotocol header.
  const voters = await Promise.all(roles.map((role) => issueVoterVia(d.origin, board.id, board.tokens[role])))
  actors = roles.map((role, i) => ({
    name: `${role[0]}${i}`,
    role,
    client: connectClient(d.syncUrlFor(rng), board.id, board.tokens[role], { voterToken: voters[i]!.voterToken, transport: 'subprotocol' }),
    online: true,
    voterId: voters[i]!.voterId,
    created: 0,
  }))
  await waitFor(() => actors.every((a) => a.client.provider.synced), { what: 'sync' })
  facilitationMap(actors[0]!.client.doc).set('voting', VOTING_ROUND)
  // Everyone claims to be a facilitator in their presence; the server shows the role it knows.
  for (const a of actors) a.client.provider.awareness.setLocalState({ user: { id: a.name, name: a.name, color: '#1971c2', role: 'facilitator' }, cursor: { x: 0, y: 0 } })

  const ops: Record<string, number> = {}
  const count = (kind: string) => (ops[kind] = (ops[kind] ?? 0) + 1)
  // The honest traffic that a naive role check would refuse: a participant's YKeyValue
  // deleting superseded duplicates of scaffolding (left by the two facilitators' concurrent writes).
  for (const a of actors.filter((x) => x.role === 'participant')) {
    a.client.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!tr.local) return
      Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
        if (struct instanceof Y.Item && struct.parent === recordsArray(a.client.doc) && struct.content instanceof Y.ContentAny) {
          for (const entry of struct.content.arr as { val: Shape }[]) if (isScaffolding(entry.val)) count('participant housekeeping of scaffolding')
        }
      })
    })
  }
  for (let step = 0; step < OPS_PER_SEED; step++) {
    // On several nodes, Redis dies halfway through and comes back empty: the nodes catch up from Postgres.
    if (step === Math.floor(OPS_PER_SEED / 2) && d.restartRedis) {
      await d.restartRedis()
      count('redis restart')
    }
    const roll = rng.next()
    if (roll < 0.07) {
      const online = actors.filter((a) => a.online)
      if (online.length > 1) {
        const a = rng.pick(online)
        a.client.provider.disconnect()
        a.online = false
        count('disconnect')
      }
    } else if (roll < 0.14) {
      const offline = actors.filter((a) => !a.online)
      if (offline.length > 0) {
        const a = rng.pick(offline)
        a.client.provider.connect()
        a.online = true
        count('reconnect')
      }
    } else if (roll < 0.16 && (ops['server restart'] ?? 0) < 2) {
      await d.restartNode(rng, actors.map((a) => a.client))
      count('server restart')

    } else if (roll < 0.22) {
      // Let the online clients catch up with each other before the next burst.
      const online = actors.filter((a) => a.online)
      await waitFor(() => online.every((a) => a.client.provider.synced), { what: 'online clients to resync', timeoutMs: 15_000 })
      count('settle')
    } else if (roll < 0.3) {
      rng.pick(actors).client.provider.awareness.setLocalStateField('cursor', { x: rng.int(-500, 500), y: rng.int(-500, 500) })
      count('presence move')
    } else {
      edit(rng, rng.pick(actors), ops)
    }
    // Interleave: messages in flight between the operations.
    if (rng.chance(0.5)) await new Promise((resolve) => setImmediate(resolve))
  }

  for (const a of actors.filter((x) => !x.online)) {
    a.client.provider.connect()
    a.online = true
  }
  // Every node that holds the board, and every client, holds the same doc.
  const rooms = () => d.rooms(board.id)
  await waitFor(
    () => {
      const [first, ...rest] = rooms()
      if (!first || !actors.every((a) => a.client.provider.synced)) return false
      const target = Y.snapshot(first.doc)
      return rest.every((r) => Y.equalSnapshots(Y.snapshot(r.doc), target)) && actors.every((a) => Y.equalSnapshots(Y.snapshot(a.client.doc), target))
    },
    { what: 'every client and every node to converge', timeoutMs: 30_000 },
  )
  // Everyone sees everyone's last presence, under the role of their link; nothing honest was taken for a forgery.
  const shownAs = (a: Actor) => {
    const own = a.client.provider.awareness.getLocalState() as { user: object }
    return { ...own, user: { ...own.user, role: a.role } }
  }
  // A client that reconnects resends its presence at its old clock, which peers that saw its
  // removal (at the next clock) ignore, as y-protocols does with any y-websocket server: its next
  // two changes show it again.
  for (const a of actors) for (const x of [1, 2]) a.client.provider.awareness.setLocalStateField('cursor', { x, y: x })
  await waitFor(() => actors.every((viewer) => actors.every((a) => a === viewer || isDeepStrictEqual(viewer.client.provider.awareness.getStates().get(a.client.doc.clientID), shownAs(a)))), {
    what: "everyone to see everyone's presence",
    timeoutMs: 30_000,
  })
  for (const node of d.nodes) expect(await node.server.metrics.registry.getSingleMetricAsString('whiteboard_presence_dropped_total')).not.toMatch(/reason="not_owner"/)
  // No honest client was refused: the only closes are restarts (1012) and our own disconnects.
  for (const a of actors) expect(a.client.closes.filter((c) => c.code >= 4000), `${a.name} (${a.role})`).toEqual([])
  const expected = boardState(rooms()[0]!.doc)
  for (const a of actors) expect(boardState(a.client.doc), a.name).toEqual(expected)
  // What storage holds is the same board.
  await Promise.all(rooms().map((r) => r.settled()))
  const stored = await storedDoc(d.nodes[0]!.server.storage, board.id)
  expect(boardState(stored)).toEqual(expected)
  expect((expected as { meta: Record<string, unknown> }).meta.schema).toEqual(ownSchemaSerialized())
  const result = { ops, shapes: Object.keys((expected as { records: object }).records).filter((k) => k.startsWith('shape:')).length }
  for (const a of actors) a.client.destroy()
  actors = []
  await d.dispose()
  deployment = undefined
  return result
}

describe('convergence fuzzer', () => {
  it(`converges with facilitators and participants editing, housekeeping, voting, disconnecting and restarting (${SEEDS} seeds x ${OPS_PER_SEED} ops)`, async () => {
    const seeds = fuzzSeeds(SEEDS)
    for (const seed of seeds) {
      const started = Date.now()
      const result = await runSeed(seed, oneNode)
      const total = Object.values(result.ops).reduce((a, b) => a + b, 0)
      console.info(`convergence fuzzer: seed ${seed} (replay with FUZZ_SEEDS=${seed}): ${total} ops ${JSON.stringify(result.ops)}; ${result.shapes} shapes at the end; ${Date.now() - started} ms`)
    }
  }, 240_000)
})

describe('convergence fuzzer on three nodes', () => {
  it(`converges with clients on random nodes of three, node restarts and a Redis restart (${SEEDS} seeds x ${OPS_PER_SEED} ops)`, async () => {
    for (const seed of fuzzSeeds(SEEDS)) {
      const started = Date.now()
      const result = await runSeed(seed, threeNodes)
      const total = Object.values(result.ops).reduce((a, b) => a + b, 0)
      console.info(`convergence fuzzer, three nodes: seed ${seed} (replay with FUZZ_SEEDS=${seed}): ${total} ops ${JSON.stringify(result.ops)}; ${result.shapes} shapes at the end; ${Date.now() - started} ms`)
    }
  }, 300_000)
})
