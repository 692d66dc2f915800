import type {
  TLDefaultColorStyle,
  TLDefaultDashStyle,
  TLDefaultFillStyle,
  TLDefaultHorizontalAlignStyle,
  TLDefaultSizeStyle,
  TLDefaultTextAlignStyle,
  TLDefaultVerticalAlignStyle,
  TLGeoShapeGeoStyle,
} from '@tldraw/tlschema'
import type { BoardLang } from '../board/docLayout'
import type { TeamTemplateList } from '../api/teamTemplatesApi'

/**
 * Method templates as plain data. A template is a list of items in the coordinates of its
 * frame; `build.ts` turns them into tldraw records, and anything else (previews, tests,
 * server checks) can read the same data without an editor.
 */

export type TemplateLang = BoardLang

/**
 * Every text a person sees exists in bokmål, nynorsk and English; the board's language picks one.
 * The nynorsk keeps to the official forms (templateNynorsk.test.ts holds the service journey to them).
 */
export type Label = Record<TemplateLang, string>

export type TemplateCategory = 'journey' | 'stakeholders' | 'insight' | 'ideation' | 'prioritisation' | 'experiment' | 'process' | 'reflection'

/**
 * What a scaffolding item is for. Stored in the shape's `meta.role`, so the client (and
 * tests) can find "the lanes" or "the rings" of an inserted template without geometry.
 */
export type ScaffoldRole =
  | 'area'
  | 'lane'
  | 'laneHeader'
  | 'stage'
  | 'visibilityLine'
  | 'backstage'
  | 'ring'
  | 'ringLabel'
  | 'sector'
  | 'quadrant'
  | 'axis'
  | 'heading'
  | 'hint'
  | 'divider'
  | 'step'
  | 'connector'

/** Role of the unlocked starter content (sticky notes, fill-in fields). */
export type StarterRole = 'starter'

export interface Vec {
  x: number
  y: number
}

export interface Size {
  w: number
  h: number
}

interface ItemBase {
  /** Stable name of the part inside its template, e.g. `lane:actions`; kept in `meta.part`. */
  part?: string
}

/** A geo shape: lane, area, ring, quadrant, stage cell. Scaffolding. */
export interface BoxItem extends ItemBase {
  kind: 'box'
  role: ScaffoldRole
  x: number
  y: number
  w: number
  h: number
  geo: TLGeoShapeGeoStyle
  color: TLDefaultColorStyle
  fill: TLDefaultFillStyle
  dash: TLDefaultDashStyle
  size: TLDefaultSizeStyle
  label?: Label
  labelColor: TLDefaultColorStyle
  align: TLDefaultHorizontalAlignStyle
  verticalAlign: TLDefaultVerticalAlignStyle
}

/** Free text: headings, hints, and (when `editable`) a fill-in field such as a question. */
export interface TextItem extends ItemBase {
  kind: 'text'
  role: ScaffoldRole | StarterRole
  x: number
  y: number
  w: number
  text: Label
  size: TLDefaultSizeStyle
  color: TLDefaultColorStyle
  textAlign: TLDefaultTextAlignStyle
}

/** A polyline, e.g. the dashed line of visibility or a divider. Points are relative to (x, y). */
export interface LineItem extends ItemBase {
  kind: 'line'
  role: ScaffoldRole
  x: number
  y: number
  points: Vec[]
  color: TLDefaultColorStyle
  dash: TLDefaultDashStyle
  size: TLDefaultSizeStyle
}

/** An unbound arrow (axes, flow between columns). `start`/`end` are relative to (x, y). */
export interface ArrowItem extends ItemBase {
  kind: 'arrow'
  role: ScaffoldRole
  x: number
  y: number
  start: Vec
  end: Vec
  color: TLDefaultColorStyle
  dash: TLDefaultDashStyle
  size: TLDefaultSizeStyle
  label?: Label
}

/** A starter sticky note. Never locked: people edit, move and delete it. */
export interface NoteItem extends ItemBase {
  kind: 'note'
  role: StarterRole
  x: number
  y: number
  color: TLDefaultColorStyle
  text: Label
}

export type TemplateItem = BoxItem | TextItem | LineItem | ArrowItem | NoteItem

export interface TemplateDefinition {
  /** Stable id used by the API (`POST /api/boards { template }`) and stored as provenance. */
  id: string
  category: TemplateCategory
  /** The method's name; also the name of the template's frame. */
  name: Label
  /** One or two sentences for the template picker. */
  description: Label
  /** Size of the frame; every item lies inside it. */
  size: Size
  items: readonly TemplateItem[]
}

/** What the API and the template picker list about a template. */
export interface TemplateSummary {
  id: string
  category: TemplateCategory
  name: Label
  description: Label
  size: Size
}

/** `GET /api/templates`. */
export interface TemplateListResponse {
  templates: TemplateSummary[]
  /** The team's own templates, only with `?board=<id>` and that board's facilitator token (api/teamTemplatesApi.ts). */
  team?: TeamTemplateList
}
