import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { facilitationMap, MetaKey, metaMap, recordsArray, votesMap, type Role } from '@whiteboard/shared'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'
import { TEMPLATE_IDS } from '@whiteboard/shared/templates/catalog'
import { isScaffolding } from '@whiteboard/shared/templates/templateMeta'
import { MessageType, SyncMessageType, updateFrame } from '../../src/sync/syncMessages'
import { spawnServer, type ChildServer } from '../childServer'
import { rectangle } from '../records'
import { connectClient, type SyncClient } from '../syncClient'
import { createBoardVia } from '../testServer'
import { updateOf } from '../updateOf'
import { issueVoterVia } from '../voters'
import { waitFor } from '../waitFor'
import { fuzzSeeds, Random } from './random'

/** Malformed frames per run; each gets a fresh connection. A few seconds on two shared cores. */
const CASES = Number(process.env.FUZZ_FRAMES ?? 3000)
/** Fuzz connections open at once. */
const CONCURRENCY = 12

/**
 * What a case must end in: `refused` (the server closed the connection with a code), `alive`
 * (the server answered the probe after it), or `either` where the content decides (random bytes
 * may happen to be a well-formed harmless message; a random junk value may happen to be valid).
 */
type Expected = 'refused' | 'alive' | 'either'

interface Case {
  category: string
  role: Role
  frame: Uint8Array | string
  expected: Expected
  /** Which generator made it, for the report of an unexpected outcome. */
  generator?: number
}

/** The index of the scaffolding deletion among the hostile-content generators. */
const SCAFFOLDING_DELETION = 6

/** Harmful content: refused whoever sends it. */
const ALWAYS_REFUSED = (): Expected => 'refused'
/** A change only a facilitator may make: refused for participants and viewers; the facilitator's may be valid or not. */
const FACILITATOR_ONLY = (role: Role): Expected => (role === 'facilitator' ? 'either' : 'refused')
/** Harmless or dropped content whose outcome depends on the random bytes. */
const EITHER = (): Expected => 'either'

let child: ChildServer | undefined
let dataDir: string | undefined
const clients: SyncClient[] = []
const timers: NodeJS.Timeout[] = []

afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t)
  for (const c of clients.splice(0)) c.destroy()
  await child?.kill('SIGKILL')
  child = undefined
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = undefined
})

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

function syncFrame(type: number, payload: Uint8Array): Uint8Array {
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.SYNC)
    encoding.writeVarUint(e, type)
    encoding.writeVarUint8Array(e, payload)
  })
}

function awarenessFrame(states: { client: number; clock: number; json: string }[]): Uint8Array {
  const payload = frame((e) => {
    encoding.writeVarUint(e, states.length)
    for (const s of states) {
      encoding.writeVarUint(e, s.client)
      encoding.writeVarUint(e, s.clock)
      encoding.writeVarString(e, s.json)
    }
  })
  return frame((e) => {
    encoding.writeVarUint(e, MessageType.AWARENESS)
    encoding.writeVarUint8Array(e, payload)
  })
}

/**
 * A valid note with one thing wrong with it. `surely` is false where the junk may happen to be
 * valid for the field it replaced (a huge number is a valid x).
 */
function brokenRecord(rng: Random, n: number): { key: string; val: unknown; surely: boolean } {
  const entry = brokenEntry(rng, n)
  return { ...entry, surely: entry.surely ?? true }
}

function brokenEntry(rng: Random, n: number): { key: string; val: unknown; surely?: boolean } {
  const r = JSON.parse(JSON.stringify({ ...rectangle(n), id: `shape:fz${n}` })) as Record<string, unknown>
  const props = r.props as Record<string, unknown>
  const junk = () => rng.pick<unknown>([null, -1, 1e308, 'x', true, [], {}, { a: [1, { b: 2 }] }])
  switch (rng.int(0, 9)) {
    case 0:
      return { key: `spaceship:${n}`, val: { ...r, id: `spaceship:${n}`, typeName: 'spaceship' } }
    case 1:
      return { key: `shape${n}`, val: { ...r, id: `shape${n}` } }
    case 2:
      r[rng.pick(['x', 'y', 'rotation', 'opacity', 'isLocked', 'parentId', 'index'])] = junk()
      return { key: r.id as string, val: r, surely: false }
    case 3:
      props[rng.pick(Object.keys(props))] = junk()
      return { key: r.id as string, val: r, surely: false }
    case 4:
      delete props[rng.pick(Object.keys(props))]
      return { key: r.id as string, val: r }
    case 5:
      return { key: r.id as string, val: JSON.parse(JSON.stringify(r).replace('{', '{"__proto__":{"polluted":true},')) }
    case 6:
      props.richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x'.repeat(100_001) }] }] }
      return { key: r.id as string, val: r }
    case 7:
      return { key: 'instance:instance', val: { id: 'instance:instance', typeName: 'instance' } }
    case 8:
      return { key: `pointer:${n}`, val: { id: `pointer:${n}`, typeName: 'pointer', x: 0, y: 0, lastActivityTimestamp: 0, meta: {} } }
    default:
      return { key: r.id as string, val: junk() }
  }
}

