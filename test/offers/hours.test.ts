// Opening hours at a location: shown only while that location is published, and refused on a published offer otherwise.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, OWN } from '../helpers/curation.js'

t.test('hours at an unpublished location are never public', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const draft = await call(app, admin, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, { name: 'Verborgen locatie' }))
  t.equal(draft.status, 201)
  const offer = await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)
  const hours = [
    { weekday: 1, opens: '09:00', closes: '12:00' },
    { weekday: 2, opens: '09:00', closes: '12:00', location_id: OWN.location },
    { weekday: 3, opens: '09:00', closes: '12:00', location_id: draft.body.id }
  ]
  const refused = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`,
    { location_ids: [OWN.location, draft.body.id], opening_hours: hours }, { 'if-match': offer.headers.etag as string })
  t.equal(refused.status, 422)
  t.strictSame(refused.body.errors, [{ in: 'entry', path: '/opening_hours/2/location_id', message: 'publish this location first, or give these hours no location' }])

  const accepted = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`,
    { location_ids: [OWN.location, draft.body.id], opening_hours: hours.slice(0, 2), hours_exceptions: [] }, { 'if-match': offer.headers.etag as string })
  t.equal(accepted.status, 200, 'an unpublished location linked without hours is allowed, as before')
  const shown = async () => {
    const detail = (await app.inject(`/v1/offers/${OWN.offer}`)).json()
    const service = (await app.inject(`/hsds/services/${OWN.offer}`)).json()
    return {
      detail: detail.opening_hours.map((h: { weekday: number }) => h.weekday),
      hsds: service.schedules.map((s: { byday: string }) => s.byday),
      ids: JSON.stringify([detail, service]).includes(draft.body.id)
    }
  }
  t.strictSame(await shown(), { detail: [1, 2], hsds: ['MO', 'TU'], ids: false })

  // The location the hours are at is unpublished later: the hours at it go from every public answer.
  const unpublished = await call(app, admin, 'POST', `/v1/admin/locations/${OWN.location}/unpublish`)
  t.equal(unpublished.status, 200)
  const after = await shown()
  t.strictSame({ detail: after.detail, hsds: after.hsds }, { detail: [1], hsds: ['MO'] })
  const feed = (await app.inject('/v1/changes?per_page=100')).json().contents
  const last = feed.filter((c: { id: string }) => c.id === OWN.offer).at(-1)
  t.strictSame(last.data.opening_hours.map((h: { weekday: number }) => h.weekday), [1], 'the feed\'s upsert too')
})
