// The field shapes every kind of entry shares: ids, slugs, contact fields and the workflow status.
import { z } from 'zod'
import { STATUSES } from '../db/schema.js'

export const Uuid = z.uuid().max(36).meta({ id: 'Uuid' })
export const Slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens').max(100)
export const Url = z.url({ protocol: /^https?$/ }).max(500)
export const Email = z.email().max(254)
export const Phone = z.string().regex(/^\+?[0-9 ()./-]{3,30}$/, 'a phone number').max(30)
export const Status = z.enum(STATUSES).meta({ id: 'Status' })
export type Status = z.infer<typeof Status>