/** The generators, by category. Each returns one frame a hostile or broken client could send. */
function makeCase(rng: Random, base: Y.Doc, n: number, victimVoterId: string, victimClientId: number): Case {
  const role: Role = rng.chance(0.8) ? 'participant' : rng.pick<Role>(['viewer', 'facilitator'])
  const validUpdate = () => updateOf(base, (d) => recordsArray(d).push([{ key: `shape:ok${n}`, val: { ...rectangle(n), id: `shape:ok${n}` } }]))
  const roll = rng.int(0, 99)
  if (roll < 15) return { category: 'random bytes', role, frame: rng.bytes(rng.chance(0.8) ? rng.int(0, 64) : rng.int(64, 4096)), expected: 'either' }
  if (roll < 27) {
    const whole = rng.pick([() => updateFrame(validUpdate()), () => awarenessFrame([{ client: 1, clock: 1, json: '{"user":{"name":"x"}}' }]), () => syncFrame(SyncMessageType.STEP1, Y.encodeStateVector(base))])()
    const cut = rng.chance(0.2) ? frame((e) => [0x80, 0x80, 0x80].forEach((b) => encoding.writeUint8(e, b))) : whole.subarray(0, rng.int(1, Math.max(1, whole.length - 1)))
    return { category: 'truncated', role, frame: cut, expected: 'refused' }
  }
  if (roll < 37) {
    if (rng.chance(0.1)) return { category: 'wrong message type', role, frame: 'a text frame', expected: 'refused' }
    const [f, expected] = rng.pick<() => [Uint8Array, Expected]>([
      () => [frame((e) => encoding.writeVarUint(e, rng.int(4, 2 ** 31))), 'refused'],
      () => [frame((e) => [MessageType.SYNC, rng.int(3, 1000)].forEach((v) => encoding.writeVarUint(e, v))), 'refused'],
      // Only servers send auth messages; a client's is ignored.
      () => [frame((e) => [MessageType.AUTH, 0].forEach((v) => encoding.writeVarUint(e, v))), 'alive'],
    ])()
    return { category: 'wrong message type', role, frame: new Uint8Array([...f, ...rng.bytes(rng.int(0, 16))]), expected }
  }
  if (roll < 47) {
    const huge = rng.pick([2 ** 31, 2 ** 32 + 7, 2 ** 53 - 1, 1e15])
    const f = rng.pick([
      () => frame((e) => [MessageType.SYNC, SyncMessageType.UPDATE, huge].forEach((v) => encoding.writeVarUint(e, v))),
      () => frame((e) => [MessageType.SYNC, SyncMessageType.STEP1, huge].forEach((v) => encoding.writeVarUint(e, v))),
      () => frame((e) => [MessageType.AWARENESS, huge].forEach((v) => encoding.writeVarUint(e, v))),
      // An update claiming a huge number of clients / structs inside a plausible frame.
      () => syncFrame(SyncMessageType.UPDATE, frame((e) => [huge, huge, 1, 0].forEach((v) => encoding.writeVarUint(e, v)))),
      () => awarenessFrame([]).map((b, i) => (i === 2 ? 0xff : b)),
    ])()
    return { category: 'absurd length', role, frame: new Uint8Array([...f, ...rng.bytes(rng.int(0, 8))]), expected: 'refused' }
  }
  if (roll < 62) {
    const scaffold = [...recordsArray(base).toArray()].find((e) => isScaffolding(e.val as { meta: unknown }))
    const broken = brokenRecord(rng, n)
    // [frame, what it must end in for this role]; a viewer's document change is always refused.
    const hostile: Array<() => [Uint8Array, (role: Role) => Expected, 'update' | 'other', string?]> = [
      () => [updateFrame(updateOf(base, (d) => recordsArray(d).push([{ key: broken.key, val: broken.val }]))), broken.surely ? ALWAYS_REFUSED : EITHER, 'update'],
      () => [updateFrame(updateOf(base, (d) => recordsArray(d).push([new Y.Map() as never]))), ALWAYS_REFUSED, 'update'],
      () => [updateFrame(updateOf(base, (d) => d.getMap(`root${rng.int(0, 9)}`).set('k', rng.int(0, 9)))), ALWAYS_REFUSED, 'update'],
      () => [updateFrame(updateOf(base, (d) => d.getText('tldraw2').insert(0, 'hello'))), ALWAYS_REFUSED, 'update'],
      () => {
        const key = rng.pick(['timer', 'voting', 'mood'])
        // An idle timer may be a facilitator's honest value; the rest is malformed for everyone.
        return [updateFrame(updateOf(base, (d) => facilitationMap(d).set(key, { status: 'idle', durationMs: 60_000 }))), key === 'timer' ? FACILITATOR_ONLY : ALWAYS_REFUSED, 'update']
      },
      // A key that is no voter id (the Yjs client ids of the old scheme): malformed for everyone.
      () => [updateFrame(updateOf(base, (d) => votesMap(d).set(String(rng.int(1, 2 ** 31)), { roundId: 'r', noteIds: [] }))), ALWAYS_REFUSED, 'update'],
      // Never sent as a facilitator: their deletion would be honest, and every later attempt would change nothing.
      () => [updateFrame(updateOf(base, (d) => recordsArray(d).delete(recordsArray(d).toArray().findIndex((e) => e.key === scaffold?.key)))), ALWAYS_REFUSED, 'update'],
      () => [updateFrame(updateOf(base, (d) => recordsArray(d).push([{ key: `shape:x${n}`, val: { ...rectangle(n), id: `shape:x${n}` }, extra: 1 } as never]))), ALWAYS_REFUSED, 'update'],
      // Deletions of items nobody has: pending deletes must not be stored; dropped or refused.
      () => [updateFrame(frame((e) => [0, 1, rng.int(1, 2 ** 31), 1, rng.int(0, 1000), rng.int(1, 100)].forEach((v) => encoding.writeVarUint(e, v)))), EITHER, 'other'],
      () => [
        awarenessFrame(Array.from({ length: rng.int(1, 5) }, () => ({ client: rng.int(0, 2 ** 32 - 1), clock: rng.int(0, 2 ** 31), json: rng.pick(['null', '{}', '[]', '{"user":{"name":1e999}}', '"x"', '{"__proto__":{"a":1}}', '{bad json']) }))),
        EITHER,
        'other',
      ],
      () => [syncFrame(SyncMessageType.STEP1, rng.bytes(rng.int(0, 32))), EITHER, 'other'],
      // An empty sync step 2 changes nothing: never refused.
      () => [syncFrame(SyncMessageType.STEP2, new Uint8Array([0, 0])), () => 'alive', 'other'],
      // The honest participant's key, from a connection bound to another voter: refused whatever the role.
      () => [updateFrame(updateOf(base, (d) => votesMap(d).set(victimVoterId, { roundId: 'r', noteIds: [] }))), ALWAYS_REFUSED, 'update', "vote under another voter's key"],
      // The honest participant's presence, renamed or removed from another connection: left out, the connection stays.
      () => [
        awarenessFrame([{ client: victimClientId, clock: rng.int(1_000_000, 2 ** 31), json: rng.pick(['null', '{"user":{"id":"kari","name":"Kari: vote for B!","role":"facilitator"}}']) }]),
        () => 'alive',
        'other',
        "awareness under another connection's id",
      ],
      // More presence ids than a few tabs need: refused whatever the role.
      () => [
        awarenessFrame(Array.from({ length: rng.int(9, 200) }, (_, i) => ({ client: 3_000_000_000 + n * 256 + i, clock: 1, json: `{"user":{"id":"fake${i}","name":"Fake"}}` }))),
        ALWAYS_REFUSED,
        'other',
        'awareness ids past the cap',
      ],
      // The board's meta: the schema and template list are the server's alone (the reported attack
      // sets every schema sequence to 0); the title and language only a facilitator's.
      () => {
        const write = rng.pick(['schema', 'schema deleted', 'templates', 'title', 'lang'] as const)
        const attack = { schemaVersion: 2, sequences: Object.fromEntries(Object.keys(ownSchemaSerialized().sequences).map((key) => [key, 0])) }
        const change = (d: Y.Doc) => {
          const meta = metaMap(d)
          if (write === 'schema') meta.set(MetaKey.SCHEMA, attack)
          else if (write === 'schema deleted') meta.delete(MetaKey.SCHEMA)
          else if (write === 'templates') meta.set(MetaKey.TEMPLATES, ['service-journey'])
          else if (write === 'title') meta.set(MetaKey.TITLE, `Tittel ${n}`)
          else meta.set(MetaKey.LANG, rng.pick(['nb', 'en']))
        }
        const serverOnly = write === 'schema' || write === 'schema deleted' || write === 'templates'
        return [updateFrame(updateOf(base, change)), serverOnly ? ALWAYS_REFUSED : FACILITATOR_ONLY, 'update', 'meta write']
      },
    ]
    const generator = rng.int(0, hostile.length - 1)
    const [f, expectedFor, kind, category] = hostile[generator]!()
    const sender: Role = generator === SCAFFOLDING_DELETION && role === 'facilitator' ? 'participant' : role
    const expected = kind === 'update' && sender === 'viewer' ? 'refused' : expectedFor(sender)
    return { category: category ?? 'valid frame, hostile content', role: sender, frame: f, expected, generator }
  }
  if (roll < 95) {
    const f = updateFrame(validUpdate())
    const flipped = new Uint8Array(f)
    for (let i = rng.int(1, 3); i > 0; i--) flipped[rng.int(0, flipped.length - 1)] = rng.int(0, 255)
    return { category: 'bit flips in a valid update', role, frame: flipped, expected: 'either' }
  }
  return { category: 'valid (control)', role, frame: updateFrame(validUpdate()), expected: role === 'viewer' ? 'refused' : 'alive' }
}

