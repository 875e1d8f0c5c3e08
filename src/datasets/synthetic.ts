// Synthetic but plausible offers for benchmarks: organisations with locations in real municipalities, offers with
// care types, phases, roles, languages, modes, costs and service areas drawn per care type. Written through the one
// write path (src/entries/write.ts) in one transaction, the offers as one batch at the end.
import type { Actor, EntryMeta } from '../core/entry.js'
import { type LocationContent, writeLocationEntries } from '../entries/location.js'
import { writeOfferEntries } from '../entries/offer.js'
import { writeOrganisationEntries } from '../entries/organisation.js'
import type { Change, EntryWrite } from '../entries/write.js'
import type { OfferInput } from '../offers/schemas.js'
import type { OrganisationInput } from '../organisations/schemas.js'
import { type Db, inTransaction } from '../db/client.js'
import { sampleId } from './sample.js'

export const GENERATOR_ACTOR: Actor = { key_id: null, label: 'synthetic data' }

type Profile = { from: number | null, to: number, roles: string[], modes: string[], costs: string[], weight: number }

/** Per care type: typical month range, roles, modes and costs; weight = how common such offers are. */
const PROFILES: Record<string, Profile> = {
  kg_consultatiebureau: { from: 0, to: 36, roles: ['consultatiebureau_arts', 'verpleegkundige', 'gezinsondersteuner', 'vrijwilliger'], modes: ['onsite', 'individual'], costs: ['free'], weight: 8 },
  kg_huisbezoek: { from: -3, to: 12, roles: ['verpleegkundige', 'kg_medewerker', 'trajectverantwoordelijke'], modes: ['home', 'individual'], costs: ['free'], weight: 4 },
  kg_prenataal_steunpunt: { from: -9, to: 1.5, roles: ['verpleegkundige', 'gezinsondersteuner', 'arts', 'maatschappelijk_werker'], modes: ['onsite', 'home', 'individual'], costs: ['free'], weight: 2 },
  prenatale_infosessie: { from: -9, to: 0, roles: ['vroedvrouw', 'verpleegkundige', 'kinesitherapeut', 'lactatiekundige'], modes: ['group', 'onsite', 'online'], costs: ['free', 'paid'], weight: 4 },
  huis_van_het_kind: { from: -9, to: 72, roles: ['gezinsondersteuner', 'vrijwilliger', 'maatschappelijk_werker'], modes: ['onsite', 'group', 'individual'], costs: ['free'], weight: 5 },
  inloopteam: { from: -9, to: 36, roles: ['gezinsondersteuner', 'maatschappelijk_werker', 'vrijwilliger'], modes: ['group', 'home', 'individual', 'onsite'], costs: ['free'], weight: 3 },
  ontmoetingsplaats: { from: 0, to: 36, roles: ['gezinsondersteuner', 'vrijwilliger', 'andere_ouders'], modes: ['group', 'onsite'], costs: ['free'], weight: 4 },
  opvoedingsondersteuning: { from: 0, to: 72, roles: ['gezinsondersteuner', 'psychopedagoog'], modes: ['individual', 'group', 'phone', 'online', 'onsite'], costs: ['free'], weight: 4 },
  kinderopvang: { from: 3, to: 36, roles: ['kinderbegeleider'], modes: ['onsite'], costs: ['income_related', 'paid'], weight: 8 },
  vroedvrouw: { from: -9, to: 12, roles: ['vroedvrouw'], modes: ['home', 'onsite', 'individual', 'group'], costs: ['riziv_reimbursed', 'mixed'], weight: 9 },
  kraamzorg: { from: 0, to: 3, roles: ['kraamverzorgende'], modes: ['home'], costs: ['income_related'], weight: 3 },
  expertisecentrum_kraamzorg: { from: -9, to: 12, roles: ['kraamverzorgende', 'vroedvrouw', 'maatschappelijk_werker'], modes: ['home', 'group', 'individual'], costs: ['free'], weight: 1 },
  materniteit: { from: -9, to: 1.5, roles: ['vroedvrouw', 'gynaecoloog', 'kinderarts', 'psycholoog'], modes: ['onsite', 'individual', 'couple_family'], costs: ['riziv_reimbursed'], weight: 2 },
  neonatologie: { from: 0, to: 6, roles: ['kinderarts', 'verpleegkundige', 'psycholoog'], modes: ['onsite', 'couple_family'], costs: ['riziv_reimbursed'], weight: 1 },
  lactatie: { from: -3, to: 24, roles: ['lactatiekundige', 'vroedvrouw'], modes: ['home', 'onsite', 'online'], costs: ['paid', 'riziv_reimbursed'], weight: 3 },
  fertiliteit_psy: { from: null, to: -6, roles: ['psycholoog', 'psychotherapeut'], modes: ['onsite', 'online', 'individual', 'couple_family'], costs: ['paid'], weight: 1 },
  perinataal_zorgtraject: { from: -9, to: 12, roles: ['zorgcoordinator', 'vroedvrouw', 'maatschappelijk_werker', 'intercultureel_bemiddelaar'], modes: ['onsite', 'individual'], costs: ['free'], weight: 1 },
  elp_psycholoog: { from: null, to: 24, roles: ['psycholoog'], modes: ['onsite', 'online', 'individual', 'couple_family'], costs: ['riziv_reimbursed'], weight: 9 },
  psycholoog_privaat: { from: null, to: 72, roles: ['psycholoog', 'psychotherapeut'], modes: ['onsite', 'online', 'individual', 'couple_family'], costs: ['paid'], weight: 7 },
  gespecialiseerde_psy: { from: -9, to: 24, roles: ['psycholoog'], modes: ['onsite', 'individual'], costs: ['riziv_reimbursed'], weight: 1 },
  cgg_perinataal: { from: null, to: 24, roles: ['psycholoog', 'psychiater', 'maatschappelijk_werker'], modes: ['onsite', 'home', 'individual', 'couple_family'], costs: ['income_related'], weight: 1 },
  cgg_baby_peuter: { from: 0, to: 72, roles: ['kinderpsychiater', 'psycholoog', 'psychotherapeut'], modes: ['onsite', 'home', 'couple_family'], costs: ['income_related'], weight: 1 },
  ouder_baby_therapie: { from: 0, to: 36, roles: ['psychotherapeut', 'psycholoog'], modes: ['onsite', 'online', 'couple_family'], costs: ['paid', 'riziv_reimbursed'], weight: 2 },
  perinatale_psychiatrie: { from: null, to: 12, roles: ['psychiater'], modes: ['onsite', 'individual'], costs: ['riziv_reimbursed'], weight: 1 },
  mobiel_team_perinataal: { from: -9, to: 12, roles: ['psychiater', 'psycholoog', 'verpleegkundige'], modes: ['home', 'individual', 'couple_family'], costs: ['riziv_reimbursed'], weight: 1 },
  mbu_dag: { from: 0, to: 12, roles: ['psychiater', 'psycholoog', 'verpleegkundige', 'kinderverzorger'], modes: ['day', 'group', 'individual'], costs: ['riziv_reimbursed'], weight: 0.3 },
  mbu_residentieel: { from: 0, to: 12, roles: ['psychiater', 'psycholoog', 'verpleegkundige', 'kinderverzorger'], modes: ['residential', 'day', 'group'], costs: ['riziv_reimbursed'], weight: 0.2 },
  kinderpsychiatrie_0_6: { from: 0, to: 72, roles: ['kinderpsychiater', 'kinderarts', 'psycholoog'], modes: ['onsite', 'individual', 'couple_family'], costs: ['riziv_reimbursed'], weight: 1 },
  verslavingszorg_perinataal: { from: -9, to: 24, roles: ['psychiater', 'psycholoog', 'maatschappelijk_werker'], modes: ['onsite', 'individual', 'residential'], costs: ['riziv_reimbursed'], weight: 0.5 },
  crisiszorg: { from: null, to: 72, roles: ['psychiater', 'verpleegkundige'], modes: ['onsite', 'phone', 'home'], costs: ['riziv_reimbursed'], weight: 0.5 },
  ckg: { from: -9, to: 144, roles: ['gezinsondersteuner', 'kinderverzorger', 'psychopedagoog'], modes: ['home', 'residential', 'individual', 'couple_family'], costs: ['free'], weight: 1 },
  vk: { from: null, to: 72, roles: ['maatschappelijk_werker', 'psycholoog'], modes: ['onsite', 'phone', 'individual'], costs: ['free'], weight: 0.3 },
  caw: { from: null, to: 72, roles: ['maatschappelijk_werker'], modes: ['onsite', 'phone', 'chat', 'individual'], costs: ['free'], weight: 2 },
  ocmw: { from: null, to: 72, roles: ['maatschappelijk_werker'], modes: ['onsite', 'individual'], costs: ['free'], weight: 3 },
  thuisbegeleiding: { from: 0, to: 84, roles: ['psycholoog', 'ergotherapeut'], modes: ['home', 'individual', 'couple_family'], costs: ['free'], weight: 1 },
  ontwikkelingsdiagnostiek: { from: 0, to: 72, roles: ['kinderarts', 'psycholoog', 'logopedist', 'ergotherapeut'], modes: ['onsite', 'individual'], costs: ['riziv_reimbursed'], weight: 1 },
  clb: { from: 30, to: 72, roles: ['clb_medewerker', 'verpleegkundige', 'arts'], modes: ['onsite', 'individual'], costs: ['free'], weight: 2 },
  tolk_bemiddeling: { from: null, to: 72, roles: ['sociaal_tolk', 'intercultureel_bemiddelaar'], modes: ['onsite', 'phone', 'online'], costs: ['free'], weight: 1 },
  lotgenotengroep: { from: -9, to: 24, roles: ['ervaringsdeskundige', 'andere_ouders', 'psycholoog'], modes: ['group', 'online'], costs: ['free'], weight: 3 },
  perinataal_verlies: { from: -9, to: 24, roles: ['ervaringsdeskundige', 'psycholoog', 'vroedvrouw'], modes: ['group', 'individual', 'online'], costs: ['free'], weight: 1 },
  hulplijn: { from: null, to: 72, roles: ['vrijwilliger', 'maatschappelijk_werker'], modes: ['phone', 'chat'], costs: ['free'], weight: 0.2 },
  online_zelfhulp: { from: null, to: 24, roles: ['psycholoog', 'ervaringsdeskundige'], modes: ['online'], costs: ['free'], weight: 0.5 },
  vorming: { from: null, to: 72, roles: ['psycholoog', 'vroedvrouw'], modes: ['group', 'onsite', 'online'], costs: ['paid'], weight: 0.5 }
}

