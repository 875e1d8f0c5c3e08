// Tells a caller that used old region codes which current codes answered, so a partner can update what it stored.
import type { FastifyReply } from 'fastify'

/**
 * The answer is the current code's; these headers say so: an RFC 8288 Link to each successor and `X-Region-Replaced`
 * (`old=current, …`), which a partner's sync can read without parsing the body.
 */
export function announceReplaced (reply: FastifyReply, replaced: Array<{ old: string, current: string }>): void {
  if (replaced.length === 0) return
  reply.header('link', replaced.map((r) => `</v1/regions/${encodeURIComponent(r.current)}>; rel="successor-version"`).join(', '))
  reply.header('x-region-replaced', replaced.map((r) => `${r.old}=${r.current}`).join(', '))
}
