// The shape of a place where offers are delivered, as curators write it.
import { z } from 'zod'
import { type Status, Uuid } from '../core/fields.js'
import { LocalizedNote } from '../text/schemas.js'

export const Postcode = z.string().regex(/^[1-9]\d{3}$/, 'a Belgian postcode: 4 digits').max(4).meta({ id: 'Postcode' })

export const LocationFields = z.strictObject({
  organisation_id: Uuid,
  name: z.string().trim().min(1).max(200),
  street: z.string().trim().min(1).max(200).nullable().default(null),
  postcode: Postcode,
  /** Optional: derived from the postcode when it names one municipality. */
  municipality_code: z.string().regex(/^\d{5}$/).max(5).optional(),
  latitude: z.number().min(49.4).max(51.6).nullable().default(null),
  longitude: z.number().min(2.4).max(6.5).nullable().default(null),
  wheelchair_accessible: z.boolean().nullable().default(null),
  pram_accessible: z.boolean().nullable().default(null),
  public_transport_note: LocalizedNote.nullable().default(null),
  internal_note: z.string().max(4000).nullable().default(null)
})

export const LocationInput = LocationFields.refine((l) => (l.latitude == null) === (l.longitude == null), {
  message: 'latitude and longitude go together', path: ['longitude']
}).meta({ id: 'LocationInput' })
export type LocationInput = z.output<typeof LocationInput>

export type LocationRecord = Omit<LocationInput, 'municipality_code'> & {
  id: string
  municipality_code: string
  status: z.infer<typeof Status>
  version: number
  created_at: string
  updated_at: string
  published_at: string | null
  verified_at: string | null
  verified_by: string | null
}