const THEMES = [
  ['angst', 'anxiety', 'anxiété'], ['depressie', 'depression', 'dépression'], ['slaapproblemen', 'sleep problems', 'troubles du sommeil'],
  ['huilbaby', 'excessive crying', 'pleurs excessifs'], ['borstvoeding', 'breastfeeding', 'allaitement'], ['hechting', 'attachment', 'attachement'],
  ['rouw', 'grief', 'deuil'], ['stress', 'stress', 'stress'], ['vermoeidheid', 'exhaustion', 'épuisement'], ['verslaving', 'addiction', 'assuétude'],
  ['partnergeweld', 'partner violence', 'violence conjugale'], ['bevallingstrauma', 'birth trauma', 'traumatisme de la naissance'],
  ['eenzaamheid', 'loneliness', 'solitude'], ['armoede', 'poverty', 'pauvreté'], ['huisvesting', 'housing', 'logement'],
  ['prematuriteit', 'prematurity', 'prématurité'], ['tweelingen', 'twins', 'jumeaux'], ['voedingsproblemen', 'feeding problems', 'troubles alimentaires'],
  ['driftbuien', 'tantrums', 'colères'], ['taalontwikkeling', 'language development', 'développement du langage'],
  ['babymassage', 'baby massage', 'massage bébé'], ['draagdoek', 'babywearing', 'portage'], ['postpartumpsychose', 'postpartum psychosis', 'psychose post-partum'],
  ['relatie', 'relationship', 'couple'], ['zindelijkheid', 'potty training', 'propreté']
] as const

