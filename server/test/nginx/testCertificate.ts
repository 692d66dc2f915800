import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCertificate {
  /** PEM files for a TLS server's certificate and key. */
  certFile: string
  keyFile: string
  /** The certificate in PEM, for clients to trust (it is its own authority). */
  pem: string
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, valid for a day, written into `dir`
 * with Debian's openssl. Fails with one sentence naming the package when openssl is missing.
 */
export async function makeTestCertificate(dir: string): Promise<TestCertificate> {
  const certFile = join(dir, 'fullchain.pem')
  const keyFile = join(dir, 'privkey.pem')
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', keyFile, '-out', certFile,
    ])
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error("openssl is not installed: install Debian's package with `apt-get install openssl`.")
    throw err
  }
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8') }
}
