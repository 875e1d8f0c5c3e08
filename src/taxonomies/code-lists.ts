// The fixed code lists of offers (delivery modes, cost types, referral types, waiting times, accepting new families,
// access needs) with their labels.
import { ACCEPTING_NEW, type AccessCode, COST_TYPES, MODES, REFERRAL_TYPES, WAITING_TIMES } from '../db/schema.js'

export type Labels = { nl: string, fr: string, en: string }

export const MODE_LABELS: Record<typeof MODES[number], Labels> = {
  onsite: { nl: 'Op locatie', fr: 'Sur place', en: 'On site' },
  home: { nl: 'Aan huis', fr: 'À domicile', en: 'At home' },
  online: { nl: 'Online', fr: 'En ligne', en: 'Online' },
  phone: { nl: 'Telefonisch', fr: 'Par téléphone', en: 'By phone' },
  chat: { nl: 'Chat', fr: 'Chat', en: 'Chat' },
  group: { nl: 'In groep', fr: 'En groupe', en: 'Group' },
  individual: { nl: 'Individueel', fr: 'Individuel', en: 'Individual' },
  couple_family: { nl: 'Koppel of gezin', fr: 'Couple ou famille', en: 'Couple or family' },
  day: { nl: 'Dagbehandeling', fr: 'Hôpital de jour', en: 'Day treatment' },
  residential: { nl: 'Residentieel', fr: 'Résidentiel', en: 'Residential' }
}

export const COST_LABELS: Record<typeof COST_TYPES[number], Labels> = {
  free: { nl: 'Gratis', fr: 'Gratuit', en: 'Free' },
  riziv_reimbursed: { nl: 'Terugbetaald (RIZIV)', fr: 'Remboursé (INAMI)', en: 'Reimbursed (RIZIV)' },
  income_related: { nl: 'Volgens inkomen', fr: 'Selon les revenus', en: 'Income-related' },
  paid: { nl: 'Betalend', fr: 'Payant', en: 'Paid' },
  mixed: { nl: 'Gemengd', fr: 'Mixte', en: 'Mixed' }
}

export const REFERRAL_LABELS: Record<typeof REFERRAL_TYPES[number], Labels> = {
  none: { nl: 'Geen verwijzing nodig', fr: 'Sans orientation', en: 'No referral needed' },
  recommended: { nl: 'Verwijzing aangeraden', fr: 'Orientation conseillée', en: 'Referral recommended' },
  required: { nl: 'Verwijzing nodig', fr: 'Orientation requise', en: 'Referral required' }
}

/** The one value of the crisis facet (`crisis=true`): crisis help day and night, or an urgent intake. */
export const CRISIS_LABEL: Labels = { nl: 'Crisishulp of snelle intake', fr: 'Aide de crise ou accueil rapide', en: 'Crisis help or quick intake' }

export const WAITING_LABELS: Record<typeof WAITING_TIMES[number], Labels> = {
  none: { nl: 'Geen wachttijd', fr: 'Pas d\'attente', en: 'No waiting time' },
  lt_2w: { nl: 'Minder dan 2 weken', fr: 'Moins de 2 semaines', en: 'Less than 2 weeks' },
  '2_6w': { nl: '2 tot 6 weken', fr: '2 à 6 semaines', en: '2 to 6 weeks' },
  '6_12w': { nl: '6 tot 12 weken', fr: '6 à 12 semaines', en: '6 to 12 weeks' },
  gt_3m: { nl: 'Meer dan 3 maanden', fr: 'Plus de 3 mois', en: 'More than 3 months' }
}

export const ACCEPTING_NEW_LABELS: Record<typeof ACCEPTING_NEW[number], Labels> = {
  yes: { nl: 'Neemt nieuwe gezinnen aan', fr: 'Accepte de nouvelles familles', en: 'Taking new families' },
  no: { nl: 'Neemt nu geen nieuwe gezinnen aan', fr: 'N\'accepte pas de nouvelles familles pour l\'instant', en: 'Not taking new families now' },
  waiting_list: { nl: 'Wachtlijst', fr: 'Liste d\'attente', en: 'Waiting list' }
}

export const ACCESS_LABELS: Record<AccessCode, Labels> = {
  wheelchair: { nl: 'Rolstoeltoegankelijk', fr: 'Accessible en fauteuil roulant', en: 'Wheelchair accessible' },
  pram: { nl: 'Toegankelijk met kinderwagen', fr: 'Accessible avec poussette', en: 'Pram accessible' },
  interpreter: { nl: 'Tolk op vraag', fr: 'Interprète sur demande', en: 'Interpreter on request' },
  no_residence_papers: { nl: 'Ook zonder verblijfspapieren', fr: 'Aussi sans titre de séjour', en: 'No residence papers needed' },
  anonymous: { nl: 'Anoniem mogelijk', fr: 'Anonymat possible', en: 'Anonymous possible' }
}

/** The lists GET /v1/{path} serves, in their order. */
export const CODE_LISTS = [
  { path: '/modes', operationId: 'listModes', summary: 'Ways an offer is delivered (`mode=`)', labels: MODE_LABELS },
  { path: '/cost-types', operationId: 'listCostTypes', summary: 'What an offer costs (`cost=`)', labels: COST_LABELS },
  { path: '/referral-types', operationId: 'listReferralTypes', summary: 'Whether a family needs a referral (`referral=`)', labels: REFERRAL_LABELS },
  { path: '/waiting-times', operationId: 'listWaitingTimes', summary: 'Indicative waiting times before a first appointment', labels: WAITING_LABELS },
  { path: '/accepting-new', operationId: 'listAcceptingNew', summary: 'Whether an offer takes new families (`accepting_new` on offers)', labels: ACCEPTING_NEW_LABELS },
  { path: '/access-needs', operationId: 'listAccessNeeds', summary: 'Access needs an offer can meet (`access=`)', labels: ACCESS_LABELS }
] as const
