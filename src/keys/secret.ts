// The shape of an API key (`pimh_<keyId>_<secret>`), how its secret is hashed, and the constant-time check.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const PATTERN = /^pimh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/

export type KeyParts = { keyId: string, secret: string }

/** A new key: the public key id finds the row, the secret is known only to its holder. */
export function generateKey (): KeyParts & { plain: string } {
  const keyId = randomBytes(8).toString('hex')
  const secret = randomBytes(32).toString('base64url')
  return { keyId, secret, plain: `pimh_${keyId}_${secret}` }
}

export function parseKey (plain: string): KeyParts | undefined {
  const match = PATTERN.exec(plain)
  return match ? { keyId: match[1]!, secret: match[2]! } : undefined
}

/** SHA-256 is enough: the secret is 256 random bits, not a password that could be guessed. */
export function hashSecret (secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export function secretMatches (storedHash: string, secret: string): boolean {
  const stored = Buffer.from(storedHash, 'hex')
  const given = createHash('sha256').update(secret).digest()
  return stored.length === given.length && timingSafeEqual(stored, given)
}