const OPENINGS = [
  ['Wij ondersteunen (aanstaande) ouders bij {theme} en {theme2}.', 'We support (expectant) parents with {theme} and {theme2}.', 'Nous soutenons les (futurs) parents face à {theme} et {theme2}.'],
  ['Een warme plek voor ouders en hun baby in {place}, met aandacht voor {theme}.', 'A warm place for parents and their baby in {place}, with attention to {theme}.', 'Un lieu chaleureux pour les parents et leur bébé à {place}, attentif à {theme}.'],
  ['Begeleiding op maat voor gezinnen met jonge kinderen rond {theme}.', 'Tailored support for families with young children around {theme}.', 'Un accompagnement sur mesure pour les familles avec de jeunes enfants autour de {theme}.'],
  ['Laagdrempelige hulp bij vragen over {theme}, {theme2} en opvoeding.', 'Low-threshold help with questions about {theme}, {theme2} and parenting.', 'Une aide accessible pour les questions de {theme}, de {theme2} et d\'éducation.']
] as const
const CLOSINGS = [
  ['Je baby is altijd welkom.', 'Your baby is always welcome.', 'Votre bébé est toujours le bienvenu.'],
  ['Aanmelden kan telefonisch of via de website.', 'You can sign up by phone or on the website.', 'Inscription par téléphone ou sur le site web.'],
  ['We werken samen met de huisarts, vroedvrouw en Kind en Gezin.', 'We work with the GP, midwife and Kind en Gezin.', 'Nous collaborons avec le médecin traitant, la sage-femme et Kind en Gezin.'],
  ['Ook partners en meeouders zijn welkom.', 'Partners and co-parents are welcome too.', 'Les partenaires et coparents sont aussi les bienvenus.'],
  ['Gesprekken kunnen ook in het Engels of met een tolk.', 'Sessions are also possible in English or with an interpreter.', 'Les entretiens sont aussi possibles en anglais ou avec un interprète.']
] as const

