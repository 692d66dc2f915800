import { buildTemplate } from '@whiteboard/shared/templates/build'
import { isTemplateId } from '@whiteboard/shared/templates/catalog'
import type { TemplateCatalog } from './TemplateCatalog'
import { INITIAL_PAGE_ID } from './createBoardDoc'

/**
 * The shared method-template library as the server's catalog: a board created with `template`
 * is built here, on the server, with the same builder the client's picker uses.
 */
export const methodTemplateCatalog: TemplateCatalog = {
  resolve(templateId, lang) {
    if (!isTemplateId(templateId)) return null
    return { id: templateId, records: buildTemplate(templateId, lang, { x: 0, y: 0 }, { pageId: INITIAL_PAGE_ID }) }
  },
}
