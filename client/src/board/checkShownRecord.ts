import { withLabelWordsSplit } from '@whiteboard/shared/board/longWords'
import { checkRecord, type RecordCheck, type RecordCheckContext } from '@whiteboard/shared/board/recordGuard'

/**
 * `checkRecord` for a record this browser is about to show from the doc or a snapshot. A label
 * stored before words had a limit (MAX_WORD_CHARS) is shown with its long words split rather
 * than skipped; the split is only tried for a record the plain check refuses, so the common
 * path walks each label once.
 */
export function checkShownRecord(key: string, value: unknown, context: RecordCheckContext): RecordCheck {
  const check = checkRecord(key, value, context)
  if (check.ok) return check
  const split = withLabelWordsSplit(value)
  return split === value ? check : checkRecord(key, split, context)
}
