// Search quality: realistic questions of families and their helpers against the sample directory. Each names the
// offers that must come in the first five results and offers that must not appear at all.
import t from 'tap'
import { setup } from '../helpers/app.js'

type Question = { who: string, query: string, top5: string[], absent: string[] }

const QUESTIONS: Question[] = [
  {
    who: 'a pregnant mother in Turnhout (2300) with anxiety, Dutch-speaking',
    query: 'postcode=2300&phase=zwangerschap&language=nl&q=angst',
    top5: ['cgg-kempenstroom-perinataal'],
    absent: ['mbu-de-wiege', 'nestwarmte-dagbehandeling', 'perinatale-psychiatrie-haspengouw']
  },
  {
    who: 'a pregnant mother in Gent (9000), Dutch-speaking, free help',
    query: 'postcode=9000&phase=zwangerschap&language=nl&cost=free',
    top5: ['rustpunt-online', 'tele-onthaal-106'],
    absent: ['na-de-storm', 'nestwarmte-dagbehandeling', 'cb-seefhoek', 'vroedvrouwen-levensboom']
  },
  {
    who: 'a mother in Gent with postnatal depression, free help',
    query: 'postcode=9000&q=depressie&cost=free',
    top5: ['na-de-storm', 'rustpunt-online'],
    absent: ['nestwarmte-dagbehandeling', 'cgg-kempenstroom-perinataal']
  },
  {
    who: 'a GP in Gent looking for help with postnatal depression',
    query: 'postcode=9000&q=postnatale depressie',
    top5: ['na-de-storm', 'nestwarmte-dagbehandeling'],
    absent: ['cgg-kempenstroom-perinataal', 'huilpoli-meetjesland']
  },
  {
    who: 'a father in Genk looking for a group',
    query: 'postcode=3600&mode=group',
    top5: ['inloopteam-kroostje'],
    absent: ['papa-in-zicht', 'na-de-storm', 'peuterpraat-tienen']
  },
  {
    who: 'a father in Antwerpen-Oost (2140) typing "papa"',
    query: 'postcode=2140&q=papa',
    top5: ['papa-in-zicht'],
    absent: ['cb-seefhoek', 'inloopteam-kroostje']
  },
  {
    who: 'a French-speaking mother in Brussels (1000)',
    query: 'postcode=1000&language=fr&lang=fr',
    top5: ['jong-en-mama', 'prenataal-steunpunt-noord', 'veilig-begin'],
    absent: ['vroedvrouwen-nieuw-leven', 'cb-seefhoek', 'hulplijn-1712']
  },
  {
    who: 'a French-speaking pregnant woman in Anderlecht looking for a midwife',
    query: 'postcode=1070&q=vroedvrouw&language=fr',
    top5: ['vroedvrouwen-nieuw-leven'],
    absent: ['vroedvrouwen-levensboom', 'babyhoek-roeselare']
  },
  {
    who: 'someone who knows the word "vroedkundige"',
    query: 'q=vroedkundige',
    top5: ['vroedvrouwen-levensboom', 'vroedvrouwen-nieuw-leven'],
    absent: ['cb-seefhoek', 'hulplijn-1712']
  },
  {
    who: 'someone still typing "vroedv"',
    query: 'q=vroedv',
    top5: ['vroedvrouwen-levensboom', 'vroedvrouwen-nieuw-leven'],
    absent: ['speelwolk-knokke']
  },
  {
    who: 'someone typing "creche" without the accent',
    query: 'q=creche',
    top5: ['speelwolk-knokke'],
    absent: ['cb-seefhoek', 'babyhoek-roeselare']
  },
  {
    who: 'someone typing "borstv" for breastfeeding',
    query: 'q=borstv',
    top5: ['melkweg-lactatie', 'vroedvrouwen-levensboom'],
    absent: ['speelwolk-knokke', 'hulplijn-1712']
  },
  {
    who: 'a French speaker looking for a sage-femme',
    query: 'q=sage-femme&lang=fr',
    top5: ['vroedvrouwen-nieuw-leven', 'vroedvrouwen-levensboom'],
    absent: ['mbu-de-wiege']
  },
  {
    who: 'an English-speaking psychiatrist asking about postpartum psychosis',
    query: 'q=postpartum psychosis&lang=en',
    top5: ['mbu-de-wiege'],
    absent: ['nestwarmte-dagbehandeling', 'rustpunt-online']
  },
  {
    who: 'parents after a miscarriage',
    query: 'q=miskraam',
    top5: ['sterrenkind-aalst'],
    absent: ['na-de-storm']
  },
  {
    who: 'parents in Eeklo (9900) with a baby who cries a lot',
    query: 'postcode=9900&q=huilen',
    top5: ['huilpoli-meetjesland'],
    absent: ['kleine-stapjes-lommel']
  },
  {
    who: 'a teenage mother in Molenbeek (1080)',
    query: 'postcode=1080&target_group=tienerouders',
    top5: ['jong-en-mama'],
    absent: ['kraamzorg-t-nestje']
  },
  {
    who: 'a pregnant woman in Brussels who drinks alcohol',
    query: 'region=BE-BRU&q=alcohol&phase=zwangerschap',
    top5: ['veilig-begin'],
    absent: ['perinatale-psychiatrie-haspengouw']
  },
  {
    who: 'a social worker in Schaarbeek (1030) with a pregnant client without papers',
    query: 'postcode=1030&q=zonder papieren',
    top5: ['prenataal-steunpunt-noord'],
    absent: ['zorgcoordinatie-dijlestad']
  },
  {
    who: 'a midwife in Mechelen (2800) with a pregnant client without legal residence',
    query: 'postcode=2800&q=zwanger&target_group=zonder_verblijfsdocumenten',
    top5: ['zorgcoordinatie-dijlestad'],
    absent: ['prenataal-steunpunt-noord']
  },
  {
    who: 'parents in Lokeren (9160) of a four-year-old with developmental questions',
    query: 'postcode=9160&age_months=48&q=ontwikkeling',
    top5: ['clb-kleuterpunt-lokeren'],
    absent: ['cos-scheldeland', 'kleine-stapjes-lommel']
  },
  {
    who: 'a family in Sint-Niklaas (9100) in crisis, day or night',
    query: 'postcode=9100&crisis=true',
    top5: ['ckg-wiegwijzer'],
    absent: ['cb-seefhoek', 'na-de-storm']
  },
  {
    who: 'a couple in Halle (1500) with a wish for a child',
    query: 'postcode=1500&phase=kinderwens',
    top5: ['kinderwens-zennevallei'],
    absent: ['cb-seefhoek', 'melkweg-lactatie']
  },
  {
    who: 'a mother in Vilvoorde (1800) wanting breastfeeding help at home',
    query: 'postcode=1800&mode=home&q=borstvoeding',
    top5: ['melkweg-lactatie'],
    absent: ['vroedvrouwen-levensboom']
  },
  {
    who: 'parents in Antwerpen-Noord (2060) looking for a child health clinic',
    query: 'postcode=2060&care_type=kg_consultatiebureau',
    top5: ['cb-seefhoek'],
    absent: ['babyhoek-roeselare']
  },
  {
    who: 'a GP in Leuven (3000) referring to a reimbursed psychologist',
    query: 'postcode=3000&role=psycholoog&cost=riziv_reimbursed',
    top5: ['praktijk-anker-leuven'],
    absent: ['zeelucht-perinataal', 'dichtbij-ouder-baby']
  },
  {
    who: 'parents within 15 km of Brugge looking for therapy with their baby',
    query: 'near=51.209,3.224&radius_km=15&q=therapie',
    top5: ['dichtbij-ouder-baby'],
    absent: ['huilpoli-meetjesland', 'mbu-de-wiege']
  },
  {
    who: 'a mother in Kortrijk (8500) wanting a midwife in the weeks after birth',
    query: 'postcode=8500&phase=kraamperiode&role=vroedvrouw',
    top5: ['vroedvrouwen-levensboom'],
    absent: ['vroedvrouwen-nieuw-leven', 'babyhoek-roeselare']
  },
  {
    who: 'parents in Tienen (3300) struggling with tantrums',
    query: 'postcode=3300&q=driftbuien',
    top5: ['peuterpraat-tienen'],
    absent: ['kleine-stapjes-lommel']
  },
  {
    who: 'parents of a premature baby in Brugge (8000)',
    query: 'postcode=8000&target_group=prematuren',
    top5: ['dichtbij-ouder-baby'],
    absent: ['melkweg-lactatie']
  },
  {
    who: 'a French-speaking mother in Elsene (1050) with postpartum depression',
    query: 'postcode=1050&q=dépression post-partum&lang=fr',
    top5: ['mbu-de-wiege'],
    absent: ['na-de-storm']
  },
  {
    who: 'a new mother in Hasselt (3500) looking for maternity home care',
    query: 'postcode=3500&q=kraamzorg',
    top5: ['zachte-landing-kraamzorg'],
    absent: ['kraamzorg-t-nestje']
  },
  {
    who: 'someone typing "angstig" (a longer word than the text has)',
    query: 'q=angstig',
    top5: ['cgg-kempenstroom-perinataal'],
    absent: ['speelwolk-knokke']
  },
  {
    who: 'a nurse typing the name of a service in the wrong case',
    query: 'q=Ouder baby therapie',
    top5: ['dichtbij-ouder-baby'],
    absent: ['vroedvrouwen-levensboom']
  }
]

t.test('realistic questions find the right offers first', async (t) => {
  const { app } = await setup(t)
  t.ok(QUESTIONS.length >= 20)
  for (const q of QUESTIONS) {
    const res = await app.inject(`/v1/offers?${q.query}&per_page=100`)
    t.equal(res.statusCode, 200, q.who)
    const slugs = (res.json().contents as Array<{ slug: string }>).map((o) => o.slug)
    const first = slugs.slice(0, 5)
    for (const s of q.top5) t.ok(first.includes(s), `${q.who}: ${s} in the first five (got ${first.join(', ')})`)
    for (const s of q.absent) t.notOk(slugs.includes(s), `${q.who}: ${s} absent`)
  }
})