const WORDS = ['Nestwarmte', 'Kleine Stap', 'De Wieg', 'Zonnestraal', 'Het Anker', 'Boomhut', 'Klaproos', 'Vlinder', 'De Brug', 'Kompas',
  'Lichtpunt', 'Thuishaven', 'Parel', 'Regenboog', 'Zeester', 'Kiemkracht', 'Groeikracht', 'Samenspel', 'Wiegelied', 'Dauwdruppel',
  'Mozaïek', 'Horizon', 'Papaver', 'Hartslag', 'Baken', 'Vuurtoren', 'Eikel', 'Zaadje', 'Knuffel', 'Wolkje', 'Bries', 'Oase', 'Nestje', 'Ooievaar']
const FIRST_NAMES = ['An', 'Sofie', 'Lien', 'Karen', 'Els', 'Nathalie', 'Fatima', 'Yasmina', 'Marie', 'Julie', 'Hanne', 'Leen', 'Tom', 'Pieter', 'Ahmed', 'Lotte', 'Inès', 'Camille']
const LAST_NAMES = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'El Amrani', 'Yilmaz', 'Vermeulen', 'Van Damme']
const OTHER_LANGUAGES = ['ar', 'tr', 'pl', 'ro', 'ber', 'es', 'it', 'ru', 'uk', 'prs', 'so', 'ti', 'pt', 'bg', 'sq', 'de']
const TARGET_GROUPS = ['aanstaande_ouders', 'moeders', 'vaders_meeouders', 'koppels', 'tienerouders', 'alleenstaande_ouders', 'kwetsbare_gezinnen',
  'nieuwkomers', 'zonder_verblijfsdocumenten', 'psychische_kwetsbaarheid', 'middelengebruik', 'verstandelijke_beperking', 'partnergeweld',
  'prematuren', 'perinataal_verlies', 'fertiliteit', 'meerlingen', 'regenboog', 'adoptie_pleeg', 'regulatie', 'ontwikkelingszorgen']

