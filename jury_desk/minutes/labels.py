"""The PV's words in French and English, and how it writes numbers, dates and times.

The GUI translates with Qt Linguist; the PV is drawn Qt-free, so its few labels live here
(the words for codes, shared with the GUI, in ``core/words.py``).
Formatting never depends on the machine's locale or timezone: the same minutes.json must
give the same PDF bytes anywhere (the verifier re-renders and compares).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

from jury_desk.core.eligibility import CHECK_BUSINESS_CASES, CHECK_ECTS, EligibilityCheck
from jury_desk.core.numbers import format_score
from jury_desk.core.scoring import format_number
from jury_desk.core.words import (
    CONFLICT_LABELS_EN,
    CONFLICT_LABELS_FR,
    DECISION_LABELS_EN,
    DECISION_LABELS_FR,
    MENTION_LABELS_EN,
    MENTION_LABELS_FR,
)

FR: dict[str, str] = {
    "title": "Procès-verbal de délibération du jury",
    "kind.admission": "Jury d'admission",
    "kind.graduation": "Jury de délivrance du diplôme",
    "programme.bachelor": "Bachelor (bac+3)",
    "programme.master": "Master (bac+5)",
    "double_degree": "Double diplôme {a} – {b}",
    "date": "Date",
    "place": "Lieu",
    "bundle": "Dossier de session",
    "bundle.value": "{id}, version {seq}",
    "generated": "Procès-verbal établi le",
    "opened": "Ouverture de la séance",
    "closed": "Clôture de la séance",
    "times.zone": "Heures indiquées en heure locale ({zone}, {offset}).",
    "visas.head": "Le jury,",
    "visas.then": "a délibéré et arrêté les décisions suivantes.",
    "sec.results": "Résultats",
    "results.admitted": "Admis ({n}), par note globale décroissante",
    "results.waitlist": "Liste d'attente ({n}), classée",
    "results.awarded": "Diplômés ({n}), par note globale décroissante",
    "results.tiebreak": "Classement par note globale décroissante ; à égalité, passe devant "
    "le dossier dont la plus basse des deux moyennes d'établissement est la plus haute, puis "
    "l'ordre des numéros de dossier.",
    "early": "Révélation anticipée",
    "early.value": "notes révélées par {name} à {time}, avant que toutes les fiches attendues "
    "soient scellées ; décision prise sur {sheets} fiche(s)",
    "deviation": "Écart aux règles",
    "deviation.value": "le jury a décidé « {decision} » là où les règles proposaient "
    "« {proposal} »",
    "appeals.head": "Voies et délais de recours",
    "done_at": "Fait à {place}, le {date}.",
    "times": "Heures indiquées en {offset}.",
    "demo": "SESSION DE DÉMONSTRATION — SANS VALEUR OFFICIELLE",
    "simulation": "Simulation — aucune valeur officielle",
    "supersedes": "Ce procès-verbal remplace le précédent (chaîne d'audit {head}). "
    "Motif : {reason}",
    "attachment": "Le fichier minutes.json joint à ce PDF en est la version lisible par machine ; "
    "il fait foi avec ce document.",
    "sec.jury": "1. Composition du jury et présence",
    "col.key": "Réf.",
    "col.member": "Membre",
    "col.institution": "Établissement",
    "col.roles": "Rôles",
    "col.presence": "Présence",
    "role.chair": "Président du jury",
    "role.member": "membre",
    "role.signer": "signataire",
    "until_close": "clôture",
    "absent": "absent·e",
    "quorum": "Quorum requis par établissement : {items}.",
    "keys.pinned": "Journal signé : chaque acte est signé par la clé de son auteur, fixée par "
    "la scolarité dans le dossier signé. Empreintes (SHA-256) des clés :",
    "keys.room": "Journal signé : chaque acte est signé par la clé de son auteur. Ces clés ont "
    "été créées en salle à la première connexion et ne sont pas fixées par la scolarité. "
    "Empreintes (SHA-256) des clés :",
    # Where the reveal key came from (minutes.reveal_key), as ``audit verify`` says it.
    "reveal_key.pinned": "Clé d'ouverture des plis : épinglée par le dossier signé de la "
    "scolarité, faite avec la clé du président hors de la salle. Jusqu'à l'ouverture des "
    "plis, elle seule pouvait lire les feuilles scellées.",
    "reveal_key.room": "Clé d'ouverture des plis : faite dans la salle à l'enregistrement du "
    "président, non épinglée par le dossier signé de la scolarité. Jusqu'à l'ouverture des "
    "plis, elle seule pouvait lire les feuilles scellées.",
    "reveal_key.absent": "Clé d'ouverture des plis : aucune n'a été faite.",
    "reveal_key.unsigned": "Clé d'ouverture des plis : aucune (journal non signé, format 1) ; "
    "les feuilles scellées étaient en clair dans le fichier de séance.",
    "sec.conflicts": "2. Conflits d'intérêts",
    "conflicts.none": "Aucun conflit d'intérêts déclaré.",
    "conflicts.rule": "Un membre en conflit n'a ni noté le dossier concerné, ni vu ses notes, "
    "ni approuvé la décision.",
    "col.candidate": "Candidat·e",
    "col.category": "Catégorie",
    "col.source": "Origine",
    "col.note": "Observation",
    "see_below": "voir ({n}) ci-dessous",
    "source.bundle": "dossier",
    "source.room": "séance",
    "sec.rules": "3. Règles appliquées",
    "rubric": "Grille d'évaluation : notes de {min} à {max} par pas de {step}.",
    "col.criterion": "Critère",
    "col.weight": "Coefficient",
    "rule.total": "Total d'un membre : moyenne pondérée de ses notes, sur 20. Moyenne d'un "
    "établissement : moyenne des totaux de ses membres. Note globale : moyenne des deux "
    "moyennes d'établissement, chaque établissement pesant autant.",
    "rule.flags": "Alerte si l'écart entre les moyennes d'établissement dépasse {gap} ou si "
    "l'écart entre totaux de membres dépasse {spread} ; un dossier signalé est discuté "
    "avant toute proposition.",
    "rule.admission": "Proposition : admission si la note globale atteint {admit} et chaque "
    "moyenne d'établissement atteint {floor} ; liste d'attente à partir de {waitlist} ; "
    "refus en deçà.",
    "rule.scholarship": "Objectif de boursiers parmi les admis : {target}.",
    "rule.graduation": "Conditions du diplôme : {ects} ECTS, {cases} business cases par année "
    "sur {years} an(s){placement}. Proposition : diplôme si les conditions sont remplies et "
    "la note globale atteint {pass_mark} ; refus en deçà de {refuse} ; ajournement sinon. "
    "Mentions : assez bien dès {ab}, bien dès {b}, très bien dès {tb}.",
    "rule.placement": ", stage ou apprentissage validé",
    "rule.diploma": "Moyenne générale (qui remplace la note globale dans la proposition) : "
    "moyenne des unités pondérées par {weighting}, au millième, arrondi au plus proche (demi "
    "vers le haut). L'unité {jury} est notée par le jury : sa note est la note globale "
    "(moyenne des deux moyennes d'établissement). Une unité sous sa note minimale n'est pas "
    "compensée. Points de jury : au plus {points}, motivés. Cas limite : moins de {margin} "
    "sous une note ou une seule condition manquante. Unités : {units}.",
    "rule.diploma.transcript": "Moyenne générale (qui remplace la note globale dans la "
    "proposition) : moyenne des unités du relevé de notes pondérées par {weighting}, au "
    "millième, arrondi au plus proche (demi vers le haut) ; aucune unité n'est notée par le "
    "jury. Une unité sous sa note minimale n'est pas compensée. Points de jury : au plus "
    "{points}, motivés. Cas limite : moins de {margin} sous une note ou une seule condition "
    "manquante. Unités : {units}.",
    "weighting.ects": "leurs ECTS",
    "weighting.coefficient": "leurs coefficients",
    "unit.minimum": "min. {minimum}",
    "graduates.by_mention": "Diplômés, par mention (moyenne générale décroissante)",
    "graduates.no_mention": "Sans mention",
    "graduates.ajournes": "Ajournés, et ce qui manque",
    "graduates.refused": "Refusés",
    "graduates.none": "aucun",
    "missing.ungraded": "{unit} non notée",
    "missing.minimum": "{unit} sous sa note minimale",
    "missing.average": "moyenne sous {mark}",
    "rule.approvals": "Une décision n'est définitive qu'avec l'approbation de membres "
    "présents et sans conflit de chaque établissement : {items}.",
    "sec.decisions": "4. Décisions",
    "col.id": "N°",
    "col.mean": "Moy. {code}",
    "col.overall": "Note globale",
    "col.jury_unit": "Note {code} (jury)",
    "col.flags": "Alertes",
    "col.decision": "Décision",
    "col.approved": "Approuvé par",
    "flag.institution-gap": "écart étab.",
    "flag.member-spread": "écart membres",
    "flag.requirements": "conditions manquantes",
    "decisions.legend": "* Décision du jury différente de la proposition des règles ; "
    "la justification figure en section 5.",
    "decisions.legend.points": "† Points de jury donnés dans la limite des règles : la décision "
    "est celle des règles sur la moyenne relevée (section 5).",
    "renvoi.title": "Candidats non délibérés — renvoyés",
    "renvoi.intro": "Un établissement n'avait pas assez de membres présents et sans conflit "
    "pour délibérer ces candidats : le jury les renvoie, sans décision sur le fond, avec "
    "l'approbation des établissements qui le pouvaient encore.",
    "col.reason": "Motif du renvoi",
    "col.unable": "Sans membre éligible présent",
    "sec.details": "5. Dossiers signalés, discussions et décisions motivées",
    "details.none": "Aucun dossier signalé, discuté ou décidé hors des règles.",
    "totals": "Totaux {code}",
    "proposal": "Proposition des règles",
    "reasons": "Motifs de la proposition",
    "diploma.average": "Moyenne générale",
    "diploma.average.value": "{average} sur 20 ({ects} ECTS pondérés)",
    "diploma.units": "Unités (note × poids)",
    "diploma.ungraded": "non notée",
    "diploma.jury": "jury",
    "diploma.points": "Points de jury",
    "diploma.points.value": "{points} : moyenne {before} portée à {after}",
    "points.rules": "Après points de jury",
    "points.rules.value": "« {decision} » sur la moyenne portée à {after} : des points de jury "
    "donnés dans la limite des règles ({max} au plus, section 3) ne sont pas un écart aux "
    "règles",
    "decision": "Décision",
    "justification": "Justification",
    "notes": "Discussion",
    "revisions": "Révisions",
    "revision": "{member} à {time} : {old} → {new} ({reason})",
    "eligibility": "Conditions du diplôme",
    "met": "remplie",
    "missing": "non remplie",
    "mention": "mention {mention}",
    "sec.stats": "6. Statistiques",
    "stats.decisions": "Décisions",
    "stats.renvoi": "non délibérés — renvoyés",
    "stats.scholarship": "Boursiers parmi les admis : {holders} sur {admitted}, soit {share} "
    "(objectif {target}) — {verdict}.",
    "stats.scholarship.none": "Aucun admis : la part de boursiers n'est pas définie "
    "(objectif {target}).",
    "stats.met": "objectif atteint",
    "stats.unmet": "objectif non atteint",
    "stats.eligibility": "Candidats remplissant toutes les conditions du diplôme : {eligible} "
    "sur {total}.",
    "stats.missing": "Condition « {name} » non remplie : {count} candidat(s).",
    "check.ects": "ECTS",
    "check.business-cases": "business cases",
    "check.placement": "stage ou apprentissage",
    "elig.ects.required": "{n} ECTS",
    "elig.ects.actual": "{n} ECTS validés",
    "elig.cases.required": "{total} business cases ({per_year} par année × {years})",
    "elig.cases.actual": "{total} business cases ({breakdown})",
    "elig.cases.year": "année {year} : {count}",
    "elig.placement.required": "stage ou apprentissage validé",
    "elig.placement.actual": "{kind}{where} : {status}",
    "elig.placement.where": " chez {organisation}",
    "elig.placement.none": "aucun stage ni apprentissage enregistré",
    "placement.internship": "stage",
    "placement.apprenticeship": "apprentissage",
    "placement.validated": "validé",
    "placement.in_progress": "en cours",
    "placement.not_validated": "non validé",
    "placement.missing": "manquant",
    "sec.signatures": "7. Signatures",
    "sign.for": "Pour {institution}",
    "sign.by": "{name}, signataire",
    "sign.chair": "Le président du jury",
    "sign.chair.for": "Le président du jury, signataire pour {institution}",
    "sign.by.chair": "{name}",
    "sign.cert": "Certificat SHA-256 :",
    "sign.note": "Signatures électroniques PAdES apposées sur ce document : celle du président "
    "du jury et une par établissement. "
    "Vérification : « jury-desk minutes verify » ou le panneau des signatures d'un lecteur PDF.",
    "sign.note.institutions": "Signatures électroniques PAdES apposées sur ce document : une "
    "par établissement. Le président du jury ne signe pas : le dossier de la session, signé "
    "avant que le président ne signe les procès-verbaux, ne déclare pas son certificat. "
    "Vérification : « jury-desk minutes verify » ou le panneau des signatures d'un lecteur PDF.",
    "footer.audit": "Chaîne d'audit :",
    "footer.audit.unsigned": "Chaîne d'audit (journal non signé, format 1) :",
    "footer.audit.signed": "Chaîne d'audit (journal signé, format 2) :",
    "footer.bundle": "Dossier SHA-256 :",
    "footer.page": "Page {n} / {total}",
    "watermark": "DÉMO",
    "watermark.simulation": "SIMULATION",
}

EN: dict[str, str] = {
    "title": "Minutes of the jury deliberation",
    "kind.admission": "Admission jury",
    "kind.graduation": "Degree-awarding jury",
    "programme.bachelor": "Bachelor (3 years)",
    "programme.master": "Master (5 years)",
    "double_degree": "Double degree {a} – {b}",
    "date": "Date",
    "place": "Place",
    "bundle": "Session bundle",
    "bundle.value": "{id}, version {seq}",
    "generated": "Minutes drawn up on",
    "opened": "Session opened",
    "closed": "Session closed",
    "times.zone": "Times are local ({zone}, {offset}).",
    "visas.head": "The jury,",
    "visas.then": "deliberated and made the following decisions.",
    "sec.results": "Results",
    "results.admitted": "Admitted ({n}), overall score highest first",
    "results.waitlist": "Waiting list ({n}), ranked",
    "results.awarded": "Graduates ({n}), overall score highest first",
    "results.tiebreak": "Ranked by overall score, highest first; on a tie, the candidate whose "
    "lower institution mean is higher goes first, then by file number.",
    "early": "Early reveal",
    "early.value": "scores revealed by {name} at {time}, before every expected sheet was "
    "sealed; decided on {sheets} sheet(s)",
    "deviation": "Departure from the rules",
    "deviation.value": "the jury decided “{decision}” where the rules proposed “{proposal}”",
    "appeals.head": "Appeal routes and deadlines",
    "done_at": "Done at {place}, on {date}.",
    "times": "Times are given in {offset}.",
    "demo": "DEMONSTRATION SESSION — NOT AN OFFICIAL RECORD",
    "simulation": "Simulation — no official value",
    "supersedes": "These minutes supersede the previous ones (audit chain {head}). "
    "Reason: {reason}",
    "attachment": "The minutes.json file attached to this PDF is its machine-readable version "
    "and is authoritative together with this document.",
    "sec.jury": "1. Jury and attendance",
    "col.key": "Ref.",
    "col.member": "Member",
    "col.institution": "Institution",
    "col.roles": "Roles",
    "col.presence": "Attendance",
    "role.chair": "chair",
    "role.member": "member",
    "role.signer": "signer",
    "until_close": "close",
    "absent": "absent",
    "quorum": "Quorum required per institution: {items}.",
    "keys.pinned": "Signed log: each act is signed by its author's key, pinned by the "
    "secretariat in the signed bundle. Key fingerprints (SHA-256):",
    "keys.room": "Signed log: each act is signed by its author's key. These keys were made in "
    "the room at each member's first sign-in and are not pinned by the secretariat. Key "
    "fingerprints (SHA-256):",
    "reveal_key.pinned": "Reveal key: pinned by the secretariat's signed bundle, made with the "
    "chair's key outside the room. Until the reveal, it alone could read the sealed sheets.",
    "reveal_key.room": "Reveal key: made in the room at the chair's registration, not pinned "
    "by the secretariat's signed bundle. Until the reveal, it alone could read the sealed "
    "sheets.",
    "reveal_key.absent": "Reveal key: none was made.",
    "reveal_key.unsigned": "Reveal key: none (unsigned log, format 1); the sealed sheets were "
    "in clear in the session file.",
    "sec.conflicts": "2. Conflicts of interest",
    "conflicts.none": "No conflict of interest was declared.",
    "conflicts.rule": "A conflicted member neither scored the candidate concerned, nor saw the "
    "scores, nor approved the decision.",
    "col.candidate": "Candidate",
    "col.category": "Category",
    "col.source": "Source",
    "col.note": "Note",
    "see_below": "see ({n}) below",
    "source.bundle": "bundle",
    "source.room": "in session",
    "sec.rules": "3. Rules applied",
    "rubric": "Rubric: scores from {min} to {max} in steps of {step}.",
    "col.criterion": "Criterion",
    "col.weight": "Weight",
    "rule.total": "A member's total is the weighted mean of their scores, out of 20. An "
    "institution's mean is the mean of its members' totals. The overall score is the mean "
    "of the two institution means, so both institutions weigh the same.",
    "rule.flags": "A candidate is flagged when the gap between institution means exceeds {gap} "
    "or the spread between member totals exceeds {spread}; a flagged candidate is discussed "
    "before any proposal.",
    "rule.admission": "Proposal: admit when the overall score reaches {admit} and every "
    "institution mean reaches {floor}; waiting list from {waitlist}; reject below.",
    "rule.scholarship": "Target share of scholarship holders among the admitted: {target}.",
    "rule.graduation": "Degree requirements: {ects} ECTS, {cases} business cases per year over "
    "{years} year(s){placement}. Proposal: award when the requirements are met and the overall "
    "score reaches {pass_mark}; refuse below {refuse}; defer otherwise. Mentions: assez bien "
    "from {ab}, bien from {b}, très bien from {tb}.",
    "rule.placement": ", a validated internship or apprenticeship",
    "rule.diploma": "Diploma average (in place of the overall score in the proposal): the "
    "mean of the units weighted by {weighting}, to the thousandth, rounded half up. The unit "
    "{jury} is graded by the jury: its grade is the overall score (the mean of the two "
    "institution means). A unit below its minimum grade is not compensated. Points de jury: "
    "at most {points}, justified. Borderline: less than {margin} below a mark, or a single "
    "requirement missing. Units: {units}.",
    "rule.diploma.transcript": "Diploma average (in place of the overall score in the "
    "proposal): the mean of the transcript's units weighted by {weighting}, to the thousandth, "
    "rounded half up; no unit is graded by the jury. A unit below its minimum grade is not "
    "compensated. Points de jury: at most {points}, justified. Borderline: less than {margin} "
    "below a mark, or a single requirement missing. Units: {units}.",
    "weighting.ects": "their ECTS",
    "weighting.coefficient": "their coefficients",
    "unit.minimum": "min. {minimum}",
    "graduates.by_mention": "Graduates, by mention (diploma average, highest first)",
    "graduates.no_mention": "Without mention",
    "graduates.ajournes": "Deferred, and what is missing",
    "graduates.refused": "Refused",
    "graduates.none": "none",
    "missing.ungraded": "{unit} not graded",
    "missing.minimum": "{unit} below its minimum",
    "missing.average": "average below {mark}",
    "rule.approvals": "A decision is final only when approved by present, non-conflicted "
    "members of each institution: {items}.",
    "sec.decisions": "4. Decisions",
    "col.id": "No.",
    "col.mean": "{code} mean",
    "col.overall": "Overall",
    "col.jury_unit": "{code} grade (jury)",
    "col.flags": "Flags",
    "col.decision": "Decision",
    "col.approved": "Approved by",
    "flag.institution-gap": "inst. gap",
    "flag.member-spread": "member spread",
    "flag.requirements": "requirements missing",
    "decisions.legend": "* Jury decision departing from the rules' proposal; the justification "
    "is in section 5.",
    "decisions.legend.points": "† Points de jury given within the rules: the decision is the "
    "rules' on the raised average (section 5).",
    "renvoi.title": "Candidates not deliberated — referred back",
    "renvoi.intro": "An institution had too few present, non-conflicted members to deliberate "
    "these candidates: the jury refers them back, with no decision on the merits, approved by "
    "the institutions that still could.",
    "col.reason": "Reason for the referral",
    "col.unable": "No eligible member present",
    "sec.details": "5. Flagged candidates, discussions and justified decisions",
    "details.none": "No candidate was flagged, discussed or decided outside the rules.",
    "totals": "{code} totals",
    "proposal": "Rules' proposal",
    "reasons": "Rules' reasons",
    "diploma.average": "Diploma average",
    "diploma.average.value": "{average} out of 20 ({ects} ECTS weighed)",
    "diploma.units": "Units (grade × weight)",
    "diploma.ungraded": "not graded",
    "diploma.jury": "jury",
    "diploma.points": "Points de jury",
    "diploma.points.value": "{points}: average {before} raised to {after}",
    "points.rules": "After points de jury",
    "points.rules.value": "“{decision}” on the average raised to {after}: points de jury given "
    "within the rules (at most {max}, section 3) are no departure from the rules",
    "decision": "Decision",
    "justification": "Justification",
    "notes": "Discussion",
    "revisions": "Revisions",
    "revision": "{member} at {time}: {old} → {new} ({reason})",
    "eligibility": "Degree requirements",
    "met": "met",
    "missing": "missing",
    "mention": "distinction: {mention}",
    "sec.stats": "6. Statistics",
    "stats.decisions": "Decisions",
    "stats.renvoi": "not deliberated — referred back",
    "stats.scholarship": "Scholarship holders among the admitted: {holders} of {admitted}, "
    "that is {share} (target {target}) — {verdict}.",
    "stats.scholarship.none": "Nobody admitted: the share of scholarship holders is undefined "
    "(target {target}).",
    "stats.met": "target met",
    "stats.unmet": "target not met",
    "stats.eligibility": "Candidates meeting every degree requirement: {eligible} of {total}.",
    "stats.missing": "Requirement “{name}” missing: {count} candidate(s).",
    "check.ects": "ECTS",
    "check.business-cases": "business cases",
    "check.placement": "internship or apprenticeship",
    "elig.ects.required": "{n} ECTS",
    "elig.ects.actual": "{n} ECTS validated",
    "elig.cases.required": "{total} business cases ({per_year} per year x {years})",
    "elig.cases.actual": "{total} business cases ({breakdown})",
    "elig.cases.year": "year {year}: {count}",
    "elig.placement.required": "validated internship or apprenticeship",
    "elig.placement.actual": "{kind}{where}: {status}",
    "elig.placement.where": " at {organisation}",
    "elig.placement.none": "no internship or apprenticeship recorded",
    "placement.internship": "internship",
    "placement.apprenticeship": "apprenticeship",
    "placement.validated": "validated",
    "placement.in_progress": "in progress",
    "placement.not_validated": "not validated",
    "placement.missing": "missing",
    "sec.signatures": "7. Signatures",
    "sign.for": "For {institution}",
    "sign.by": "{name}, signer",
    "sign.chair": "The chair of the jury",
    "sign.chair.for": "The chair of the jury, signer for {institution}",
    "sign.by.chair": "{name}",
    "sign.cert": "Certificate SHA-256:",
    "sign.note": "PAdES electronic signatures are applied to this document: the chair of the "
    "jury's and one per institution. To check them: “jury-desk minutes verify” or a PDF "
    "reader's signature panel.",
    "sign.note.institutions": "PAdES electronic signatures are applied to this document: one "
    "per institution. The chair of the jury does not sign: the session's bundle, signed before "
    "chairs signed the minutes, declares no certificate for the chair. To check them: "
    "“jury-desk minutes verify” or a PDF reader's signature panel.",
    "footer.audit": "Audit chain:",
    "footer.audit.unsigned": "Audit chain (unsigned log, format 1):",
    "footer.audit.signed": "Audit chain (signed log, format 2):",
    "footer.bundle": "Bundle SHA-256:",
    "footer.page": "Page {n} of {total}",
    "watermark": "DEMO",
    "watermark.simulation": "SIMULATION",
}

#: The rules' reasons (``core.proposals.REASON_TEXTS``), worded for the PV from their facts.
REASONS_FR: dict[str, str] = {
    "admit-overall": "note globale {overall}, au moins égale au seuil d'admission {admit}",
    "admit-floor": "chaque moyenne d'établissement atteint le plancher {floor}",
    "admit-blocked": "note globale {overall} au seuil d'admission {admit}, mais admission "
    "bloquée par le plancher d'établissement",
    "below-floor": "moyenne {institution} {mean} sous le plancher {floor}",
    "waitlist-overall": "note globale {overall} sous le seuil d'admission {admit} et au moins "
    "égale au seuil de liste d'attente {waitlist}",
    "reject-overall": "note globale {overall} sous le seuil de liste d'attente {waitlist}",
    "refuse-overall": "note globale {overall} sous la note de refus {refuse}",
    "requirements-unmet": "conditions du diplôme non toutes remplies",
    "requirement-missing": "{check} manquant : {actual} ; requis : {required}",
    "defer-overall": "conditions remplies, mais note globale {overall} sous la note de "
    "réussite {pass_mark} et au moins égale à la note de refus {refuse}",
    "requirements-met": "toutes les conditions du diplôme sont remplies",
    "award-overall": "note globale {overall}, au moins égale à la note de réussite {pass_mark}",
    "award-mention": "la note globale atteint {mark}, seuil de la mention {mention}",
    "average-refuse": "moyenne générale {average} sous la note de refus {refuse}",
    "average-defer": "conditions remplies, mais moyenne générale {average} sous la note de "
    "réussite {pass_mark} et au moins égale à la note de refus {refuse}",
    "average-award": "moyenne générale {average}, au moins égale à la note de réussite {pass_mark}",
    "average-mention": "la moyenne générale atteint {mark}, seuil de la mention {mention}",
    "unit-below-minimum": "unité {unit} : note {grade} sous son minimum {minimum}",
    "unit-ungraded": "unité {unit} pas encore notée",
}
REASONS_EN: dict[str, str] = {
    "admit-overall": "overall {overall}, at or above the admission threshold {admit}",
    "admit-floor": "every institution mean reaches the floor {floor}",
    "admit-blocked": "overall {overall} reaches the admission threshold {admit}, but "
    "admission is blocked by the institution floor",
    "below-floor": "{institution} mean {mean} below the floor {floor}",
    "waitlist-overall": "overall {overall} below the admission threshold {admit} and at or "
    "above the waiting-list threshold {waitlist}",
    "reject-overall": "overall {overall} below the waiting-list threshold {waitlist}",
    "refuse-overall": "overall {overall} below the refusal mark {refuse}",
    "requirements-unmet": "not every graduation requirement is met",
    "requirement-missing": "missing {check}: {actual}; required: {required}",
    "defer-overall": "requirements met, but overall {overall} below the pass mark "
    "{pass_mark} and at or above the refusal mark {refuse}",
    "requirements-met": "every graduation requirement is met",
    "award-overall": "overall {overall}, at or above the pass mark {pass_mark}",
    "award-mention": "overall reaches {mark}, the mark of the mention {mention}",
    "average-refuse": "diploma average {average} below the refusal mark {refuse}",
    "average-defer": "requirements met, but diploma average {average} below the pass mark "
    "{pass_mark} and at or above the refusal mark {refuse}",
    "average-award": "diploma average {average}, at or above the pass mark {pass_mark}",
    "average-mention": "the diploma average reaches {mark}, the mark of the mention {mention}",
    "unit-below-minimum": "unit {unit}: grade {grade} below its minimum {minimum}",
    "unit-ungraded": "unit {unit} not graded yet",
}
SCORE_FACTS = frozenset({"overall", "mean", "average", "grade"})  # published scores

_MONTHS_FR = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
_MONTHS_EN = (
    "January February March April May June July August September October November December"
).split()


class Words:
    """Labels and formatting for one language."""

    def __init__(self, lang: str, reference: datetime, time_zone: str | None = None) -> None:
        self.lang = lang
        # Every time is shown in the session's time zone (with the offset of its day), else
        # the reference's fixed offset; never the machine's timezone.
        self.tz: tzinfo | None = ZoneInfo(time_zone) if time_zone else reference.tzinfo
        self._offset = reference.astimezone(self.tz).utcoffset()
        self._labels = FR if lang == "fr" else EN
        self._decisions = DECISION_LABELS_FR if lang == "fr" else DECISION_LABELS_EN
        self._mentions = MENTION_LABELS_FR if lang == "fr" else MENTION_LABELS_EN
        self._conflicts = CONFLICT_LABELS_FR if lang == "fr" else CONFLICT_LABELS_EN
        # French puts a space before the colon and the semicolon.
        self.colon = " : " if lang == "fr" else ": "
        self.semicolon = " ; " if lang == "fr" else "; "
        # Between scores: "10,250, 8,875" would mix decimal commas with list commas.
        self.list_sep = self.semicolon if lang == "fr" else ", "

    def __call__(self, key: str, **values: object) -> str:
        text = self._labels[key]
        return text.format(**values) if values else text

    def score(self, value: float | None) -> str:
        """A published score in the one number format; a dash where there is none (a
        transcript-only graduation scores nothing)."""
        return "—" if value is None else format_score(value, self.lang)

    def number(self, value: float) -> str:
        text = f"{value:g}"
        return text.replace(".", ",") if self.lang == "fr" else text

    def percent(self, fraction: float) -> str:
        text = f"{fraction * 100:.1f}".removesuffix(".0")
        return f"{text.replace('.', ',')} %" if self.lang == "fr" else f"{text}%"

    def date(self, day: date) -> str:
        if self.lang == "fr":
            first = "1er" if day.day == 1 else str(day.day)
            return f"{first} {_MONTHS_FR[day.month - 1]} {day.year}"
        return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"

    def time(self, moment: datetime) -> str:
        return moment.astimezone(self.tz).strftime("%H:%M")

    def datetime(self, moment: datetime) -> str:
        local = moment.astimezone(self.tz)
        joiner = " à " if self.lang == "fr" else " at "
        return f"{self.date(local.date())}{joiner}{local.strftime('%H:%M')}"

    def offset(self) -> str:
        delta = self._offset
        if not delta:
            return "UTC"
        minutes = int(delta.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def decision(self, decision: str, mention: str | None) -> str:
        text = self._decisions[decision]
        return f"{text}, {self('mention', mention=self._mentions[mention])}" if mention else text

    def reason(
        self,
        code: str,
        facts: dict[str, object],
        names: dict[str, str],
        lines: dict[str, tuple[str, str]],
    ) -> str:
        """A reason of the rules in this language, from its facts: scores in the one score
        format, thresholds exact, an institution by name, a check with its eligibility line
        (``lines``: check -> (required, actual), from minutes.json)."""
        values: dict[str, str] = {}
        for name, value in facts.items():
            if isinstance(value, str):
                values[name] = (
                    self._mentions.get(value, value) if name == "mention"
                    else self("check." + value) if name == "check"
                    else names.get(value, value)
                )  # fmt: skip
            elif isinstance(value, int | float):
                values[name] = self.score(value) if name in SCORE_FACTS else self.amount(value)
        check = facts.get("check")
        if isinstance(check, str) and check in lines:
            values["required"], values["actual"] = lines[check]
        text = (REASONS_FR if self.lang == "fr" else REASONS_EN)[code]
        try:
            return text.format(**values)
        except KeyError:  # a fact the wording needs is missing: say the code, never crash
            return code

    def conflict(self, category: str) -> str:
        return self._conflicts[category]

    def amount(self, value: float) -> str:
        """An exact count (ECTS add up in decimal): no rounding, unlike ``number``."""
        text = format_number(value)
        return text.replace(".", ",") if self.lang == "fr" else text

    def eligibility(self, check: EligibilityCheck) -> tuple[str, str]:
        """(required, actual) of a graduation check in this language, from its facts."""
        if check.name == CHECK_ECTS:
            assert check.required_amount is not None and check.actual_amount is not None
            return (
                self("elig.ects.required", n=self.amount(check.required_amount)),
                self("elig.ects.actual", n=self.amount(check.actual_amount)),
            )
        if check.name == CHECK_BUSINESS_CASES:
            assert check.required_amount is not None and check.actual_amount is not None
            breakdown = ", ".join(
                self("elig.cases.year", year=year, count=count) for year, count in check.per_year
            )
            required = self(
                "elig.cases.required",
                total=self.amount(check.required_amount),
                per_year=check.per_year_required,
                years=len(check.per_year),
            )
            actual = self("elig.cases.actual", total=self.amount(check.actual_amount),
                          breakdown=breakdown)  # fmt: skip
            return required, actual
        placement = check.placement
        if placement is None:
            return self("elig.placement.required"), self("elig.placement.none")
        where = (
            self("elig.placement.where", organisation=placement.organisation)
            if placement.organisation
            else ""
        )
        actual = self(
            "elig.placement.actual",
            kind=self("placement." + placement.kind),
            where=where,
            status=self("placement." + placement.status),
        )
        return self("elig.placement.required"), actual
