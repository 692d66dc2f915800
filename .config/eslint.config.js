// Lint config for every workspace. It lives in .config/ to keep the top level to the four
// workspaces and the root manifests; `npm run lint` passes it with -c.
import { join } from 'node:path'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-test/**', '**/test-results/**', '**/playwright-report/**', 'data/**', 'server/bench-results/**'] },
  js.configs.recommended,
  // With type information: a promise nobody awaits or catches, or one handed to a caller that
  // expects nothing back (an event handler), loses its errors silently; only the types show it.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: join(import.meta.dirname, '..') } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The storage implementations are async to keep the interface a networked store (Postgres)
      // needs, though SQLite and memory answer at once; an async body without await is intended.
      '@typescript-eslint/require-await': 'off',
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
      eqeqeq: ['error', 'smart'],
    },
  },
  // Tests read what they check through `any` on purpose (expect.any(), parsed JSON, records taken
  // apart) and hand methods of fixtures around; the promise rules stay on for them.
  {
    files: ['**/*.test.ts', '**/*.contract.ts', 'server/test/**', 'e2e/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Config files outside every tsconfig: linted without type information.
  { files: ['**/*.js', 'vite.config.ts'], ...tseslint.configs.disableTypeChecked },
)
