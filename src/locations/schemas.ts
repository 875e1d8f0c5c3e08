// The shape of a place where offers are delivered, as curators write it.
import { z } from 'zod'
import type { EntryMeta } from '../core/entry.js'
import { Uuid } from '../core/fields.js'
import { LocalizedNote, noteText, plainText } from '../text/schemas.js'

export const Postcode = z.string().regex(/^[1-9]\d{3}$/, 'a Belgian postcode: 4 digits').max(4).meta({ id: 'Postcode' })

export const LocationFields = z.strictObject({
  organisation_id: Uuid,
  name: plainText(200),
  street: plainText(200).nullable().default(null),
  postcode: Postcode,
  /** Optional: derived from the postcode when it names one municipality. */
  municipality_code: z.string().regex(/^\d{5}$/).max(5).optional(),
  latitude: z.number().min(49.4).max(51.6).nullable().default(null),
  longitude: z.number().min(2.4).max(6.5).nullable().default(null),
  wheelchair_accessible: z.boolean().nullable().default(null),
  pram_accessible: z.boolean().nullable().default(null),
  approximate_position: z.boolean().default(false).meta({ description: 'The position is the postcode\'s centre, not the address' }),
  public_transport_note: LocalizedNote.nullable().default(null),
  internal_note: noteText(4000).nullable().default(null)
})

export const LocationInput = LocationFields.refine((l) => (l.latitude == null) === (l.longitude == null), {
  message: 'latitude and longitude go together', path: ['longitude']
}).meta({ id: 'LocationInput' })
export type LocationInput = z.output<typeof LocationInput>

export type LocationRecord = Omit<LocationInput, 'municipality_code'> & {
  id: string
  municipality_code: string
} & EntryMeta