/** Sends one case on a fresh connection; resolves with how it ended: a close code, or 'alive' if the probe was answered. */
function runCase(syncUrl: string, boardId: string, token: string, voterToken: string | undefined, c: Case): Promise<string> {
  return new Promise((resolve) => {
    const voter = voterToken === undefined ? '' : `&voter=${encodeURIComponent(voterToken)}`
    const ws = new WebSocket(`${syncUrl}/${boardId}?token=${encodeURIComponent(token)}${voter}`)
    let done = false
    const finish = (outcome: string) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(outcome)
      ws.terminate()
    }
    // A case that neither closes nor answers would be a hang: reported as such, and the test fails.
    const timer = setTimeout(() => finish('no answer'), 15_000)
    let joined = false
    ws.on('error', () => {})
    ws.on('message', (data: Buffer) => {
      if (!joined) {
        // The server greets a joined connection with its sync step 1; only then is the frame read
        // by a room. Sent back after the case, that step 1 is the probe: the server answers it with
        // a sync step 2 of what it got since (small, however big the board has grown).
        joined = true
        ws.send(c.frame)
        ws.send(data)
        return
      }
      if (data[0] === MessageType.SYNC && data[1] === SyncMessageType.STEP2) finish('alive')
    })
    ws.on('close', (code) => finish(String(code)))
  })
}

