/**
 * `npx tsx server/bench/profiling/printCpuProfile.ts <file.cpuprofile> [top]`: prints where a
 * profiled server or page spent its time (see `npm run bench -- --profile`).
 */
import { summarizeCpuProfile } from './summarizeCpuProfile'

const [file, top] = process.argv.slice(2)
if (!file) {
  console.error('usage: printCpuProfile.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const { busyMs, hot } = summarizeCpuProfile(file, Number(top ?? 25))
console.info(`busy ${busyMs.toFixed(0)} ms`)
for (const h of hot) console.info(`${h.selfMs.toFixed(0).padStart(7)} ms ${(h.share * 100).toFixed(1).padStart(5)} %  ${h.name}  ${h.location}`)
