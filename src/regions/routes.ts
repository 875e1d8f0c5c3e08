// GET /v1/regions, /v1/regions/{code}, /v1/postcodes/{postcode}.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Db } from '../db/client.js'
import { NotFound } from '../http/errors.js'
import { announceReplaced } from '../http/replaced-codes.js'
import { negotiateLanguage } from '../http/language.js'
import { DATA_ATTRIBUTION } from '../http/openapi.js'
import { page } from '../http/page.js'
import type { ContentLang } from '../text/schemas.js'
import { getRegion, getRegions, listAliases, listAncestors, listChildren, listMunicipalityPostcodes, listPostcodeRows, type Region, type RegionAliasRow, resolveRegionCode, searchRegions } from './queries.js'
import { PostcodeParams, PostcodeResolution, RegionDetail, RegionList, RegionParams, RegionQuery } from './schemas.js'

export const regionName = (r: Region, lang: ContentLang) => (lang === 'fr' ? r.name_fr : lang === 'en' ? r.name_en ?? r.name_nl : r.name_nl)
// Object.assign, not a spread (see fromRow in offers/store.ts): a page of regions leaves no garbage in V8's old generation.
const shape = (r: Region, lang: ContentLang) => Object.assign({}, r, { name: regionName(r, lang), confidence: r.confidence as 'high' | 'medium' | 'low' | null })
const ref = (r: { region: Region, partial: boolean }, lang: ContentLang) => ({ code: r.region.code, level: r.region.level, name: regionName(r.region, lang), partial: r.partial })

const aliasOf = (a: RegionAliasRow) => ({ code: a.alias, name_nl: a.name_nl, name_fr: a.name_fr, kind: a.kind as 'merged' | 'recoded' | 'renamed', changed_on: a.changed_on })

export const regionRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/regions', {
    schema: {
      operationId: 'listRegions', tags: ['regions'], summary: 'The region tree: country, gewesten, provinces, eerstelijnszones, municipalities',
      querystring: RegionQuery, response: { 200: RegionList }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const { level, within, q, page: number, per_page: perPage } = request.query
    const withinCode = within === undefined ? undefined : resolveRegionCode(db, within)
    if (within !== undefined && withinCode === undefined) throw new NotFound('region', within)
    const { total, rows } = searchRegions(db, { level, within: withinCode, q }, perPage, (number - 1) * perPage)
    return { ...page(rows.map((r) => shape(r, lang)), total, number, perPage), attribution: DATA_ATTRIBUTION }
  })

  app.get('/regions/:code', {
    schema: {
      operationId: 'getRegion', tags: ['regions'], summary: 'One region with its ancestors, children, old codes and postcodes',
      description: 'An old code (a merged municipality\'s NIS code, a renamed zone\'s code such as elz-oostende-bredene) answers with the current region, ' +
        'names the old code in `resolved_from`, and adds the headers `Link: </v1/regions/{current}>; rel="successor-version"` and `X-Region-Replaced: old=current`.',
      params: RegionParams, querystring: RegionQuery.pick({ lang: true }), response: { 200: RegionDetail }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const code = resolveRegionCode(db, request.params.code)
    const region = code === undefined ? undefined : getRegion(db, code)
    if (!region) throw new NotFound('region', request.params.code)
    const aliases = listAliases(db, region.code).map(aliasOf)
    const resolvedFrom = aliases.find((a) => a.code === request.params.code) ?? null
    if (resolvedFrom) announceReplaced(reply, [{ old: resolvedFrom.code, current: region.code }])
    return {
      ...shape(region, lang),
      ancestors: listAncestors(db, region.code).map((a) => ref(a, lang)),
      children: listChildren(db, region.code).map((c) => ref(c, lang)),
      aliases,
      resolved_from: resolvedFrom,
      postcodes: region.level === 'municipality'
        ? listMunicipalityPostcodes(db, region.code).map((p) => ({ postcode: p.postcode, place_name: p.place_name, eerstelijnszone_code: p.eerstelijnszone_code }))
        : []
    }
  })

  app.get('/postcodes/:postcode', {
    schema: {
      operationId: 'getPostcode', tags: ['regions'], summary: 'What a Belgian postcode resolves to',
      params: PostcodeParams, querystring: RegionQuery.pick({ lang: true }), response: { 200: PostcodeResolution }
    }
  }, async (request, reply) => {
    const lang = negotiateLanguage(request, reply)
    const rows = listPostcodeRows(db, request.params.postcode)
    if (rows.length === 0) throw new NotFound('postcode', request.params.postcode)
    const first = rows[0]!
    const ancestors = listAncestors(db, first.municipality_code)
    const level = (l: string) => ancestors.find((a) => a.region.level === l && !a.partial)?.region
    const zoneCode = first.eerstelijnszone_code
    const named = (r: Region | undefined) => (r ? { code: r.code, name: regionName(r, lang) } : null)
    const regions = getRegions(db, [first.municipality_code, ...(zoneCode ? [zoneCode] : [])])
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length * 100000) / 100000
    return {
      postcode: first.postcode,
      places: rows.map((r) => ({ name: r.place_name, latitude: r.latitude, longitude: r.longitude })),
      municipality: named(regions.get(first.municipality_code))!,
      eerstelijnszone: named(zoneCode ? regions.get(zoneCode) : undefined),
      province: named(level('province')),
      gewest: named(level('gewest'))!,
      latitude: mean(rows.map((r) => r.latitude)),
      longitude: mean(rows.map((r) => r.longitude))
    }
  })
}
