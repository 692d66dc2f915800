import { request } from 'node:https'

export interface HttpsAnswer {
  status: number
  body: string
  json<T>(): T
}

/**
 * One HTTPS request that trusts `ca` (a test certificate), since Node's fetch takes no
 * certificate authority of its own. The whole answer is read into a string.
 */
export function httpsRequest(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode ?? 0, body, json: <T>() => JSON.parse(body) as T })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}
