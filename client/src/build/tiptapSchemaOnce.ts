import type { Plugin } from 'vite'

/** The function in @tiptap/core's bundle that every generateHTML, generateText and generateJSON call runs first. */
const GET_SCHEMA = 'function getSchema(extensions, editor) {'

/**
 * A build step that makes TipTap build the schema of an extension list once, not once per call.
 * tldraw renders and measures each rich-text label with TipTap's `generateHTML(doc, extensions)`,
 * which resolves every extension and builds a new ProseMirror schema each time: a template of
 * 33 labelled shapes built it 33 times while being inserted. A schema is immutable, and tldraw
 * passes the same extension list every time, so the schema is kept per list (a WeakMap, so a
 * list nobody holds is dropped). Calls for a live editor (`editor` given) are left alone. The
 * build fails if TipTap's bundle no longer has the function, rather than silently losing this.
 */
export function tiptapSchemaOnce(): Plugin {
  return {
    name: 'tiptap-schema-once',
    transform(code, id) {
      if (!/[\\/]@tiptap[\\/]core[\\/]dist[\\/]index\.js$/.test(id)) return null
      if (!code.includes(GET_SCHEMA)) throw new Error(`tiptap-schema-once: "${GET_SCHEMA}" is not in ${id}; update client/src/build/tiptapSchemaOnce.ts for this TipTap version`)
      const cached = [
        'const schemaByExtensions = new WeakMap();',
        'function getSchema(extensions, editor) {',
        '  if (editor || !Array.isArray(extensions)) return getSchemaEachTime(extensions, editor);',
        '  let schema = schemaByExtensions.get(extensions);',
        '  if (!schema) { schema = getSchemaEachTime(extensions); schemaByExtensions.set(extensions, schema); }',
        '  return schema;',
        '}',
        'function getSchemaEachTime(extensions, editor) {',
      ].join('\n')
      return { code: code.replace(GET_SCHEMA, cached), map: null }
    },
  }
}
