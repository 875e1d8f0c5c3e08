// The list envelope of every list (as HSDS's Page), and the paging parameters that go with it.
import { z } from 'zod'

export const MAX_PER_PAGE = 100

export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1).meta({ description: 'Page number, from 1' }),
  per_page: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(20).meta({ description: `Page size, at most ${MAX_PER_PAGE}` })
})

export const pageOf = <T extends z.ZodType>(item: T) => z.object({
  total_items: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  total_pages: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
  page_number: z.int().min(1).max(100000),
  size: z.int().min(0).max(MAX_PER_PAGE),
  first_page: z.boolean(),
  last_page: z.boolean(),
  empty: z.boolean(),
  contents: z.array(item).max(MAX_PER_PAGE)
})

export function page<T> (contents: T[], total: number, pageNumber: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage)
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents
  }
}
