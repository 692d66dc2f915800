import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestCertificate } from './testCertificate'

/** The three-node configuration the README quotes. */
export const CLUSTER_CONF = resolve(import.meta.dirname, '../../../deploy/nginx/cluster.conf')

/** The node addresses the file names, in order. */
const NODE_ADDRESSES = ['node1:8080', 'node2:8080', 'node3:8080']

/**
 * deploy/nginx/cluster.conf as a machine runs it, with only what a machine changes put in: the
 * port nginx listens on, the certificate and the three nodes' loopback ports. Throws if a value
 * to replace is not in the file exactly once, so the tests always run the file as it is.
 */
export function clusterConf(listenPort: number, nodePorts: readonly number[], cert: TestCertificate): string {
  let conf = readFileSync(CLUSTER_CONF, 'utf8')
  const replaceOnce = (from: string, to: string) => {
    const parts = conf.split(from)
    if (parts.length !== 2) throw new Error(`deploy/nginx/cluster.conf should hold "${from}" once, holds it ${parts.length - 1} times`)
    conf = parts.join(to)
  }
  replaceOnce('listen 443 ssl;', `listen 127.0.0.1:${listenPort} ssl;`)
  replaceOnce('/etc/ssl/verkstedtavla/fullchain.pem', cert.certFile)
  replaceOnce('/etc/ssl/verkstedtavla/privkey.pem', cert.keyFile)
  NODE_ADDRESSES.forEach((address, i) => replaceOnce(`server ${address} `, `server 127.0.0.1:${nodePorts[i]} `))
  return conf
}
