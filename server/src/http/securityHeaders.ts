import type { RequestHandler } from 'express'

/**
 * The Content-Security-Policy of every response. Only the app's own origin may serve scripts,
 * styles, fonts, images and connections (the sync websocket included: CSP 3 'self' covers
 * ws: and wss: on the same host). Exceptions, each needed by tldraw:
 * - `style-src 'unsafe-inline'`: tldraw positions shapes and menus with inline styles;
 * - `img-src data: blob:`: tldraw's cursors and icons are data: URIs, and pasted or exported
 *   images are blob: URLs;
 * - `connect-src blob: data:`: an export fetches those image URLs to embed them;
 * - `font-src data:`: exported SVGs embed the fonts as data: URIs;
 * - `worker-src blob:`, `media-src blob: data:`: tldraw's image and video handling.
 * Nothing may frame the app, and forms and <base> cannot point elsewhere. Scripts get no eval:
 * zod probes for it once (`Function('')` in a try) and, refused, validates without it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "media-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Security headers on every response. HSTS is sent only on https (through PUBLIC_URL or a
 * proxy that says so): on plain http it would be ignored, and on localhost harmful.
 */
export function securityHeaders(opts: { publicUrl: string | undefined }): RequestHandler {
  const https = opts.publicUrl?.startsWith('https:') ?? false
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()')
    if (https || req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000')
    next()
  }
}
