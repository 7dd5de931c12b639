/**
 * French business document templates (e-mails, contracts, HR notes, support tickets, invoices,
 * CRM notes). Each template plants generated values through `DocBuilder.e`, which records the
 * exact span of every value, so gold offsets cannot drift from the text.
 */
import type { Faker } from '@faker-js/faker';
import type { ValueFactory } from './values.ts';

/** Entity types the corpus annotates (names from shared/design/TAXONOMY.md). */
export type CorpusEntityType =
  | 'PERSON'
  | 'EMAIL'
  | 'PHONE'
  | 'IBAN'
  | 'CREDIT_CARD'
  | 'FR_NIR'
  | 'FR_SIREN'
  | 'FR_SIRET'
  | 'FR_VAT'
  | 'LICENSE_PLATE'
  | 'ADDRESS'
  | 'DATE_OF_BIRTH';

export interface CorpusSpan {
  type: CorpusEntityType;
  start: number;
  end: number;
  value: string;
}

export class DocBuilder {
  private text = '';
  private readonly spans: CorpusSpan[] = [];

  /** Plain text. */
  t(text: string): this {
    this.text += text;
    return this;
  }

  /** An annotated value. */
  e(type: CorpusEntityType, value: string): this {
    this.spans.push({ type, start: this.text.length, end: this.text.length + value.length, value });
    this.text += value;
    return this;
  }

  /** A person written as "Prénom Nom"; an optional title stays outside the gold span. */
  name(p: { first: string; last: string }, title?: string): this {
    if (title) this.t(`${title} `);
    return this.e('PERSON', `${p.first} ${p.last}`);
  }

  build(): { text: string; spans: CorpusSpan[] } {
    return { text: this.text, spans: [...this.spans] };
  }
}

export interface Template {
  kind: 'email' | 'contract' | 'hr-note' | 'support' | 'invoice' | 'crm-note' | 'letter';
  build(v: ValueFactory, f: Faker): DocBuilder;
}

