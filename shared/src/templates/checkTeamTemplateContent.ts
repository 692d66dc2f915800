import type { TLAsset, TLBinding, TLRecord, TLShape } from '@tldraw/tlschema'
import { checkRecord } from '../board/recordGuard'
import type { TeamTemplateContent } from '../api/teamTemplatesApi'
import { MAX_TEAM_TEMPLATE_RECORD_CHARS, MAX_TEAM_TEMPLATE_RECORDS } from './teamTemplateLimits'

export type TeamTemplateCheck = { ok: true; content: TeamTemplateContent } | { ok: false; reason: string }

/** The images a template may carry inline: the types uploads accept (no SVG), base64-encoded. */
const INLINE_IMAGE = /^data:image\/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/]*={0,2}$/

/** Deepest frame nesting walked from a shape up to the template's frame; tldraw's own frames rarely nest past a few. */
const MAX_NESTING = 64

/**
 * Judges a team template's content as the server judges any update: every shape, binding and
 * image through the same record rules (`recordGuard.ts`), with no board's asset path allowed (a
 * template outlives the board it was saved from, so it carries its images inline; they are
 * uploaded to the new board's own image store when it is inserted). Then its structure: one root
 * shape, a frame; every other shape inside it; bindings and images only between its own records;
 * no id twice; and the limits of `teamTemplateLimits.ts`. Reasons name record types and field
 * paths, never content. The client runs it before saving, the server again on what arrives.
 */
export function checkTeamTemplateContent(value: unknown): TeamTemplateCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse('the template is not an object')
  const raw = value as Record<string, unknown>
  // Only these keys (`__proto__` from JSON.parse is an own key, so it is refused here too).
  for (const key of Object.keys(raw)) {
    if (!['shapes', 'bindings', 'assets', 'rootShapeIds'].includes(key)) return refuse(`unknown field ${safeName(key)}`)
  }
  const { shapes, bindings, assets, rootShapeIds } = raw
  if (!Array.isArray(shapes) || !Array.isArray(bindings) || !Array.isArray(assets) || !Array.isArray(rootShapeIds)) {
    return refuse('shapes, bindings, assets and rootShapeIds must be lists')
  }
  if (shapes.length + bindings.length + assets.length > MAX_TEAM_TEMPLATE_RECORDS) return refuse(`more than ${MAX_TEAM_TEMPLATE_RECORDS} records`)
  if (rootShapeIds.length !== 1 || typeof rootShapeIds[0] !== 'string') return refuse('a template is one frame: exactly one root shape')

  const ids = new Set<string>()
  let chars = 0
  const checked = <T extends TLRecord>(record: unknown, typeName: T['typeName']): { ok: true; record: T } | { ok: false; reason: string } => {
    const id = record !== null && typeof record === 'object' ? (record as { id?: unknown }).id : undefined
    if (typeof id !== 'string') return { ok: false, reason: `${typeName}: no id` }
    if (ids.has(id)) return { ok: false, reason: `${typeName}: an id appears twice` }
    ids.add(id)
    if ((record as { typeName?: unknown }).typeName !== typeName) return { ok: false, reason: `${typeName}: a record of another type in its list` }
    // The image itself is judged below: the record is checked as it will be sent, without it.
    const sent = typeName === 'asset' ? withoutInlineImage(record as TLAsset) : record
    const check = checkRecord(id, sent)
    if (!check.ok) return check
    chars += JSON.stringify(sent).length
    return { ok: true, record: record as T }
  }

  const keptShapes: TLShape[] = []
  for (const shape of shapes) {
    const check = checked<TLShape>(shape, 'shape')
    if (!check.ok) return refuse(check.reason)
    keptShapes.push(check.record)
  }
  const keptAssets: TLAsset[] = []
  for (const asset of assets) {
    const check = checked<TLAsset>(asset, 'asset')
    if (!check.ok) return refuse(check.reason)
    const image = imageProblem(check.record)
    if (image) return refuse(image)
    keptAssets.push(check.record)
  }
  const keptBindings: TLBinding[] = []
  for (const binding of bindings) {
    const check = checked<TLBinding>(binding, 'binding')
    if (!check.ok) return refuse(check.reason)
    keptBindings.push(check.record)
  }
  if (chars > MAX_TEAM_TEMPLATE_RECORD_CHARS) return refuse(`more than ${MAX_TEAM_TEMPLATE_RECORD_CHARS} characters of records`)

  const byId = new Map(keptShapes.map((s) => [s.id as string, s]))
  const assetIds = new Set<string>(keptAssets.map((a) => a.id))
  const rootId = rootShapeIds[0]
  const root = byId.get(rootId)
  if (!root) return refuse('the root shape is not among the shapes')
  if (root.type !== 'frame') return refuse('the root shape is not a frame')
  if (!root.parentId.startsWith('page:')) return refuse('the frame is not on a page')
  for (const shape of keptShapes) {
    if (shape !== root && !insideRoot(shape, byId, rootId)) return refuse('a shape lies outside the frame')
    const assetId = 'assetId' in shape.props ? shape.props.assetId : null
    if (assetId && !assetIds.has(assetId)) return refuse('shape: an image the template does not carry')
  }
  for (const binding of keptBindings) {
    if (!byId.has(binding.fromId) || !byId.has(binding.toId)) return refuse('binding: joins a shape the template does not carry')
  }
  return { ok: true, content: { shapes: keptShapes, bindings: keptBindings, assets: keptAssets, rootShapeIds: [rootId] } }
}

function insideRoot(shape: TLShape, byId: Map<string, TLShape>, rootId: string): boolean {
  let parentId: string = shape.parentId
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    if (parentId === rootId) return true
    const parent = byId.get(parentId)
    if (!parent) return false
    parentId = parent.parentId
  }
  return false
}

function withoutInlineImage(asset: TLAsset): unknown {
  if (asset === null || typeof asset !== 'object' || (asset as { type?: unknown }).type === 'bookmark') return asset
  const props = (asset as { props?: unknown }).props
  if (props === null || typeof props !== 'object') return asset
  return { ...asset, props: { ...props, src: null } }
}

/** An image asset must carry its picture inline (or none); videos cannot be uploaded here, so none may come in a template. */
function imageProblem(asset: TLAsset): string | undefined {
  if (asset.type === 'video') return 'asset: videos are not allowed'
  if (asset.type !== 'image') return undefined
  const src = asset.props.src
  if (src === null || src === '') return undefined
  return INLINE_IMAGE.test(src) ? undefined : 'asset at props.src: only inline PNG, JPEG, WebP or GIF images'
}

function safeName(key: string): string {
  return /^[A-Za-z_]\w{0,39}$/.test(key) ? key : '(a name)'
}

function refuse(reason: string): TeamTemplateCheck {
  return { ok: false, reason }
}
