// Wire shapes of correction reports: what anyone may send about an offer, and what curators see of it.
import { z } from 'zod'
import { REPORT_REASONS, REPORT_STATUSES } from '../db/schema.js'
import { PageQuery } from '../http/page.js'
import { Email, Uuid } from '../core/fields.js'

export const MAX_REPORT_TEXT = 2000

export const ReportReason = z.enum(REPORT_REASONS).meta({
  id: 'ReportReason', description: 'phone_wrong: the phone number or another contact is wrong; closed: the offer stopped; moved: it is somewhere else now; other: see the text'
})
export const ReportStatus = z.enum(REPORT_STATUSES).meta({ id: 'ReportStatus' })

export const ReportInput = z.strictObject({
  reason: ReportReason,
  text: z.string().trim().max(MAX_REPORT_TEXT).optional().meta({ description: `What is wrong, in any language; at most ${MAX_REPORT_TEXT} characters. Needed with reason \`other\`.` }),
  email: Email.optional().meta({ description: 'Optional, for a question back; kept only until the report is handled, never shown publicly' }),
  website: z.string().max(500).optional().meta({
    description: 'Leave this out. A form keeps the field hidden from people; a robot that fills it in is answered 202 and nothing is stored.'
  })
}).refine((r) => r.reason !== 'other' || (r.text ?? '') !== '', { message: 'say what is wrong in text when the reason is other', path: ['text'] })
  .meta({ id: 'NewReport' })
export type ReportInput = z.output<typeof ReportInput>

export const ReportReceipt = z.object({
  status: z.literal('received'),
  message: z.string().max(200)
}).meta({ id: 'ReportReceipt' })

const Timestamp = z.string().max(40)

export const Report = z.object({
  id: Uuid,
  offer: z.object({ id: Uuid, slug: z.string().max(100), name: z.string().max(200).meta({ description: 'In nl' }), organisation_id: Uuid }),
  reason: ReportReason,
  text: z.string().max(MAX_REPORT_TEXT).nullable(),
  reporter_email: z.string().max(254).nullable().meta({ description: 'Only while the report is open; cleared when it is handled' }),
  status: ReportStatus,
  created_at: Timestamp,
  handled_at: Timestamp.nullable(),
  handled_by: z.string().max(100).nullable().meta({ description: 'The label of the key that handled it' }),
  note: z.string().max(MAX_REPORT_TEXT).nullable().meta({ description: 'The curator\'s note on how it was handled' })
}).meta({ id: 'Report' })
export type Report = z.infer<typeof Report>

export const ReportListQuery = PageQuery.extend({
  status: ReportStatus.default('open').meta({ description: 'open (the default: the queue), resolved or rejected' }),
  offer: z.string().min(1).max(100).regex(/^[A-Za-z0-9-]+$/, 'an offer id or slug').optional().meta({ description: 'Reports about this offer (id or slug)' })
})

export const ReportParams = z.object({ id: Uuid })

export const HandleReport = z.strictObject({
  note: z.string().trim().max(MAX_REPORT_TEXT).optional().meta({ description: 'How it was handled (what was changed, or why nothing was)' })
}).nullish().meta({ id: 'HandleReport', description: 'Optional: no body is fine' })
