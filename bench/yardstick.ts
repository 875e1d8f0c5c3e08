// The yardstick of `npm run bench`: a bare Fastify route answering a fixed JSON array of about 2 KB, in its own process.
import Fastify from 'fastify'

const items = Array.from({ length: 13 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `Offer ${i}`, municipality: 'Gent', phase: 'baby', cost: 'free', updated_at: '2026-11-01T10:00:00.000Z' }))
const app = Fastify({ logger: false })
app.get('/', async () => items)
await app.listen({ port: Number(process.env.PORT ?? 3901), host: '127.0.0.1' })
console.log(`yardstick ready, ${JSON.stringify(items).length} bytes`)
