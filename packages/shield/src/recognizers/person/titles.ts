/**
 * Hand-written French and English vocabulary around names: courtesy titles, role nouns,
 * name particles, greetings, and capitalised words that are never a person on their own.
 * General language knowledge only; nothing here is a name taken from the evaluation data.
 */

/**
 * Courtesy titles, matched case-sensitively on the token text. `dot`: whether a following
 * period is part of the title ("M." must have it, "Dr" may, "Mme" usually has none).
 * `plural`: the title introduces a list ("MM. Bratt et Södergren").
 */
export interface TitleSpec {
  dot: 'required' | 'optional';
  plural?: boolean;
  /** "Me" (maître) is a title in French only; in English it is the pronoun ("Carry Me Back"). */
  frenchOnly?: boolean;
}

export const COURTESY_TITLES: ReadonlyMap<string, TitleSpec> = new Map<string, TitleSpec>([
  ['M', { dot: 'required' }],
  ['MM', { dot: 'required', plural: true }],
  ['Mme', { dot: 'optional' }],
  ['Mmes', { dot: 'optional', plural: true }],
  ['Mlle', { dot: 'optional' }],
  ['Mlles', { dot: 'optional', plural: true }],
  ['Me', { dot: 'optional', frenchOnly: true }],
  ['Mes', { dot: 'optional', plural: true, frenchOnly: true }],
  ['Dr', { dot: 'optional' }],
  ['Drs', { dot: 'optional', plural: true }],
  ['Pr', { dot: 'optional' }],
  ['Prof', { dot: 'optional' }],
  ['Mr', { dot: 'optional' }],
  ['Mrs', { dot: 'optional' }],
  ['Ms', { dot: 'optional' }],
  ['Mx', { dot: 'optional' }],
  ['Messrs', { dot: 'optional', plural: true }],
  ['Monsieur', { dot: 'optional' }],
  ['Madame', { dot: 'optional' }],
  ['Mademoiselle', { dot: 'optional' }],
  ['Messieurs', { dot: 'optional', plural: true }],
  ['Mesdames', { dot: 'optional', plural: true }],
  ['Maître', { dot: 'optional' }],
  ['Maitre', { dot: 'optional' }],
  ['Docteur', { dot: 'optional' }],
  ['Professeur', { dot: 'optional' }],
  ['Sir', { dot: 'optional' }],
  ['Lord', { dot: 'optional' }],
  ['Lady', { dot: 'optional' }],
  ['Dame', { dot: 'optional' }],
  ['Miss', { dot: 'optional' }],
  ['Mister', { dot: 'optional' }],
  ['Madam', { dot: 'optional' }],
  ['Doctor', { dot: 'optional' }],
  ['Professor', { dot: 'optional' }],
]);

/** Glued title + initial as OCR'd judgments print them: "MmeE. Jagander", "MM.G. Schäder". */
export const GLUED_TITLE_PREFIXES: readonly string[] = ['Mmes', 'Mme', 'MM', 'Mlle', 'M'];

/**
 * Role nouns written in lower case before a name ("le juge Clarke", "capitaine J.",
 * "à monsieur Dupont"). Weaker than a courtesy title: the name must be capitalised.
 */
export const ROLE_NOUNS: ReadonlySet<string> = new Set([
  'monsieur',
  'madame',
  'mademoiselle',
  'maître',
  'maitre',
  'docteur',
  'professeur',
  'juge',
  'judge',
  'capitaine',
  'caporal',
  'sergent',
  'lieutenant',
  'colonel',
  'commandant',
  'adjudant',
  'brigadier',
  'gendarme',
  'inspecteur',
  'commissaire',
  'abbé',
  'père',
  'sœur',
  'frère',
  'cardinal',
  'pasteur',
  'rabbin',
  'imam',
  'dr',
]);

/** Lower-case words that join two titles into one span: "M. et Mme Robins". */
export const TITLE_JOINERS: ReadonlySet<string> = new Set(['et', 'and', '&']);

/** Lower-case name particles, kept inside a name when a capitalised part follows. */
export const LOWER_PARTICLES: ReadonlySet<string> = new Set([
  'de', 'du', 'des', "d'", 'd’', 'van', 'von', 'der', 'den', 'ter', 'ten', 'di', 'da', 'do', 'dos', 'das',
  'del', 'della', 'le', 'la', 'al', 'el', 'bin', 'ben', 'ibn', 'y', 'of', 'zu', 'vom',
]);

/** Capitalised particles: part of a name only inside one ("J. De Meyer", "Dean De La Cruz"). */
export const CAPITALIZED_PARTICLES: ReadonlySet<string> = new Set([
  'de', 'du', 'des', 'van', 'von', 'der', 'den', 'di', 'da', 'del', 'della', 'le', 'la', 'mac', 'mc', 'ter', 'dos', 'al', 'el',
]);

/** Words after which a capitalised word is addressed or signed: a person. */
export const GREETINGS: ReadonlySet<string> = new Set([
  'bonjour', 'bonsoir', 'salut', 'coucou', 'cher', 'chère', 'chers', 'chères', 'merci', 'signé', 'signée',
  'hello', 'hi', 'hey', 'dear', 'thanks', 'signed', 'regards', 'cordialement', 'amitiés', 'bises',
]);

/** Capitalised words that follow a greeting without being a name. */
export const GREETING_TARGETS_NOT_NAMES: ReadonlySet<string> = new Set([
  'all', 'everyone', 'everybody', 'team', 'there', 'guys', 'folks', 'tous', 'toutes', 'tout', 'à',
  'équipe', 'collègue', 'collègues', 'ami', 'amie', 'amis', 'client', 'cliente', 'partenaire',
  'sir', 'madam', 'monsieur', 'madame', 'mademoiselle', 'messieurs', 'mesdames', 'again', 'beaucoup',
]);