const OFFER_DEFAULTS = {
  is_reference: false, cost_note: null, price_min_eur: null, price_max_eur: null, referral_by: [], referral_note: null, crisis_note: null,
  interpreter_on_request: null, plain_language: null, anonymous_possible: null, no_residence_papers_ok: null, third_party_payment: null,
  first_session_free: null, website: null, phone: null, contacts: [], internal_note: null, sources: [], source_note: null,
  hours_exceptions: [], always_open: false, open_on_holidays: false, temporarily_closed: false, alert: null, alert_until: null,
  first_step: null, first_step_contact_index: null, accepting_new: null, accepting_new_wait_weeks: null, accepting_new_confirmed_at: null
} satisfies Partial<OfferInput>

/** mulberry32: small, fast and repeatable for a seed. */
export function random (seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const copy = [...list]
    const n = Math.min(copy.length, min + int(max - min + 1))
    const out: T[] = []
    while (out.length < n) out.push(copy.splice(int(copy.length), 1)[0]!)
    return out
  }
  return { next, int, pick, some, chance: (p: number) => next() < p }
}

type Place = { municipality: string, name: string, postcodes: Array<{ postcode: string, latitude: number, longitude: number }>, zone: string | null, province: string, gewest: string }

/** Flemish and Brussels municipalities with their postcodes, zone, province and gewest. */
function places (db: Db): Place[] {
  const rows = db.$client.prepare(`
    SELECT p.municipality_code AS municipality, r.name_nl AS name, p.postcode, p.latitude, p.longitude, p.eerstelijnszone_code AS zone,
      (SELECT a.ancestor_code FROM region_ancestors a JOIN regions x ON x.code = a.ancestor_code WHERE a.region_code = r.code AND x.level = 'province') AS province,
      (SELECT a.ancestor_code FROM region_ancestors a JOIN regions x ON x.code = a.ancestor_code WHERE a.region_code = r.code AND x.level = 'gewest') AS gewest
    FROM postcodes p JOIN regions r ON r.code = p.municipality_code
    ORDER BY p.municipality_code, p.postcode, p.place_name`).all() as Array<{ municipality: string, name: string, postcode: string, latitude: number, longitude: number, zone: string | null, province: string | null, gewest: string }>
  const byCode = new Map<string, Place>()
  for (const r of rows) {
    if (r.gewest === 'BE-WAL') continue
    let place = byCode.get(r.municipality)
    if (place === undefined) {
      byCode.set(r.municipality, place = { municipality: r.municipality, name: r.name, postcodes: [], zone: r.zone, province: r.province ?? r.gewest, gewest: r.gewest })
    }
    place.postcodes.push({ postcode: r.postcode, latitude: r.latitude, longitude: r.longitude })
  }
  return [...byCode.values()]
}

export type GenerateOptions = { count: number, seed?: number, now?: string }