export const TEMPLATES: readonly Template[] = [
  {
    kind: 'email',
    build(v, f) {
      const sender = v.person();
      const client = v.person();
      return new DocBuilder()
        .t(`Objet : Mise à jour de votre dossier\n\nBonjour ${client.sex === 'M' ? 'Monsieur' : 'Madame'} `)
        .e('PERSON', client.last)
        .t(',\n\nSuite à notre échange téléphonique, je vous confirme que vos nouvelles coordonnées bancaires (IBAN ')
        .e('IBAN', v.iban())
        .t(') ont bien été enregistrées. Vous pouvez me joindre au ')
        .e('PHONE', v.phone())
        .t(' ou par courriel à ')
        .e('EMAIL', v.email(sender.first, sender.last))
        .t(` pour toute question.\n\nBien cordialement,\n`)
        .name(sender)
        .t(`\n${f.person.jobTitle()}`);
    },
  },
  {
    kind: 'email',
    build(v) {
      const a = v.person();
      const b = v.person();
      return new DocBuilder()
        .t('Salut ')
        .e('PERSON', a.first)
        .t(",\n\nPeux-tu rappeler ")
        .name(b, v.title(b.sex))
        .t(' avant vendredi ? Son portable : ')
        .e('PHONE', v.phone())
        .t(', son mail perso : ')
        .e('EMAIL', v.email(b.first, b.last))
        .t(`. Il faut lui renvoyer le devis ${v.reference('DEV')} signé.\n\nMerci !`);
    },
  },
  {
    kind: 'contract',
    build(v, f) {
      const siren = v.sirenDigits();
      const boss = v.person();
      return new DocBuilder()
        .t(`ENTRE LES SOUSSIGNÉS :\n\nLa société ${f.company.name()}, société par actions simplifiée au capital de ${v.amount()}, immatriculée au RCS sous le numéro `)
        .e('FR_SIREN', v.formatSiren(siren))
        .t(', dont le siège social est situé ')
        .e('ADDRESS', v.address())
        .t(', représentée par ')
        .name(boss, v.title(boss.sex))
        .t(' en sa qualité de Président,\n\nci-après dénommée « le Prestataire »,\n\nNuméro de TVA intracommunautaire : ')
        .e('FR_VAT', v.frVat(siren))
        .t(`\n\nArticle 1 – Objet\nLe présent contrat, prenant effet le ${v.eventDate()}, a pour objet la fourniture de prestations de conseil.`);
    },
  },
  {
    kind: 'contract',
    build(v, f) {
      const siren = v.sirenDigits();
      const siret = v.siretDigits(siren);
      const signer = v.person();
      return new DocBuilder()
        .t(`Contrat de prestation n° ${v.reference('CTR')}\n\nLe client : ${f.company.name()}, SIRET `)
        .e('FR_SIRET', v.formatSiret(siret))
        .t(', établissement situé au ')
        .e('ADDRESS', v.address())
        .t('.\nSignataire : ')
        .name(signer)
        .t(', joignable au ')
        .e('PHONE', v.phone())
        .t('.\nMontant total HT : ')
        .t(v.amount())
        .t(', payable par virement sur le compte ')
        .e('IBAN', v.iban('FR'))
        .t(' sous trente jours.');
    },
  },
  {
    kind: 'hr-note',
    build(v) {
      const emp = v.person();
      const manager = v.person();
      return new DocBuilder()
        .t('Note RH – dossier salarié (confidentiel)\n\nSalarié : ')
        .name(emp)
        .t('\nNé' + (emp.sex === 'F' ? 'e' : '') + ' le ')
        .e('DATE_OF_BIRTH', v.birthDate())
        .t('\nN° de sécurité sociale : ')
        .e('FR_NIR', v.nir(emp.sex))
        .t('\nAdresse : ')
        .e('ADDRESS', v.address())
        .t('\nIBAN pour le versement du salaire : ')
        .e('IBAN', v.iban('FR'))
        .t(`\nEntretien annuel prévu le ${v.eventDate()} avec `)
        .name(manager, v.title(manager.sex))
        .t('.');
    },
  },
  {
    kind: 'hr-note',
    build(v) {
      const emp = v.person();
      return new DocBuilder()
        .t('Pour l’affiliation à la mutuelle, merci de transmettre : nom et prénom (')
        .name(emp)
        .t('), date de naissance (')
        .e('DATE_OF_BIRTH', v.birthDate())
        .t('), numéro de sécurité sociale (')
        .e('FR_NIR', v.nir(emp.sex))
        .t(') et un numéro de téléphone (')
        .e('PHONE', v.phone())
        .t(`). Le dossier ${v.reference('RH')} sera clos le ${v.eventDate()}.`);
    },
  },
  {
    kind: 'support',
    build(v) {
      const c = v.person();
      return new DocBuilder()
        .t(`Ticket ${v.reference('INC')} – priorité haute\n\nLe client `)
        .name(c, v.title(c.sex))
        .t(' signale un double prélèvement sur sa carte ')
        .e('CREDIT_CARD', v.card())
        .t(' le ')
        .t(v.eventDate())
        .t('. Merci de le recontacter par e-mail (')
        .e('EMAIL', v.email(c.first, c.last))
        .t(') plutôt que par téléphone.');
    },
  },
  {
    kind: 'support',
    build(v) {
      const c = v.person();
      return new DocBuilder()
        .t('Bonjour, je n’arrive plus à me connecter à mon espace client. Mon adresse est ')
        .e('EMAIL', v.email(c.first, c.last))
        .t(' et mon numéro est le ')
        .e('PHONE', v.phone())
        .t('. Pouvez-vous vérifier ? Cordialement, ')
        .name(c);
    },
  },
  {
    kind: 'invoice',
    build(v, f) {
      const siren = v.sirenDigits();
      const siret = v.siretDigits(siren);
      return new DocBuilder()
        .t(`FACTURE ${v.reference('FAC')}\n${f.company.name()}\n`)
        .e('ADDRESS', v.address(true))
        .t('\nSIRET : ')
        .e('FR_SIRET', v.formatSiret(siret))
        .t(' – TVA : ')
        .e('FR_VAT', v.frVat(siren))
        .t(`\nDate d’émission : ${v.eventDate()}\nTotal TTC : ${v.amount()}\nRèglement par virement : `)
        .e('IBAN', v.iban())
        .t('\nEn cas de retard, une pénalité de 3 fois le taux d’intérêt légal sera appliquée.');
    },
  },
  {
    kind: 'crm-note',
    build(v, f) {
      const p = v.person();
      const siren = v.sirenDigits();
      return new DocBuilder()
        .t('Compte rendu RDV commercial : rencontré ')
        .name(p)
        .t(` (${f.person.jobTitle()}) chez ${f.company.name()} (SIREN `)
        .e('FR_SIREN', v.formatSiren(siren))
        .t('). Intéressé par l’offre Premium, budget ')
        .t(v.amount())
        .t('. Relancer au ')
        .e('PHONE', v.phone())
        .t(` d’ici le ${v.eventDate()}.`);
    },
  },
  {
    kind: 'letter',
    build(v) {
      const p = v.person();
      return new DocBuilder()
        .name(p)
        .t('\n')
        .e('ADDRESS', v.address(true))
        .t('\nTél. ')
        .e('PHONE', v.phone())
        .t('\n\nObjet : résiliation du contrat d’assurance automobile\n\nMadame, Monsieur,\n\nJe vous prie de bien vouloir résilier le contrat couvrant le véhicule immatriculé ')
        .e('LICENSE_PLATE', v.plate())
        .t(` à compter du ${v.eventDate()}. Les éventuels remboursements pourront être versés sur mon compte `)
        .e('IBAN', v.iban())
        .t('.\n\nVeuillez agréer mes salutations distinguées.');
    },
  },
  {
    kind: 'crm-note',
    build(v) {
      const p = v.person();
      return new DocBuilder()
        .t('Sinistre déclaré par ')
        .name(p, v.title(p.sex))
        .t(p.sex === 'F' ? ' (née le ' : ' (né le ')
        .e('DATE_OF_BIRTH', v.birthDate())
        .t(' selon la pièce d’identité) : accrochage sur parking, véhicule ')
        .e('LICENSE_PLATE', v.plate())
        .t('. Franchise de 300 €, dossier ')
        .t(v.reference('SIN'))
        .t('.');
    },
  },
  {
    kind: 'email',
    build(v) {
      const p = v.person();
      return new DocBuilder()
        .t('Pour finaliser la commande, voici ma carte : ')
        .e('CREDIT_CARD', v.card())
        .t(', expiration 09/27. Livraison à ')
        .e('ADDRESS', v.address())
        .t(', au nom de ')
        .name(p)
        .t('. Merci de confirmer à ')
        .e('EMAIL', v.email(p.first, p.last))
        .t('.');
    },
  },
  {
    kind: 'hr-note',
    build(v) {
      const p = v.person();
      const rh = v.person();
      return new DocBuilder()
        .t('Attestation employeur : nous certifions que ')
        .name(p, v.title(p.sex))
        .t(', ' + (p.sex === 'F' ? 'née' : 'né') + ' le ')
        .e('DATE_OF_BIRTH', v.birthDate())
        .t(', immatriculé' + (p.sex === 'F' ? 'e' : '') + ' sous le numéro ')
        .e('FR_NIR', v.nir(p.sex))
        .t(`, est employé${p.sex === 'F' ? 'e' : ''} en CDI depuis le ${v.eventDate()}. Fait pour servir et valoir ce que de droit. Contact RH : `)
        .name(rh)
        .t(', ')
        .e('EMAIL', v.email(rh.first, rh.last))
        .t('.');
    },
  },
  {
    kind: 'support',
    build(v) {
      return new DocBuilder()
        .t(`Rappel : la réunion de suivi du projet est fixée au ${v.eventDate()} à 14 h 30, salle 3.12. Ordre du jour : budget (${v.amount()}), planning, risques. Référence du marché : ${v.reference('MAR')}.`);
    },
  },
];