describe('frame fuzzer', () => {
  it(`survives ${CASES} malformed and hostile frames against a live server process; the room's honest clients never notice`, async () => {
    const [seed] = fuzzSeeds(1)
    const rng = new Random(seed!)
    dataDir = mkdtempSync(join(tmpdir(), 'wb-fuzz-'))
    child = await spawnServer({ DATA_DIR: dataDir })
    const board = await createBoardVia(child.origin, { template: TEMPLATE_IDS[0] })
    // The honest participant votes as its own voter; every fuzz connection that may vote is bound to another one.
    const victim = await issueVoterVia(child.origin, board.id, board.tokens.participant)
    const fuzzVoter = await issueVoterVia(child.origin, board.id, board.tokens.participant)
    const a = connectClient(child.syncUrl, board.id, board.tokens.participant, { voterToken: victim.voterToken })
    const f = connectClient(child.syncUrl, board.id, board.tokens.facilitator)
    clients.push(a, f)
    await waitFor(() => a.provider.synced && f.provider.synced, { what: 'sync' })
    a.provider.awareness.setLocalStateField('user', { name: 'Kari' })
    votesMap(a.doc).set(victim.voterId, { roundId: 'r', noteIds: [] })
    // Honest editing all through the run.
    let written = 0
    timers.push(
      setInterval(() => {
        written++
        a.records.set(`shape:honest${written}`, { ...rectangle(written, `honest ${written}`), id: `shape:honest${written}` })
        f.records.set(`shape:fac${written % 3}`, { ...rectangle(written), id: `shape:fac${written % 3}` })
      }, 50),
    )

    const tokens = board.tokens
    const base = new Y.Doc()
    Y.applyUpdate(base, Y.encodeStateAsUpdate(a.doc))
    const cases = Array.from({ length: CASES }, (_, i) => makeCase(rng, base, i, victim.voterId, a.doc.clientID))
    const outcomes = new Map<string, Map<string, number>>()
    /** Cases whose outcome was not the one expected, with what they ended in. */
    const unexpected: string[] = []
    let next = 0
    const started = Date.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!
          const outcome = await runCase(child!.syncUrl, board.id, tokens[c.role], c.role === 'viewer' ? undefined : fuzzVoter.voterToken, c)
          const refused = outcome !== 'alive' && outcome !== 'no answer'
          if ((c.expected === 'refused' && !refused) || (c.expected === 'alive' && outcome !== 'alive')) unexpected.push(`${c.category}${c.generator === undefined ? '' : ` #${c.generator}`} (${c.role}): expected ${c.expected}, got ${outcome}`)
          const byOutcome = outcomes.get(c.category) ?? new Map<string, number>()
          byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1)
          outcomes.set(c.category, byOutcome)
        }
      }),
    )
    for (const t of timers.splice(0)) clearInterval(t)
    const summary = [...outcomes].map(([category, byOutcome]) => `${category}: ${[...byOutcome].map(([o, n]) => `${n}x ${o}`).join(', ')}`)
    console.info(`frame fuzzer: seed ${seed} (replay with FUZZ_SEEDS=${seed}): ${cases.length} cases in ${Date.now() - started} ms\n  ${summary.join('\n  ')}`)

    // Every hostile case was refused, and every harmless one answered.
    expect(unexpected.slice(0, 20)).toEqual([])
    // Every frame was handled on a known path: nothing reached the catch-all error log.
    expect(child.errorLines).toEqual([])
    expect(child.child.exitCode).toBeNull()
    expect([...outcomes.values()].reduce((n, m) => n + (m.get('no answer') ?? 0), 0)).toBe(0)
    expect((await fetch(`${child.origin}/healthz`)).status).toBe(200)
    expect((await fetch(`${child.origin}/readyz`)).status).toBe(200)
    // The honest clients were never closed, and they and a newcomer hold the same, valid board.
    expect([...a.closes, ...f.closes]).toEqual([])
    // Nobody renamed or removed the honest participant's presence, and its role is the server's.
    expect(f.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ user: { name: 'Kari', role: 'participant' } })
    const check = connectClient(child.syncUrl, board.id, board.tokens.viewer)
    clients.push(check)
    await waitFor(() => check.provider.synced && check.shapeIds().includes(`shape:honest${written}`) && a.shapeIds().join() === check.shapeIds().join() && f.shapeIds().join() === check.shapeIds().join(), {
      what: 'the honest clients and a newcomer to agree',
      timeoutMs: 20_000,
    })
    for (const entry of recordsArray(check.doc).toArray()) expect(checkRecord(entry.key, entry.val, { boardId: board.id }).ok, entry.key).toBe(true)
    // No meta write reached the board's schema.
    expect(metaMap(check.doc).get(MetaKey.SCHEMA)).toEqual(ownSchemaSerialized())
    expect([...check.doc.share.keys()].every((name) => ['tldraw', 'meta', 'facilitation', 'votes'].includes(name))).toBe(true)
    expect(check.doc.store.pendingDs).toBeNull()
  }, 180_000)
})