/** Adds `count` synthetic offers (with their organisations and locations); returns how many of each were written. */
export function generateOffers (db: Db, { count, seed = 1, now = new Date().toISOString() }: GenerateOptions) {
  const rnd = random(seed)
  const all = places(db)
  // Bigger places (more postcodes) get more providers.
  const weighted = all.flatMap((p) => Array<Place>(Math.min(8, p.postcodes.length)).fill(p))
  const types = Object.entries(PROFILES)
  const totalWeight = types.reduce((s, [, p]) => s + p.weight, 0)
  const drawType = () => {
    let r = rnd.next() * totalWeight
    for (const type of types.slice(0, -1)) if ((r -= type[1].weight) < 0) return type
    return types.at(-1)!
  }
  const labels = new Map((db.$client.prepare('SELECT code, label FROM care_types').all() as Array<{ code: string, label: string }>)
    .map((c) => [c.code, JSON.parse(c.label) as { nl: string, fr: string, en: string }]))
  const zonesOf = new Map<string, Place[]>()
  for (const p of all) if (p.zone) zonesOf.set(p.zone, [...(zonesOf.get(p.zone) ?? []), p])
  if (db.$client.prepare('SELECT 1 FROM organisations WHERE slug = ?').get(`gen-org-${seed}-0`) !== undefined) {
    throw new Error(`offers of seed ${seed} were generated in this database already: use another seed or a fresh database`)
  }
  const meta = (status: EntryMeta['status']): EntryMeta => ({
    status, version: 1, created_at: now, updated_at: now, published_at: status === 'published' ? now : null, verified_at: rnd.chance(0.6) ? now : null, verified_by: null
  })

  const change: Change = { action: 'create', reason: 'created', actor: GENERATOR_ACTOR, at: now }
  // Built valid (the tests hold the generator to that): checking 50,000 offers one by one would cost more than writing them.
  const checked = { checked: true }

  const organisationWrites: Array<EntryWrite<OrganisationInput>> = []
  const locationWrites: Array<EntryWrite<LocationContent>> = []

  return inTransaction(db, () => {
    const written = { offers: 0, organisations: 0, locations: 0 }
    const offers: Array<EntryWrite<OfferInput>> = []
    let organisation: { id: string, name: string, place: Place, locations: string[], left: number } | undefined
    for (let n = 0; n < count; n++) {
      const slug = `gen-${seed}-${n}`
      const [careType, profile] = drawType()
      if (organisation === undefined || organisation.left === 0) {
        organisation = addOrganisation(`gen-org-${seed}-${n}`, rnd.pick(weighted))
        written.organisations++
        written.locations += organisation.locations.length
      }
      organisation.left--
      const place = organisation.place
      const remoteOnly = rnd.chance(0.015)
      const theme = rnd.pick(THEMES)
      const theme2 = rnd.pick(THEMES)
      const opening = rnd.pick(OPENINGS)
      const closing = rnd.pick(CLOSINGS)
      const say = (lang: 0 | 1 | 2) => `${opening[lang].replace('{theme}', theme[lang]).replace('{theme2}', theme2[lang]).replace('{place}', place.name)} ${closing[lang]}`
      const label = labels.get(careType)!
      const word = rnd.pick(WORDS)
      const name = rnd.chance(0.5) ? `${label.nl} ${word}` : `${word} – ${label.nl.split(' / ')[0]} ${place.name}`
      const translated = rnd.chance(0.4)
      const shift = () => (rnd.chance(0.3) ? rnd.pick([-3, 0, 3, 6]) : 0)
      const from = profile.from === null ? null : profile.from + Math.min(0, shift())
      const to = profile.to + Math.max(0, shift())
      const brussels = place.gewest === 'BE-BRU'
      // Built complete, as OfferInput.parse would give it (the tests check that); parsing 50,000 of them costs seconds.
      const input: OfferInput = {
        ...OFFER_DEFAULTS,
        slug,
        organisation_id: organisation.id,
        name: translated ? { nl: name, en: `${word} – ${label.en}`, fr: `${word} – ${label.fr}` } : { nl: name },
        description: translated ? { nl: say(0), en: say(1), fr: say(2) } : { nl: say(0) },
        care_type: careType,
        from_month: from,
        to_month: to,
        roles: rnd.some(profile.roles, 1, 3),
        target_groups: rnd.some(TARGET_GROUPS, 0, 3),
        languages: [...new Set([...(brussels && rnd.chance(0.3) ? [] : ['nl']), ...(brussels || rnd.chance(0.2) ? ['fr'] : []),
          ...(rnd.chance(0.4) ? ['en'] : []), ...rnd.some(OTHER_LANGUAGES, 0, 2)])],
        modes: (remoteOnly ? rnd.some(['online', 'phone', 'chat'], 1, 2) : rnd.some(profile.modes, 1, profile.modes.length)) as OfferInput['modes'],
        service_area: remoteOnly ? ['BE-VLG', 'BE-BRU'] : serviceArea(place),
        location_ids: remoteOnly ? [] : organisation.locations,
        cost_type: rnd.pick(profile.costs) as OfferInput['cost_type'],
        referral_type: rnd.pick(['none', 'none', 'none', 'recommended', 'required'] as const),
        crisis_24_7: rnd.chance(0.02),
        urgent_intake: rnd.chance(0.08),
        baby_welcome: rnd.chance(0.6),
        waiting_time: rnd.pick([null, 'none', 'lt_2w', '2_6w', '6_12w', 'gt_3m'] as const),
        email: `${slug}@example.org`,
        opening_hours: rnd.chance(0.5) ? [{ weekday: 1 + rnd.int(5), opens: '09:00', closes: rnd.pick(['12:00', '16:30', '17:00']) }] : []
      }
      offers.push({ id: sampleId('offer', slug), content: input, meta: meta(rnd.chance(0.95) ? 'published' : rnd.pick(['draft', 'archived'] as const)), before: null })
    }
    // Each kind as one batch, in the order their references need.
    writeOrganisationEntries(db, organisationWrites, change, checked)
    writeLocationEntries(db, locationWrites, change, checked)
    written.offers = writeOfferEntries(db, offers, change, checked).length
    return written
  })

  function serviceArea (place: Place): string[] {
    const r = rnd.next()
    if (r < 0.4 || place.zone === null) return [place.municipality]
    if (r < 0.7) return [place.zone]
    if (r < 0.8) return [...new Set([place.municipality, ...rnd.some(zonesOf.get(place.zone)!, 1, 4).map((p) => p.municipality)])]
    if (r < 0.95) return [place.province]
    return rnd.chance(0.5) ? ['BE-VLG'] : ['BE-VLG', 'BE-BRU']
  }

  function addOrganisation (slug: string, place: Place) {
    const id = sampleId('organisation', slug)
    const word = rnd.pick(WORDS)
    const [kind, name] = rnd.pick([
      ['practice', `Praktijk ${word}`],
      ['ngo', `${word} vzw`],
      ['individual', `${rnd.pick(FIRST_NAMES)} ${rnd.pick(LAST_NAMES)}`],
      ['hospital', `AZ ${word} ${place.name}`],
      ['public_agency', `Sociaal Huis ${place.name}`],
      ['network', `Netwerk ${word} ${place.name}`]
    ] as const)
    const input: OrganisationInput = {
      slug, kind, name: { nl: name }, description: null, kbo_number: null, sociale_kaart_id: null,
      website: `https://example.org/${slug}`, email: `${slug}@example.org`, phone: null, internal_note: null, sources: [], source_note: null
    }
    organisationWrites.push({ id, content: input, meta: meta(rnd.chance(0.98) ? 'published' : 'draft'), before: null })
    const locations = Array.from({ length: rnd.chance(0.2) ? 2 : 1 }, (_, k) => {
      const p = rnd.pick(place.postcodes)
      const locationId = sampleId('location', `${slug}:${k}`)
      const location: LocationContent = {
        organisation_id: id, name: k === 0 ? name : `${name} – ${p.postcode}`, street: `${rnd.pick(WORDS)}straat ${1 + rnd.int(150)}`,
        postcode: p.postcode, municipality_code: place.municipality,
        latitude: Math.round((p.latitude + (rnd.next() - 0.5) * 0.02) * 1e5) / 1e5, longitude: Math.round((p.longitude + (rnd.next() - 0.5) * 0.03) * 1e5) / 1e5,
        wheelchair_accessible: rnd.chance(0.5) ? rnd.chance(0.7) : null, pram_accessible: null, approximate_position: false, public_transport_note: null, internal_note: null
      }
      locationWrites.push({ id: locationId, content: location, meta: meta(rnd.chance(0.97) ? 'published' : 'draft'), before: null })
      return locationId
    })
    return { id, name, place, locations, left: 1 + rnd.int(8) }
  }
}
