// A location given with a postcode only is placed at its postcode's centre, marked approximate, found in radius
// searches, and listed on the stale report until a curator confirms a point.
import t from 'tap'
import { setup } from '../helpers/app.js'
import { call, keyFor, locationBody, OWN } from '../helpers/curation.js'

t.test('a postcode-only location: centre of its postcode, approximate, in radius searches, on the stale report', async (t) => {
  const { app, db } = await setup(t)
  const admin = keyFor(db, 'admin')
  const gent = '/v1/offers?near=51.054,3.717&radius_km=5&per_page=100'
  const found = async () => (await app.inject(gent)).json().contents.find((o: { id: string }) => o.id === OWN.offer)
  t.equal(await found(), undefined, 'the Antwerp offer is not near Gent')

  const created = await call(app, admin, 'POST', '/v1/admin/locations', locationBody(OWN.organisation, { name: 'Antenne Gent', street: null }))
  t.equal(created.status, 201)
  const centre = db.$client.prepare("SELECT avg(latitude) AS lat, avg(longitude) AS lng FROM postcodes WHERE postcode = '9000' AND municipality_code = '44021'").get() as { lat: number, lng: number }
  t.match(created.body, { latitude: Math.round(centre.lat * 1e5) / 1e5, longitude: Math.round(centre.lng * 1e5) / 1e5, approximate_position: true })
  const id = created.body.id as string
  t.equal((await call(app, admin, 'POST', `/v1/admin/locations/${id}/publish`)).status, 200)
  const offer = await call(app, admin, 'GET', `/v1/admin/offers/${OWN.offer}`)
  const linked = await call(app, admin, 'PATCH', `/v1/admin/offers/${OWN.offer}`, { location_ids: [OWN.location, id] }, { 'if-match': offer.headers.etag as string })
  t.equal(linked.status, 200)

  const item = await found()
  t.ok(item, 'found in a radius search around Gent')
  t.ok(item.distance_km < 5, 'with a distance')
  t.match(item.locations.find((l: { name: string }) => l.name === 'Antenne Gent'), { postcode: '9000', approximate_position: true })
  t.match((await app.inject(`/v1/offers/${OWN.offer}`)).json().locations.find((l: { id: string }) => l.id === id), { approximate_position: true })

  const staleIds = async () => (await call(app, admin, 'GET', '/v1/admin/stale?kind=location&per_page=100')).body.contents
    .filter((e: { approximate_position: boolean }) => e.approximate_position).map((e: { id: string }) => e.id)
  t.equal((await call(app, admin, 'POST', `/v1/admin/locations/${id}/verify`)).status, 200)
  t.strictSame(await staleIds(), [id], 'verified, but still only at its postcode: listed')

  // Moved to another postcode while still approximate: placed at the new one's centre.
  const etag = async () => (await call(app, admin, 'GET', `/v1/admin/locations/${id}`)).headers.etag as string
  const moved = await call(app, admin, 'PATCH', `/v1/admin/locations/${id}`, { postcode: '2000', municipality_code: '11002' }, { 'if-match': await etag() })
  t.equal(moved.status, 200)
  t.ok(moved.body.latitude > 51.1, 'now in Antwerpen')
  t.equal(await found(), undefined, 'and no longer near Gent')

  const point = { postcode: '9000', municipality_code: '44021', latitude: 51.0535, longitude: 3.7304, approximate_position: false }
  const confirmed = await call(app, admin, 'PATCH', `/v1/admin/locations/${id}`, point, { 'if-match': await etag() })
  t.equal(confirmed.status, 200)
  t.match(confirmed.body, { latitude: 51.0535, longitude: 3.7304, approximate_position: false }, 'a confirmed point is kept')
  t.strictSame(await staleIds(), [], 'off the stale report')
  t.match(await found(), { id: OWN.offer })
  const renamed = await call(app, admin, 'PATCH', `/v1/admin/locations/${id}`, { name: 'Antenne Gent-Centrum' }, { 'if-match': await etag() })
  t.match(renamed.body, { latitude: 51.0535, approximate_position: false }, 'a later change keeps the point')
})