/**
 * Capitalised words that are never a person's name part, even after a title or next to a
 * first name: institutions, legal and administrative nouns, headings, function words that
 * start sentences. Lower-case.
 */
export const NEVER_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'le la les l un une des du de au aux ce cet cette ces il elle ils elles on nous vous je tu leur ' +
    'mon ma mes son sa ses notre nos votre vos qui que quoi dont où quand si mais ou et donc or ni car ' +
    'the a an this that these those he she it we they you i my his her our your their and or but if when ' +
    'cour court commission convention gouvernement government état etat république republic article ' +
    'articles protocole protocol règlement chambre chamber grande section tribunal conseil council ministère ' +
    'ministry ministre minister président president procureur parlement parliament assemblée sénat senate ' +
    'loi code décret arrêt affaire requête requérant requérante requérants partie parties cedh echr ' +
    'union européenne européen europe nations unies united kingdom royaume uni house lords office ' +
    'foreign commonwealth department police gendarmerie préfecture mairie ville région département ' +
    'société company inc ltd sarl sas sa gmbh université university école school hôpital hospital banque bank ' +
    'saint sainte st ste notre rue avenue boulevard place street road chemin allée ' +
    'monde fait faits droit droits procédure procedure en circonstances espèce question questions ' +
    'dieu god internet google microsoft apple amazon facebook ' +
    'objet subject re tr fw fwd cc pj note nb ps annexe ' +
    // Form field labels: "Name: Toshimi Arata Phone: …"
    'name nom prénom prenom phone téléphone tel tél mobile fax email e-mail mail address adresse date ' +
    'website site company entreprise title titre ' +
    [...streetAndOrganisationWords()].join(' ')
  ).split(' '),
);

/** Capitalised words naming streets or organisations: a name-like body before one is a place or a company. */
function streetAndOrganisationWords(): string[] {
  return (
    'street road avenue lane drive boulevard way terrace pass parks park court square place plaza crescent ' +
    'highway route extension extensions mews gardens' +
    ' inc llc ltd limited corp corporation company co group holdings partners associates capital investments ' +
    'consulting technologies technology solutions services systems bank orchestra foundation institute ' +
    'associates agency studio studios records media markets labs ventures industries international sons brothers'
  ).split(' ');
}

/** Same, as a Set: the word right after a candidate name that disqualifies it. */
export const STREET_OR_ORGANISATION_WORDS: ReadonlySet<string> = new Set(streetAndOrganisationWords());

/** Lower-case words right after a company name ("Ferranti plc") or right before one ("la société X"). */
export const ORGANISATION_MARKERS: ReadonlySet<string> = new Set(
  'plc ltd inc llc sa sas sasu sarl eurl gmbh ag spa bv nv société sociétés entreprise groupe company firm journal quotidien hebdomadaire'.split(' '),
);

/** Prepositions after which a lone capitalised word is usually a place ("vit à Bradford", "in Lund"). */
export const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set('à a en au aux dans vers near in at from to into'.split(' '));

/** Lower-case words before a street name ("12 rue Victor Hugo"). */
export const STREET_PREFIXES: ReadonlySet<string> = new Set(
  'rue avenue av bd boulevard allée allee chemin impasse quai place square cours route via calle rua ul u utca str'.split(' '),
);

/**
 * Words right before a name that introduce it: "My name is X", "Name: X", "je m'appelle X",
 * "named X". After one, capitalised words are a name even when no dictionary knows them.
 */
export const NAME_CUES: ReadonlySet<string> = new Set(
  'name nom prénom prenom appelle appelait appelée appelé called named i\'m i’m signed signé signée'.split(' '),
);

/**
 * Common French and English words that are also first names or surnames ("Rose", "Pierre",
 * "Grace", "Will"): alone, they need a title, a neighbouring name or a greeting.
 */
export const AMBIGUOUS_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'rose pierre claire marine grace hope faith joy will mark bill frank jack page grant may june april ' +
    'august summer autumn dawn rich guy art don pat sue ray rob gay rusty sandy iris ivy lily daisy violet ' +
    'ruby amber crystal jade pearl paris florence justice constance prudence patience clément clement ' +
    'constant fidèle aimé désiré modeste honoré aurore avril france blanche olive colombe ange sage océane ' +
    'victoire espérance charité liberté fleur prairie bonheur félicité gloire reine roi prince princess ' +
    'king queen baker smith cook miller taylor carter hunter fisher mason porter turner walker young long ' +
    'brown white black green gray grey bell hall wood stone hill lane ford bush cross bishop major ' +
    'christian martial noël ' +
    'lundi mardi mercredi jeudi vendredi samedi dimanche ' +
    // Function words and common nouns that some locales list as first names.
    'can said tea line job nova urban miles max lee al bo dale dean earl glen jay melody mira sunny ' +
    'summer winter storm river sky star honey happy lucky precious sterling'
  ).split(' '),
);

/** Words that end a firm's name after "&" or "et" ("Martin & Fils", "Durand et Cie"): never a person. */
export const FIRM_SUFFIXES: ReadonlySet<string> = new Set([
  'fils', 'frères', 'freres', 'cie', 'compagnie', 'associés', 'associes', 'associées', 'associees',
  'sons', 'brothers', 'partners', 'associates', 'co', 'company',
]);
