<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>ActionDialog</name>
    <message>
        <source>Motif :</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>%1 (dans %2 s)</source>
        <translation>%1 (in %2 s)</translation>
    </message>
</context>
<context>
    <name>ApprovalSlot</name>
    <message>
        <source>Le membre de cette école qui approuve ou objecte</source>
        <translation>The member of this school who approves or objects</translation>
    </message>
    <message>
        <source>Sa phrase secrète</source>
        <translation>Their passphrase</translation>
    </message>
    <message>
        <source>Phrase secrète du membre de %1</source>
        <translation>Passphrase of the %1 member</translation>
    </message>
    <message>
        <source>Membre de %1 qui approuve ou objecte</source>
        <translation>Member of %1 who approves or objects</translation>
    </message>
    <message>
        <source>Approuver</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Objecter…</source>
        <translation>Object…</translation>
    </message>
    <message>
        <source>✓ Approuvé par %1 à %2</source>
        <translation>✓ Approved by %1 at %2</translation>
    </message>
    <message>
        <source>Approbations encore attendues : %1</source>
        <translation>Approvals still expected: %1</translation>
    </message>
    <message>
        <source>Ce renvoi n&apos;attend pas d&apos;approbation de cette école (aucun membre éligible présent).</source>
        <translation>This referral expects no approval from this school (no eligible member present).</translation>
    </message>
    <message>
        <source>Aucune décision n&apos;est encore proposée pour ce candidat.</source>
        <translation>No decision has been proposed for this candidate yet.</translation>
    </message>
    <message>
        <source>Cette école a déjà donné ses approbations.</source>
        <translation>This school has already given its approvals.</translation>
    </message>
    <message>
        <source>Ce renvoi n&apos;attend pas d&apos;approbation de cette école : pour délibérer le candidat, objectez au renvoi.</source>
        <translation>This referral expects no approval from this school: to deliberate the candidate, object to the referral.</translation>
    </message>
    <message>
        <source>La séance est close : rouvrez-la depuis le tableau pour modifier.</source>
        <translation>The session is closed: reopen it from the board to make changes.</translation>
    </message>
    <message>
        <source>Aucun membre présent de %1 n&apos;a encore choisi sa phrase secrète (%2) : il se connecte une première fois depuis la salle du jury.</source>
        <translation>No present member of %1 has chosen a passphrase yet (%2): they sign in once from the jury room first.</translation>
    </message>
    <message>
        <source>Aucun membre de %1 n&apos;est présent et sans conflit pour ce candidat : faites pointer un membre de %1.</source>
        <translation>No member of %1 is present and free of conflicts for this candidate: have a member of %1 check in.</translation>
    </message>
    <message>
        <source>Objecter à la proposition</source>
        <translation>Object to the proposal</translation>
    </message>
    <message>
        <source>Objection de %1</source>
        <translation>Objection by %1</translation>
    </message>
    <message>
        <source>La proposition est retirée, toutes les approbations sont annulées et le candidat revient en discussion. Le motif figure au procès-verbal.</source>
        <translation>The proposal is withdrawn, every approval is voided and the candidate goes back to discussion. The reason is printed in the minutes.</translation>
    </message>
    <message>
        <source>Objecter</source>
        <translation>Object</translation>
    </message>
</context>
<context>
    <name>ArchiveModel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Séance</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>N° étudiant</source>
        <translation>Student no.</translation>
    </message>
    <message>
        <source>Décision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Note /20</source>
        <translation>Score /20</translation>
    </message>
    <message>
        <source>Boursier</source>
        <translation>Scholarship</translation>
    </message>
    <message>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Non révélé</source>
        <translation>Not revealed</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Remplacée par un PV ultérieur</source>
        <translation>Superseded by a later PV</translation>
    </message>
    <message>
        <source>En vigueur</source>
        <translation>In force</translation>
    </message>
</context>
<context>
    <name>ArchiveStep</name>
    <message>
        <source>Pour la scolarité : réunissez dans un dossier le procès-verbal, ses données, le reçu du dossier de séance et le fichier de séance, prêts à archiver.</source>
        <translation>For the secretariat: gather the PV, its data, the bundle receipt and the session file in one folder, ready to archive.</translation>
    </message>
    <message>
        <source>Écrire le dossier d&apos;archive…</source>
        <translation>Write the archive folder…</translation>
    </message>
    <message>
        <source>✓ Dossier d&apos;archive écrit dans %1.</source>
        <translation>✓ Archive folder written to %1.</translation>
    </message>
    <message>
        <source>Dossier (nouveau ou vide) du dossier d&apos;archive</source>
        <translation>Folder (new or empty) for the archive folder</translation>
    </message>
    <message>
        <source>Dossier d&apos;archive non écrit</source>
        <translation>Archive folder not written</translation>
    </message>
    <message>
        <source>Choisissez un dossier nouveau ou vide, où vous pouvez écrire.</source>
        <translation>Choose a new or empty folder you can write to.</translation>
    </message>
</context>
<context>
    <name>ArchivesPage</name>
    <message>
        <source>Archives des procès-verbaux</source>
        <translation>PV archive</translation>
    </message>
    <message>
        <source>Nom (sans accents si vous voulez), n° étudiant, identifiant ou date de naissance</source>
        <translation>Name (accents optional), student number, candidate id or date of birth</translation>
    </message>
    <message>
        <source>Toutes les années</source>
        <translation>All years</translation>
    </message>
    <message>
        <source>Toutes les décisions</source>
        <translation>All decisions</translation>
    </message>
    <message>
        <source>Rechercher</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Rechercher dans les archives</source>
        <translation>Search the archive</translation>
    </message>
    <message>
        <source>Année</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Décision</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Décisions archivées</source>
        <translation>Archived decisions</translation>
    </message>
    <message>
        <source>Accueil</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Procès-verbal</source>
        <translation>PV</translation>
    </message>
    <message>
        <source>Rapport de vérification</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <source>Archives indisponibles : %1</source>
        <translation>Archive unavailable: %1</translation>
    </message>
    <message>
        <source>Base d&apos;archives : %1</source>
        <translation>Archive database: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n décision(s) trouvée(s), les plus récentes d&apos;abord.</source>
        <translation>
            <numerusform>%n decision found, newest first.</numerusform>
            <numerusform>%n decisions found, newest first.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BoardModel</name>
    <message>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Globale</source>
        <translation>Overall</translation>
    </message>
    <message>
        <source>Moyenne</source>
        <translation>Average</translation>
    </message>
    <message>
        <source>Proposition</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>Notation (%1/%2)</source>
        <translation>Scoring (%1/%2)</translation>
    </message>
    <message>
        <source>Renvoi proposé (non délibéré)</source>
        <translation>Renvoi proposed (not deliberated)</translation>
    </message>
    <message>
        <source>Approuvée par %1</source>
        <translation>Approved by %1</translation>
    </message>
    <message>
        <source>%1 (%2) à %3</source>
        <translation>%1 (%2) at %3</translation>
    </message>
    <message>
        <source>Aucune approbation pour l&apos;instant.</source>
        <translation>No approval yet.</translation>
    </message>
    <message>
        <source>(masqué)</source>
        <translation>(hidden)</translation>
    </message>
    <message>
        <source>ECTS : %1 sur %2</source>
        <translation>ECTS: %1 of %2</translation>
    </message>
    <message>
        <source>Business cases : %1 sur %2</source>
        <translation>Business cases: %1 of %2</translation>
    </message>
    <message>
        <source>Stage ou apprentissage : %1</source>
        <translation>Internship or apprenticeship: %1</translation>
    </message>
    <message>
        <source>Manque : %1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <source>◆ Cas limite : juste sous %1</source>
        <translation>◆ Borderline: just under %1</translation>
    </message>
    <message>
        <source>◆ Cas limite : une seule condition manque</source>
        <translation>◆ Borderline: a single requirement missing</translation>
    </message>
    <message>
        <source>Proposition des règles : %1</source>
        <translation>Rules&apos; proposal: %1</translation>
    </message>
    <message>
        <source>Conflit d&apos;intérêts déclaré : ces notes ne vous sont pas montrées.</source>
        <translation>Declared conflict of interest: these scores are not shown to you.</translation>
    </message>
    <message>
        <source>Feuilles scellées : %1 sur %2 attendues</source>
        <translation>Sheets sealed: %1 of %2 expected</translation>
    </message>
    <message>
        <source>Scellées par : %1</source>
        <translation>Sealed by: %1</translation>
    </message>
    <message>
        <source>⚠ Signalé (%1) ; une note de discussion a été ajoutée.</source>
        <translation>⚠ Flagged (%1); a discussion note has been added.</translation>
    </message>
    <message>
        <source>⚠ Signalé (%1) : une note de discussion est requise avant de proposer.</source>
        <translation>⚠ Flagged (%1): a discussion note is required before proposing.</translation>
    </message>
    <message>
        <source>Moyenne sur 20 ; la note globale est la moyenne des deux écoles.</source>
        <translation>Mean out of 20; the overall score is the mean of the two schools.</translation>
    </message>
    <message>
        <source>proposée par les règles</source>
        <translation>proposed by the rules</translation>
    </message>
    <message>
        <source>proposée par le jury</source>
        <translation>proposed by the jury</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>Rechercher (nom, n°, état, décision…)</source>
        <translation>Search (name, no., state, decision…)</translation>
    </message>
    <message>
        <source>Rechercher un candidat</source>
        <translation>Search for a candidate</translation>
    </message>
    <message>
        <source>Tableau des candidats</source>
        <translation>Candidates table</translation>
    </message>
    <message>
        <source>Mode projection</source>
        <translation>Projector mode</translation>
    </message>
    <message>
        <source>Agrandit le tableau pour le vidéoprojecteur ; le détail du candidat revient en quittant ce mode.</source>
        <translation>Enlarges the table for the projector; the candidate&apos;s detail comes back when you leave this mode.</translation>
    </message>
    <message>
        <source>Cas limites d&apos;abord</source>
        <translation>Borderline first</translation>
    </message>
    <message>
        <source>Les diplômés juste sous une note (passage ou mention) ou à qui manque une seule condition viennent en tête : le jury délibère sur eux.</source>
        <translation>Graduates just under a mark (pass or mention) or missing a single requirement come first: the jury deliberates on them.</translation>
    </message>
    <message>
        <source>Approuver les autres…</source>
        <translation>Approve the others…</translation>
    </message>
    <message>
        <source>Approuver en une fois la proposition des règles pour les diplômés sans alerte ni cas limite : un membre par établissement, chacun avec sa phrase secrète.</source>
        <translation>Approve in one pass the rules&apos; proposal for the graduates with no alert and no borderline case: one member per institution, each with their passphrase.</translation>
    </message>
    <message>
        <source>Ouvrir les plis…</source>
        <translation>Open the sealed sheets…</translation>
    </message>
    <message>
        <source>Clore la séance…</source>
        <translation>Close the session…</translation>
    </message>
    <message>
        <source>Rouvrir la séance…</source>
        <translation>Reopen the session…</translation>
    </message>
    <message>
        <source>Pour corriger une décision après la clôture. Le motif figure au nouveau procès-verbal, qui remplace le précédent.</source>
        <translation>To correct a decision after the close. The reason is printed in the new minutes, which replace the previous ones.</translation>
    </message>
    <message>
        <source>Séance close : plus rien ne peut être modifié.</source>
        <translation>Session closed: nothing can be changed any more.</translation>
    </message>
    <message>
        <source>Décisions définitives : %1 sur %2</source>
        <translation>Final decisions: %1 of %2</translation>
    </message>
    <message>
        <source>Aucun candidat n&apos;est prêt : il faut la feuille scellée de chaque membre présent qui peut le noter. Attendez leurs scellés, ou révélez un candidat par anticipation depuis son détail.</source>
        <translation>No candidate is ready: it needs the sealed sheet of every present member who may score it. Wait for their seals, or reveal one candidate early from its detail.</translation>
    </message>
    <message>
        <source>Prêts pour l&apos;ouverture des plis : %1</source>
        <translation>Ready to be opened: %1</translation>
    </message>
    <message>
        <source>%1 diplômé(s), dans le créneau %2 :</source>
        <translation>%1 graduate(s), in the %2 slot:</translation>
    </message>
    <message>
        <source>(aucun)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>Approuver les propositions des règles</source>
        <translation>Approve the rules&apos; proposals</translation>
    </message>
    <message>
        <source>Approuver en une fois</source>
        <translation>Approve in one pass</translation>
    </message>
    <message>
        <source>La proposition des règles de chaque diplômé listé est approuvée au nom de votre établissement. Les cas limites et les alertes restent à délibérer un par un.</source>
        <translation>The rules&apos; proposal of each listed graduate is approved on behalf of your institution. Borderline cases and alerts remain to be deliberated one by one.</translation>
    </message>
    <message>
        <source>Approuver</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Ouvrir les plis</source>
        <translation>Open the sealed sheets</translation>
    </message>
    <message>
        <source>Ouverture des plis</source>
        <translation>Opening the sealed sheets</translation>
    </message>
    <message>
        <source>Les feuilles scellées de chaque candidat prêt (chaque membre présent qui peut le noter a scellé) sont ouvertes avec la clé de la présidence et vérifiées contre leur engagement ; les notes apparaissent au tableau. Ce geste est signé. Phrase secrète de %1 (présidence) :</source>
        <translation>The sealed sheets of every ready candidate (every present member who may score it has sealed) are opened with the chair&apos;s key and checked against their commitments; the scores appear on the board. This act is signed. Passphrase of %1 (chair):</translation>
    </message>
    <message>
        <source>⚠ Non révélé(s) : %1. Leur statut boursier scellé ne s&apos;ouvre pas ou ne correspond pas à l&apos;engagement signé par le secrétariat, et ne le pourra jamais. Ouvrez la fiche de chacun et enregistrez-le comme non délibéré — renvoyé, puis signalez-le au secrétariat.</source>
        <translation>⚠ Not revealed: %1. Their sealed scholarship status does not open, or is not the value the secretariat committed to, and never will be. Open each one&apos;s page and record it as not deliberated — referred back, then report it to the secretariat.</translation>
    </message>
    <message>
        <source>Plis ouverts</source>
        <translation>Sheets opened</translation>
    </message>
    <message>
        <source>Notes révélées pour %1 candidat(s) : %2.</source>
        <translation>Scores revealed for %1 candidate(s): %2.</translation>
    </message>
    <message>
        <source>Clore la séance</source>
        <translation>Close the session</translation>
    </message>
    <message>
        <source>Chaque candidat a une décision définitive. Une fois close, la séance ne peut plus être modifiée (sauf réouverture motivée) et le procès-verbal peut être établi. Phrase secrète de %1 (présidence) :</source>
        <translation>Every candidate has a final decision. Once closed, the session can no longer be changed (except by a reopening with a reason) and the minutes can be drawn up. Passphrase of %1 (chair):</translation>
    </message>
    <message>
        <source>Rouvrir la séance</source>
        <translation>Reopen the session</translation>
    </message>
    <message>
        <source>La séance redevient modifiable. Une fois close à nouveau, un nouveau procès-verbal est établi : il remplace le précédent et en donne le motif. Phrase secrète de %1 (présidence) :</source>
        <translation>The session can be changed again. Once it is closed again, new minutes are drawn up: they replace the previous ones and give the reason. Passphrase of %1 (chair):</translation>
    </message>
    <message>
        <source>Séance close</source>
        <translation>Session closed</translation>
    </message>
    <message>
        <source>La séance est close et toutes les décisions sont définitives. Le procès-verbal peut maintenant être établi et signé.</source>
        <translation>The session is closed and every decision is final. The minutes can now be drawn up and signed.</translation>
    </message>
</context>
<context>
    <name>CandidatePane</name>
    <message>
        <source>Choisissez un candidat dans le tableau.</source>
        <translation>Choose a candidate in the table.</translation>
    </message>
    <message>
        <source>Notes cachées</source>
        <translation>Scores hidden</translation>
    </message>
    <message>
        <source>Révéler maintenant (président)…</source>
        <translation>Reveal now (chair)…</translation>
    </message>
    <message>
        <source>Feuilles révélées</source>
        <translation>Revealed sheets</translation>
    </message>
    <message>
        <source>Réviser une feuille…</source>
        <translation>Revise a sheet…</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>Nouvelle note de discussion</source>
        <translation>New discussion note</translation>
    </message>
    <message>
        <source>Discussion</source>
        <translation>Discussion</translation>
    </message>
    <message>
        <source>Écrire une note de discussion…</source>
        <translation>Write a discussion note…</translation>
    </message>
    <message>
        <source>Ajouter la note</source>
        <translation>Add the note</translation>
    </message>
    <message>
        <source>Proposition</source>
        <translation>Proposal</translation>
    </message>
    <message>
        <source>Retenir la proposition des règles</source>
        <translation>Keep the rules&apos; proposal</translation>
    </message>
    <message>
        <source>Proposer une autre décision…</source>
        <translation>Propose another decision…</translation>
    </message>
    <message>
        <source>Ajouter la note…</source>
        <translation>Add the note…</translation>
    </message>
    <message>
        <source>Approbations (une par école)</source>
        <translation>Approvals (one per school)</translation>
    </message>
    <message>
        <source>Non délibéré — renvoi</source>
        <translation>Not deliberated — referral</translation>
    </message>
    <message>
        <source>Renvoyer (non délibéré)…</source>
        <translation>Refer back (not deliberated)…</translation>
    </message>
    <message>
        <source>(nom masqué)</source>
        <translation>(name hidden)</translation>
    </message>
    <message>
        <source>Objection de %1 à %2 : %3</source>
        <translation>Objection by %1 at %2: %3</translation>
    </message>
    <message>
        <source>La séance est close : rouvrez-la depuis le tableau pour modifier.</source>
        <translation>The session is closed: reopen it from the board to make changes.</translation>
    </message>
    <message>
        <source>Les règles ne proposent encore rien : il manque des notes.</source>
        <translation>The rules propose nothing yet: scores are missing.</translation>
    </message>
    <message>
        <source>Son statut boursier scellé ne s&apos;ouvre pas : il ne peut pas être révélé. Enregistrez-le comme non délibéré — renvoyé (ci-dessous).</source>
        <translation>Its sealed scholarship status does not open: it cannot be revealed. Record it as not deliberated — referred back (below).</translation>
    </message>
    <message>
        <source>Ce candidat a déjà une décision définitive : rien à renvoyer.</source>
        <translation>This candidate already has a final decision: nothing to refer back.</translation>
    </message>
    <message>
        <source>Le renvoi est déjà proposé : les écoles qui le peuvent l&apos;approuvent ci-dessus, ou un membre y objecte pour délibérer le candidat.</source>
        <translation>The referral is already proposed: the schools that can approve it above, or a member objects to it to deliberate the candidate.</translation>
    </message>
    <message>
        <source>Chaque école a assez de membres présents et sans conflit pour ce candidat : délibérez-le (notation, proposition, approbations).</source>
        <translation>Each school has enough members present without a conflict for this candidate: deliberate it (scoring, proposal, approvals).</translation>
    </message>
    <message>
        <source>⚠ %1 n&apos;a que %2 membre(s) présent(s) et sans conflit pour ce candidat, pour %3 approbation(s) requise(s) : faites pointer un membre de %1, ou enregistrez le candidat comme non délibéré — renvoyé.</source>
        <translation>⚠ %1 has only %2 member(s) present without a conflict for this candidate, for %3 approval(s) required: check in a member of %1, or record the candidate as not deliberated — referred back.</translation>
    </message>
    <message>
        <source>⚠ %1 n&apos;a aucun membre présent et sans conflit pour ce candidat : faites pointer un membre de %1, ou enregistrez le candidat comme non délibéré — renvoyé.</source>
        <translation>⚠ %1 has no member present without a conflict for this candidate: check in a member of %1, or record the candidate as not deliberated — referred back.</translation>
    </message>
    <message>
        <source>Renvoi proposé par %1 : %2</source>
        <translation>Referral proposed by %1: %2</translation>
    </message>
    <message>
        <source>Sans approbation attendue de %1 : aucun membre éligible présent.</source>
        <translation>No approval expected from %1: no eligible member present.</translation>
    </message>
    <message>
        <source>ne s&apos;ouvre pas avec la clé de la présidence</source>
        <translation>does not open with the chair&apos;s key</translation>
    </message>
    <message>
        <source>ne correspond pas à l&apos;engagement signé par le secrétariat</source>
        <translation>is not the value the secretariat committed to</translation>
    </message>
    <message>
        <source>⚠ Le statut boursier scellé de ce candidat %1 : il ne pourra jamais être révélé. Enregistrez-le comme non délibéré — renvoyé, et signalez-le au secrétariat.</source>
        <translation>⚠ This candidate&apos;s sealed scholarship status %1: it can never be revealed. Record it as not deliberated — referred back, and report it to the secretariat.</translation>
    </message>
    <message>
        <source>Conflits d&apos;intérêts : %1</source>
        <translation>Conflicts of interest: %1</translation>
    </message>
    <message>
        <source>Moyennes : %1 · note globale %2 / 20 (écart entre écoles %3, entre membres %4)</source>
        <translation>Means: %1 · overall %2 / 20 (gap between schools %3, between members %4)</translation>
    </message>
    <message>
        <source>Signalé : %1. Une note de discussion est requise avant toute proposition.</source>
        <translation>Flagged: %1. A discussion note is required before any proposal.</translation>
    </message>
    <message>
        <source>Le président du jury a déclaré un conflit d&apos;intérêts pour ce candidat : ses notes ne sont pas montrées sur ce tableau.</source>
        <translation>The jury chair declared a conflict of interest for this candidate: their scores are not shown on this board.</translation>
    </message>
    <message>
        <source>Les notes restent cachées à tous, président compris, tant que chaque membre présent et sans conflit n&apos;a pas scellé sa feuille. Le président peut les révéler plus tôt, dès qu&apos;au moins une feuille de chaque école est scellée ; ce geste est consigné dans la chaîne d&apos;audit.</source>
        <translation>Scores stay hidden from everyone, the chair included, until every present member without a conflict has sealed their sheet. The chair may reveal them earlier, once at least one sheet from each school is sealed; this is recorded in the audit chain.</translation>
    </message>
    <message>
        <source>Feuilles scellées : %1 sur %2.</source>
        <translation>Sealed sheets: %1 of %2.</translation>
    </message>
    <message>
        <source>Scellées par : %1</source>
        <translation>Sealed by: %1</translation>
    </message>
    <message>
        <source>Pas encore scellées : %1</source>
        <translation>Not sealed yet: %1</translation>
    </message>
    <message>
        <source>Révision de %1 à %2 : %3 (motif : %4)</source>
        <translation>Revision by %1 at %2: %3 (reason: %4)</translation>
    </message>
    <message>
        <source>Aucune note de discussion.</source>
        <translation>No discussion note.</translation>
    </message>
    <message>
        <source>Proposition des règles : pas encore calculable.</source>
        <translation>Rules&apos; proposal: cannot be computed yet.</translation>
    </message>
    <message>
        <source>Proposition des règles : %1</source>
        <translation>Rules&apos; proposal: %1</translation>
    </message>
    <message>
        <source>Aucune décision proposée pour l&apos;instant.</source>
        <translation>No decision proposed yet.</translation>
    </message>
    <message>
        <source>retenue d&apos;après les règles</source>
        <translation>kept from the rules</translation>
    </message>
    <message>
        <source>proposée par le jury</source>
        <translation>proposed by the jury</translation>
    </message>
    <message>
        <source>Décision proposée : %1 (%2)</source>
        <translation>Proposed decision: %1 (%2)</translation>
    </message>
    <message>
        <source>Justification : %1</source>
        <translation>Justification: %1</translation>
    </message>
    <message>
        <source>Note de discussion</source>
        <translation>Discussion note</translation>
    </message>
    <message>
        <source>Note de discussion sur %1</source>
        <translation>Discussion note on %1</translation>
    </message>
    <message>
        <source>La note figure au procès-verbal sous le nom de son auteur, qui le confirme avec sa phrase secrète.</source>
        <translation>The note appears in the minutes under its author&apos;s name; the author confirms it with their passphrase.</translation>
    </message>
    <message>
        <source>Proposition des règles pour %1</source>
        <translation>The rules&apos; proposal for %1</translation>
    </message>
    <message>
        <source>Elle devient la proposition du jury, au nom du membre qui la retient ; les écoles l&apos;approuvent ensuite.</source>
        <translation>It becomes the jury&apos;s proposal, in the name of the member who adopts it; the schools then approve it.</translation>
    </message>
    <message>
        <source>Retenir</source>
        <translation>Adopt</translation>
    </message>
    <message>
        <source>Statut boursier scellé illisible à l&apos;ouverture des plis (erreur du dossier) : à corriger par le secrétariat.</source>
        <translation>Sealed scholarship status unreadable when the sheets were opened (an error in the bundle): for the secretariat to correct.</translation>
    </message>
    <message>
        <source>Au nom de :</source>
        <translation>On behalf of:</translation>
    </message>
    <message>
        <source>Non délibéré — renvoyé</source>
        <translation>Not deliberated — referred back</translation>
    </message>
    <message>
        <source>Enregistrer %1 comme non délibéré — renvoyé</source>
        <translation>Record %1 as not deliberated — referred back</translation>
    </message>
    <message>
        <source>Une école n&apos;a pas assez de membres présents et sans conflit pour délibérer ce candidat. Le renvoi ne décide rien sur le fond ; il figure au procès-verbal avec son motif, et devient définitif avec l&apos;approbation des écoles qui le peuvent encore. Le membre tape sa phrase secrète.</source>
        <translation>A school does not have enough members present without a conflict to deliberate this candidate. The referral decides nothing on the merits; it is printed in the minutes with its reason, and becomes final with the approval of the schools that still can. The member types their passphrase.</translation>
    </message>
    <message>
        <source>Le statut boursier scellé de ce candidat ne s&apos;ouvre pas : il ne peut pas être révélé. Le renvoi ne décide rien sur le fond ; il figure au procès-verbal avec son motif, et devient définitif avec l&apos;approbation des deux écoles. Le membre tape sa phrase secrète.</source>
        <translation>This candidate&apos;s sealed scholarship status does not open: it cannot be revealed. A referral decides nothing on the merits; it appears in the minutes with its reason, and becomes final with the approval of both schools. The member types their passphrase.</translation>
    </message>
    <message>
        <source>Enregistrer le renvoi</source>
        <translation>Record the referral</translation>
    </message>
    <message>
        <source>Révéler les notes</source>
        <translation>Reveal the scores</translation>
    </message>
    <message>
        <source>Révéler les notes de %1 avant la fin de la notation</source>
        <translation>Reveal the scores of %1 before scoring is over</translation>
    </message>
    <message>
        <source>Les feuilles déjà scellées sont ouvertes et les membres qui n&apos;ont pas scellé ne pourront plus noter ce candidat. Possible seulement si au moins une feuille de chaque école est scellée. Ce geste est consigné.</source>
        <translation>The sheets already sealed are opened, and members who have not sealed can no longer score this candidate. Possible only once at least one sheet from each school is sealed. This is recorded.</translation>
    </message>
    <message>
        <source>Phrase secrète de %1 (présidence) :</source>
        <translation>Passphrase of %1 (chair):</translation>
    </message>
    <message>
        <source>Révéler</source>
        <translation>Reveal</translation>
    </message>
    <message>
        <source>Feuille de :</source>
        <translation>Sheet of:</translation>
    </message>
    <message>
        <source>Motif :</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Aucun membre présent et sans conflit ne peut agir sur ce candidat : faites pointer un membre, ou enregistrez-le comme non délibéré — renvoyé.</source>
        <translation>No present member free of conflicts can act on this candidate: have a member check in, or record it as not deliberated — referred.</translation>
    </message>
    <message>
        <source>Réviser une feuille</source>
        <translation>Revise a sheet</translation>
    </message>
    <message>
        <source>Révision d&apos;une feuille pour %1</source>
        <translation>Revising a sheet for %1</translation>
    </message>
    <message>
        <source>Un membre ne révise que sa propre feuille, après la révélation, avec un motif. Les anciennes valeurs sont gardées et les approbations déjà données sont annulées. Le membre tape sa phrase secrète.</source>
        <translation>A member revises only their own sheet, after the reveal, with a reason. The old values are kept and approvals already given are voided. The member types their passphrase.</translation>
    </message>
    <message>
        <source>Réviser</source>
        <translation>Revise</translation>
    </message>
</context>
<context>
    <name>ChooseMemberDialog</name>
    <message>
        <source>Clé non reconnue</source>
        <translation>Key not recognised</translation>
    </message>
    <message>
        <source>Ce dossier de séance épingle la clé de chaque membre, et ce fichier de clé n&apos;en est aucune (ou vous n&apos;en avez choisi aucun). Ouvrez votre poste avec le fichier de clé que la scolarité vous a remis.</source>
        <translation>This session bundle pins every member&apos;s key, and this key file is none of them (or you chose none). Open your desk with the key file the secretariat gave you.</translation>
    </message>
    <message>
        <source>Je suis :</source>
        <translation>I am:</translation>
    </message>
    <message>
        <source>Phrase secrète, une seconde fois :</source>
        <translation>Passphrase, once more:</translation>
    </message>
    <message>
        <source>Membre du jury : qui êtes-vous ?</source>
        <translation>Jury member: who are you?</translation>
    </message>
    <message>
        <source>Qui êtes-vous ?</source>
        <translation>Who are you?</translation>
    </message>
    <message>
        <source>Ouvrir mon poste</source>
        <translation>Open my desk</translation>
    </message>
    <message>
        <source>Ce dossier de séance n&apos;épingle pas votre clé : dites qui vous êtes. La salle reconnaîtra ce poste quand vous la rejoindrez avec le code d&apos;appairage affiché sur son écran ; votre premier message y enregistre votre clé.</source>
        <translation>This session bundle does not pin your key: say who you are. The room will recognise this desk when you join it with the pairing code shown on its screen; your first message registers your key there.</translation>
    </message>
    <message>
        <source>Ce poste crée votre clé, protégée par la phrase secrète que vous venez de taper : tapez-la une seconde fois. Gardez-la : elle ouvrira ce poste la prochaine fois.</source>
        <translation>This desk makes your key, protected by the passphrase you just typed: type it once more. Keep it: it will open this desk next time.</translation>
    </message>
    <message>
        <source>Votre fichier de clé signera chacun de vos actes.</source>
        <translation>Your key file will sign each of your acts.</translation>
    </message>
    <message>
        <source>Ce poste a déjà une clé pour %1 : votre phrase secrète l&apos;ouvre.</source>
        <translation>This desk already has a key for %1: your passphrase opens it.</translation>
    </message>
    <message>
        <source>Les deux saisies diffèrent : tapez la même phrase secrète deux fois.</source>
        <translation>The two entries differ: type the same passphrase twice.</translation>
    </message>
    <message>
        <source>Cette phrase secrète n&apos;ouvre pas la clé que ce poste garde pour ce membre. Revenez à l&apos;accueil et tapez-la à nouveau.</source>
        <translation>This passphrase does not open the key this desk keeps for this member. Go back to the start page and type it again.</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Déclarer un conflit d&apos;intérêts</source>
        <translation>Declare a conflict of interest</translation>
    </message>
    <message>
        <source>Conflit d&apos;intérêts de %1</source>
        <translation>Conflict of interest of %1</translation>
    </message>
    <message>
        <source>Un membre en conflit ne note pas ce candidat, ne voit pas ses notes et n&apos;approuve pas sa décision. La déclaration figure au procès-verbal et ne peut pas être retirée.</source>
        <translation>A conflicted member does not score this candidate, does not see their scores and does not approve their decision. The declaration is printed in the minutes and cannot be withdrawn.</translation>
    </message>
    <message>
        <source>Déclarer le conflit</source>
        <translation>Declare the conflict</translation>
    </message>
    <message>
        <source>Candidat :</source>
        <translation>Candidate:</translation>
    </message>
    <message>
        <source>Motif :</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>Précision (facultative) :</source>
        <translation>Details (optional):</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
</context>
<context>
    <name>ConflictsModel</name>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Origine</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Précision</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Erreur inattendue</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <source>jury-desk a rencontré une erreur inattendue.</source>
        <translation>jury-desk ran into an unexpected error.</translation>
    </message>
    <message>
        <source>Tout ce qui avait été enregistré est conservé. Vous pouvez continuer, ou fermer puis rouvrir la séance. Pour aider à corriger le problème, enregistrez le rapport et transmettez-le au support technique.</source>
        <translation>Everything that was saved is kept. You can carry on, or close and reopen the session. To help fix the problem, save the report and send it to technical support.</translation>
    </message>
    <message>
        <source>Enregistrer le rapport…</source>
        <translation>Save the report…</translation>
    </message>
    <message>
        <source>Masquer les détails techniques</source>
        <translation>Hide technical details</translation>
    </message>
    <message>
        <source>Afficher les détails techniques</source>
        <translation>Show technical details</translation>
    </message>
    <message>
        <source>Enregistrer le rapport d&apos;erreur</source>
        <translation>Save the error report</translation>
    </message>
    <message>
        <source>Rapport non enregistré</source>
        <translation>Report not saved</translation>
    </message>
    <message>
        <source>Le rapport n&apos;a pas pu être enregistré ici. Choisissez un autre dossier.</source>
        <translation>The report could not be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Rapport enregistré</source>
        <translation>Report saved</translation>
    </message>
</context>
<context>
    <name>DesksModel</name>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Liaison</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>Dernier envoi</source>
        <translation>Last sent</translation>
    </message>
    <message>
        <source>Acceptés</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>En attente</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Refus</source>
        <translation>Refusals</translation>
    </message>
    <message>
        <source>Alertes</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>Réseau (connecté)</source>
        <translation>Network (connected)</translation>
    </message>
    <message>
        <source>Réseau (appairé, hors ligne)</source>
        <translation>Network (paired, offline)</translation>
    </message>
    <message>
        <source>Clé USB (fichier)</source>
        <translation>USB key (file)</translation>
    </message>
    <message>
        <source>Aucune</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Message %1 manquant : les suivants l&apos;attendent</source>
        <translation>Message %1 missing: the later ones wait for it</translation>
    </message>
    <message>
        <source>Deux postes envoient au nom de ce membre</source>
        <translation>Two desks are sending in this member&apos;s name</translation>
    </message>
    <message>
        <source>Horloge décalée de %1 s</source>
        <translation>Clock off by %1 s</translation>
    </message>
    <message>
        <source>%1 message(s) illisible(s) ou falsifié(s)</source>
        <translation>%1 unreadable or forged message(s)</translation>
    </message>
</context>
<context>
    <name>DesksPanel</name>
    <message>
        <source>Importer la boîte d&apos;envoi d&apos;un membre</source>
        <translation>Import a member&apos;s outbox</translation>
    </message>
    <message>
        <source>Boîte d&apos;envoi (*.jdoutbox);;Tous les fichiers (*)</source>
        <translation>Outbox (*.jdoutbox);;All files (*)</translation>
    </message>
    <message>
        <source>Surveiller un dossier (une clé USB)</source>
        <translation>Watch a folder (a USB key)</translation>
    </message>
    <message>
        <source>Aucun refus.</source>
        <translation>No refusal.</translation>
    </message>
    <message>
        <source>Postes des membres</source>
        <translation>Member desks</translation>
    </message>
    <message>
        <source>Les membres qui notent sur leur propre poste envoient ici leurs feuilles scellées, par une clé USB ou par le réseau de la salle. Ce poste vérifie chaque message et l&apos;applique selon les règles, ou le refuse en disant pourquoi.</source>
        <translation>Members who score on their own desk send their sealed sheets here, on a USB key or over the room&apos;s network. This desk checks each message and applies it by the rules, or refuses it and says why.</translation>
    </message>
    <message>
        <source>Importer un fichier…</source>
        <translation>Import a file…</translation>
    </message>
    <message>
        <source>Arrêter de surveiller</source>
        <translation>Stop watching</translation>
    </message>
    <message>
        <source>Surveiller un dossier…</source>
        <translation>Watch a folder…</translation>
    </message>
    <message>
        <source>Dossier surveillé : %1</source>
        <translation>Folder watched: %1</translation>
    </message>
    <message>
        <source>Salle ouverte au réseau</source>
        <translation>Room open to the network</translation>
    </message>
    <message>
        <source>Ouvrir la salle au réseau</source>
        <translation>Open the room to the network</translation>
    </message>
    <message>
        <source>Un autre poste de salle tourne pour cette séance sur le réseau (%1). Une séance n&apos;a qu&apos;un poste de salle : fermez l&apos;autre.</source>
        <translation>Another room desk is running this session on the network (%1). A session has one room desk only: close the other one.</translation>
    </message>
    <message>
        <source>Refus</source>
        <translation>Refusals</translation>
    </message>
    <message>
        <source>Dernier fichier importé à %1 : %2 — %3 accepté(s), %4 refusé(s), %5 déjà reçu(s).</source>
        <translation>Last file imported at %1: %2 — %3 accepted, %4 refused, %5 already received.</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Réduire</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>Agrandir</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>Page précédente</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>Page suivante</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>Ajuster à la largeur</source>
        <translation>Fit to width</translation>
    </message>
    <message>
        <source>Lire en plein écran (%1) ; Échap pour revenir</source>
        <translation>Read full screen (%1); Esc to come back</translation>
    </message>
    <message>
        <source>Lire en plein écran</source>
        <translation>Read full screen</translation>
    </message>
    <message>
        <source>Aucun document pour ce candidat.</source>
        <translation>No document for this candidate.</translation>
    </message>
    <message>
        <source>Ce document ne peut pas être affiché. %1</source>
        <translation>This document cannot be shown. %1</translation>
    </message>
    <message>
        <source>Page %1 sur %2</source>
        <translation>Page %1 of %2</translation>
    </message>
</context>
<context>
    <name>FastForward</name>
    <message>
        <source>Avance rapide (démonstration)</source>
        <translation>Fast-forward (demo)</translation>
    </message>
    <message>
        <source>Le jury fictif termine la séance</source>
        <translation>The fictitious jury finishes the session</translation>
    </message>
    <message>
        <source>Démonstration seulement. Pour chaque candidat sans décision définitive, les membres fictifs notent et scellent leurs feuilles, discutent un écart, retiennent la proposition des règles et approuvent pour chaque école, selon les règles habituelles. Ce que vous avez déjà fait est conservé ; les membres absents sont pointés présents. Tapez la phrase secrète que vous avez donnée aux membres (ceux qui n&apos;en ont pas encore la reçoivent) :</source>
        <translation>Demo only. For every candidate without a final decision, the fictitious members score and seal their sheets, discuss a gap, keep the rules&apos; proposal and approve for each school, under the usual rules. What you already did is kept; absent members are checked in. Type the passphrase you gave the members (those who have none yet receive it):</translation>
    </message>
    <message>
        <source>Terminer la séance</source>
        <translation>Finish the session</translation>
    </message>
    <message>
        <source>Le jury fictif termine la séance…</source>
        <translation>The fictitious jury is finishing the session…</translation>
    </message>
    <message>
        <source>%1 candidat(s) terminé(s) par le jury fictif ; chaque décision est définitive. La présidence peut clore la séance depuis le tableau du jury, puis établir le procès-verbal.</source>
        <translation>%1 candidate(s) finished by the fictitious jury; every decision is final. The chair may close the session from the jury board, then draw up the minutes.</translation>
    </message>
    <message>
        <source>Avance rapide terminée</source>
        <translation>Fast-forward done</translation>
    </message>
</context>
<context>
    <name>JoinRoomDialog</name>
    <message>
        <source>Rejoindre la salle</source>
        <translation>Join the room</translation>
    </message>
    <message>
        <source>Tapez l&apos;adresse et le code affichés sur l&apos;écran du poste de salle (ou collez le texte du QR code dans l&apos;adresse). Ce poste ne rejoint la salle qu&apos;une fois.</source>
        <translation>Type the address and the code shown on the room desk&apos;s screen (or paste the QR code&apos;s text into the address). This desk joins the room once only.</translation>
    </message>
    <message>
        <source>Adresse de la salle :</source>
        <translation>Room address:</translation>
    </message>
    <message>
        <source>Code d&apos;appairage :</source>
        <translation>Pairing code:</translation>
    </message>
    <message>
        <source>Rejoindre</source>
        <translation>Join</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>JuryRoomModel</name>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>École</source>
        <translation>School</translation>
    </message>
    <message>
        <source>Rôle</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Présence</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Phrase secrète</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Pas encore arrivé(e)</source>
        <translation>Not arrived yet</translation>
    </message>
    <message>
        <source>Présent(e) depuis %1</source>
        <translation>Present since %1</translation>
    </message>
    <message>
        <source>connecté(e)</source>
        <translation>signed in</translation>
    </message>
    <message>
        <source>Parti(e) à %1</source>
        <translation>Left at %1</translation>
    </message>
    <message>
        <source>Arrivée à %1</source>
        <translation>Arrived at %1</translation>
    </message>
    <message>
        <source>Départ à %1</source>
        <translation>Left at %1</translation>
    </message>
    <message>
        <source>choisie</source>
        <translation>chosen</translation>
    </message>
    <message>
        <source>à choisir</source>
        <translation>to be chosen</translation>
    </message>
</context>
<context>
    <name>KeyConfirmDialog</name>
    <message>
        <source>Ajouter une clé de la scolarité</source>
        <translation>Add a secretariat key</translation>
    </message>
    <message>
        <source>Vérifiez cette clé avant de lui faire confiance</source>
        <translation>Check this key before you trust it</translation>
    </message>
    <message>
        <source>Ce poste acceptera les dossiers de séance signés par cette clé. Comparez l&apos;empreinte ci-dessous avec celle que la scolarité vous a communiquée par un autre moyen (téléphone, courrier signé). Si un seul caractère diffère, n&apos;ajoutez pas cette clé.</source>
        <translation>This desk will accept the session bundles signed by this key. Compare the fingerprint below with the one the secretariat gave you another way (by phone, in a signed letter). If a single character differs, do not add this key.</translation>
    </message>
    <message>
        <source>Empreinte à comparer :</source>
        <translation>Fingerprint to compare:</translation>
    </message>
    <message>
        <source>Identifiant technique : %1</source>
        <translation>Technical id: %1</translation>
    </message>
    <message>
        <source>Utiliser cette clé comme :</source>
        <translation>Use this key as:</translation>
    </message>
    <message>
        <source>Faire confiance à cette clé</source>
        <translation>Trust this key</translation>
    </message>
</context>
<context>
    <name>LobbyPage</name>
    <message>
        <source>Jury</source>
        <translation>Jury</translation>
    </message>
    <message>
        <source>Membres du jury et leur présence</source>
        <translation>Jury members and their attendance</translation>
    </message>
    <message>
        <source>Conflits d&apos;intérêts déclarés</source>
        <translation>Declared conflicts of interest</translation>
    </message>
    <message>
        <source>Choisissez votre nom, pointez votre arrivée avec votre phrase secrète (la première fois, vous la choisissez), puis connectez-vous pour noter.</source>
        <translation>Choose your name, check in with your passphrase (the first time, you choose it), then sign in to score.</translation>
    </message>
    <message>
        <source>Choisissez votre nom, pointez votre arrivée, puis connectez-vous pour noter (la première fois, vous choisissez votre phrase secrète).</source>
        <translation>Choose your name, check in, then sign in to score (the first time, you choose your passphrase).</translation>
    </message>
    <message>
        <source>⚠ La notation attend le président, %1 : sa première arrivée crée la clé qui garde les feuilles scellées jusqu&apos;à l&apos;ouverture des plis. Président, pointez votre arrivée.</source>
        <translation>⚠ Scoring waits for the chair, %1: their first check-in makes the key that keeps the sealed sheets closed until they are opened. Chair, check in.</translation>
    </message>
    <message>
        <source>Pointer l&apos;arrivée</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>Pointer le départ</source>
        <translation>Check out</translation>
    </message>
    <message>
        <source>Se connecter pour noter…</source>
        <translation>Sign in to score…</translation>
    </message>
    <message>
        <source>Déclarer un conflit…</source>
        <translation>Declare a conflict…</translation>
    </message>
    <message>
        <source>Conflits d&apos;intérêts</source>
        <translation>Conflicts of interest</translation>
    </message>
    <message>
        <source>Un membre en conflit ne note pas le candidat et ne voit pas ses notes.</source>
        <translation>A conflicted member does not score the candidate and does not see their scores.</translation>
    </message>
    <message>
        <source>Clé exportée du poste de %1</source>
        <translation>Key exported from %1&apos;s desk</translation>
    </message>
    <message>
        <source>Clé secrète de %1</source>
        <translation>Secret key of %1</translation>
    </message>
    <message>
        <source>Clé secrète minisign (*.key);;Tous les fichiers (*)</source>
        <translation>Minisign secret key (*.key);;All files (*)</translation>
    </message>
    <message>
        <source>Le secrétariat a fixé votre clé dans le dossier. Tapez la phrase secrète de votre fichier de clé : elle signera chacun de vos actes de la séance.</source>
        <translation>The secretariat pinned your key in the bundle. Type the passphrase of your key file: it will sign each of your acts in this session.</translation>
    </message>
    <message>
        <source>C&apos;est votre première arrivée sur ce poste : choisissez une phrase secrète d&apos;au moins %1 signes et tapez-la deux fois. Elle signe chacun de vos actes (arrivée, notes, propositions, approbations…) ; personne d&apos;autre ne doit la connaître.</source>
        <translation>This is your first check-in on this desk: choose a passphrase of at least %1 characters and type it twice. It signs each of your acts (check-in, notes, proposals, approvals…); nobody else may know it.</translation>
    </message>
    <message>
        <source>Tapez votre phrase secrète : votre arrivée est signée.</source>
        <translation>Type your passphrase: your check-in is signed.</translation>
    </message>
    <message>
        <source>Arrivée de %1</source>
        <translation>%1 checks in</translation>
    </message>
    <message>
        <source>Vous avez enregistré votre clé depuis votre poste de membre : ce poste de salle utilise le fichier que vous en avez exporté (« Exporter ma clé… »). Tapez sa phrase secrète : elle signera chacun de vos actes ici aussi.</source>
        <translation>You registered your key from your member desk: this room desk uses the file you exported from it (“Export my key…”). Type its passphrase: it will sign each of your acts here too.</translation>
    </message>
    <message>
        <source>Départ de %1</source>
        <translation>%1 checks out</translation>
    </message>
    <message>
        <source>Tapez votre phrase secrète : votre départ est signé.</source>
        <translation>Type your passphrase: your check-out is signed.</translation>
    </message>
    <message>
        <source>C&apos;est votre première connexion sur ce poste : choisissez une phrase secrète d&apos;au moins %1 signes et tapez-la deux fois. Elle vous sera demandée pour sceller vos feuilles et approuver les décisions ; personne d&apos;autre ne doit la connaître.</source>
        <translation>This is your first sign-in on this desk: choose a passphrase of at least %1 characters and type it twice. You will be asked for it to seal your sheets and approve decisions; nobody else must know it.</translation>
    </message>
    <message>
        <source>Tapez votre phrase secrète pour ouvrir votre espace de notation.</source>
        <translation>Type your passphrase to open your scoring workspace.</translation>
    </message>
    <message>
        <source>Connexion</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Première connexion de %1</source>
        <translation>First sign-in of %1</translation>
    </message>
    <message>
        <source>Choisir et se connecter</source>
        <translation>Choose and sign in</translation>
    </message>
    <message>
        <source>Se connecter</source>
        <translation>Sign in</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DÉMONSTRATION — données fictives, sans aucune valeur officielle</source>
        <translation>DEMO — fictitious data, no official value</translation>
    </message>
    <message>
        <source>Jury Mines Paris × Albert School</source>
        <translation>Mines Paris × Albert School jury</translation>
    </message>
    <message>
        <source>Ouvrir un dossier de séance</source>
        <translation>Open a session bundle</translation>
    </message>
    <message>
        <source>Dossier de séance (*.jdbundle);;Tous les fichiers (*)</source>
        <translation>Session bundle (*.jdbundle);;All files (*)</translation>
    </message>
    <message>
        <source>Aucune clé de la scolarité</source>
        <translation>No secretariat key</translation>
    </message>
    <message>
        <source>Ce poste ne connaît encore aucune clé de la scolarité : il ne peut donc vérifier aucun dossier. Ajoutez la clé dans les réglages, à droite de l&apos;écran d&apos;accueil, puis ouvrez à nouveau le dossier.</source>
        <translation>This desk does not know any secretariat key yet, so it cannot verify any bundle. Add the key in the settings, on the right of the start screen, then open the bundle again.</translation>
    </message>
    <message>
        <source>Vérification du dossier « %1 »…</source>
        <translation>Verifying the bundle “%1”…</translation>
    </message>
    <message>
        <source>Reprise de la séance « %1 »…</source>
        <translation>Resuming the session “%1”…</translation>
    </message>
    <message>
        <source>Vérification annulée : rien n&apos;a été conservé.</source>
        <translation>Verification cancelled: nothing was kept.</translation>
    </message>
</context>
<context>
    <name>MemberKeyExport</name>
    <message>
        <source>Votre clé est votre fichier</source>
        <translation>Your key is your file</translation>
    </message>
    <message>
        <source>Ce poste signe avec le fichier de clé que vous avez choisi en l&apos;ouvrant, et n&apos;en garde pas de copie : apportez ce fichier au poste de salle.</source>
        <translation>This desk signs with the key file you chose when you opened it, and keeps no copy of it: bring that file to the room desk.</translation>
    </message>
    <message>
        <source>Exporter ma clé (vers une clé USB)</source>
        <translation>Export my key (to a USB key)</translation>
    </message>
    <message>
        <source>Un autre fichier porte ce nom</source>
        <translation>Another file has this name</translation>
    </message>
    <message>
        <source>Ce dossier contient déjà un autre fichier de clé de ce nom : rien n&apos;a été remplacé. Choisissez un autre dossier, ou retirez ce fichier.</source>
        <translation>This folder already holds another key file of this name: nothing was replaced. Choose another folder, or remove that file.</translation>
    </message>
    <message>
        <source>Clé exportée</source>
        <translation>Key exported</translation>
    </message>
    <message>
        <source>Votre clé est dans %1, toujours chiffrée par votre phrase secrète : gardez ce fichier pour vous. Au poste de salle, choisissez votre nom dans la salle du jury, cliquez « Se connecter pour noter… », choisissez ce fichier et tapez votre phrase secrète.</source>
        <translation>Your key is in %1, still encrypted under your passphrase: keep this file to yourself. On the room desk, choose your name in the jury room, click “Sign in to score…”, choose this file and type your passphrase.</translation>
    </message>
</context>
<context>
    <name>MemberPage</name>
    <message>
        <source>Choisissez un candidat dans la liste.</source>
        <translation>Choose a candidate in the list.</translation>
    </message>
    <message>
        <source>Reçu du scellé : %1</source>
        <translation>Seal receipt: %1</translation>
    </message>
    <message>
        <source>Cette feuille est déjà scellée.</source>
        <translation>This sheet is already sealed.</translation>
    </message>
    <message>
        <source>Les plis de ce candidat sont ouverts : sa feuille ne change plus.</source>
        <translation>This candidate&apos;s sheets are open: your sheet no longer changes.</translation>
    </message>
    <message>
        <source>La salle a refusé cette feuille : %1</source>
        <translation>The room refused this sheet: %1</translation>
    </message>
    <message>
        <source>Scellée. Elle attend dans votre boîte d&apos;envoi : rejoignez la salle ou exportez-la sur une clé USB.</source>
        <translation>Sealed. It waits in your outbox: join the room or export it to a USB key.</translation>
    </message>
    <message>
        <source>Scellée et reçue par la salle. Rien à faire.</source>
        <translation>Sealed and received by the room. Nothing to do.</translation>
    </message>
    <message>
        <source>Brouillon enregistré sur ce poste (chiffré pour vous seul).</source>
        <translation>Draft saved on this desk (encrypted for you alone).</translation>
    </message>
    <message>
        <source>Pas encore notée.</source>
        <translation>Not scored yet.</translation>
    </message>
    <message>
        <source>Critères notés : %1 sur %2</source>
        <translation>Criteria scored: %1 of %2</translation>
    </message>
    <message>
        <source>Total : %1 / %2</source>
        <translation>Total: %1 / %2</translation>
    </message>
    <message>
        <source>Les feuilles révélées de ce candidat sont en route depuis la salle : elles s&apos;afficheront ici dès leur arrivée.</source>
        <translation>This candidate&apos;s revealed sheets are on their way from the room: they will show here as soon as they arrive.</translation>
    </message>
    <message>
        <source>Feuilles révélées (lecture seule) :</source>
        <translation>Revealed sheets (read-only):</translation>
    </message>
    <message>
        <source>Aucune décision n&apos;est encore proposée pour ce candidat.</source>
        <translation>No decision has been proposed for this candidate yet.</translation>
    </message>
    <message>
        <source>La salle n&apos;a encore rien proposé pour ce candidat.</source>
        <translation>The room has proposed nothing for this candidate yet.</translation>
    </message>
    <message>
        <source>Proposition n° %1 : %2</source>
        <translation>Proposal no. %1: %2</translation>
    </message>
    <message>
        <source>Feuille scellée</source>
        <translation>Sealed sheet</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Approbation</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>Objection</source>
        <translation>Objection</translation>
    </message>
    <message>
        <source>Conflit déclaré</source>
        <translation>Conflict declared</translation>
    </message>
    <message>
        <source>Arrivée</source>
        <translation>Arrival</translation>
    </message>
    <message>
        <source>Départ</source>
        <translation>Departure</translation>
    </message>
    <message>
        <source>Clé du poste</source>
        <translation>Desk key</translation>
    </message>
    <message>
        <source>La liaison avec la salle s&apos;est arrêtée : %1 Vos %2 message(s) en attente restent dans votre boîte d&apos;envoi.</source>
        <translation>The link to the room stopped: %1 Your %2 waiting message(s) stay in your outbox.</translation>
    </message>
    <message>
        <source>Relié à la salle (%1). En attente de réponse : %2.</source>
        <translation>Linked to the room (%1). Awaiting an answer: %2.</translation>
    </message>
    <message>
        <source>Salle injoignable pour l&apos;instant : rien n&apos;est perdu, vos %1 message(s) en attente partiront dès le retour du réseau.</source>
        <translation>The room cannot be reached for now: nothing is lost, your %1 waiting message(s) will leave as soon as the network is back.</translation>
    </message>
    <message>
        <source>Hors ligne : vos %1 message(s) en attente restent dans votre boîte d&apos;envoi. Rejoignez la salle, ou exportez-les sur une clé USB.</source>
        <translation>Offline: your %1 waiting message(s) stay in your outbox. Join the room, or export them to a USB key.</translation>
    </message>
    <message>
        <source>Poste de membre : %1 — %2</source>
        <translation>Member desk: %1 — %2</translation>
    </message>
    <message>
        <source>Pointer mon arrivée</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>Dans la salle : la salle du jury vous compte présent(e) dès qu&apos;elle reçoit ce message (réseau ou clé USB).</source>
        <translation>In the room: the jury room counts you present as soon as it receives this message (network or USB key).</translation>
    </message>
    <message>
        <source>Pointer mon départ</source>
        <translation>Check out</translation>
    </message>
    <message>
        <source>Rejoindre la salle…</source>
        <translation>Join the room…</translation>
    </message>
    <message>
        <source>Exporter sur une clé USB…</source>
        <translation>Export to a USB key…</translation>
    </message>
    <message>
        <source>Lire la réponse de la salle…</source>
        <translation>Read the room&apos;s answer…</translation>
    </message>
    <message>
        <source>Exporter ma clé…</source>
        <translation>Export my key…</translation>
    </message>
    <message>
        <source>Pour agir aussi au poste de salle (le président y ouvre les plis) : votre clé, toujours chiffrée par votre phrase secrète, sur une clé USB.</source>
        <translation>To act on the room desk too (the chair opens the sealed sheets there): your key, still encrypted under your passphrase, on a USB key.</translation>
    </message>
    <message>
        <source>Retour à l&apos;accueil</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>Sceller…</source>
        <translation>Seal…</translation>
    </message>
    <message>
        <source>Note sur ce candidat</source>
        <translation>Note on this candidate</translation>
    </message>
    <message>
        <source>Ajouter la note</source>
        <translation>Add the note</translation>
    </message>
    <message>
        <source>Approbation de votre école</source>
        <translation>Your school&apos;s approval</translation>
    </message>
    <message>
        <source>Vous approuvez ou objectez au nom de %1.</source>
        <translation>You approve or object on behalf of %1.</translation>
    </message>
    <message>
        <source>Approuver</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Objecter…</source>
        <translation>Object…</translation>
    </message>
    <message>
        <source>Réponses de la salle</source>
        <translation>The room&apos;s answers</translation>
    </message>
    <message>
        <source>Renvoyer ce qui attendait</source>
        <translation>Send again what waited</translation>
    </message>
    <message>
        <source>Renvoie chaque message que la salle a refusé seulement pour le moment (quorum pas encore atteint, arrivée pas encore reçue).</source>
        <translation>Sends again each message the room refused only for the moment (quorum not reached yet, arrival not received yet).</translation>
    </message>
    <message>
        <source>Feuille incomplète</source>
        <translation>Incomplete sheet</translation>
    </message>
    <message>
        <source>Notez chaque critère avant de sceller : %1.</source>
        <translation>Score every criterion before sealing: %1.</translation>
    </message>
    <message>
        <source>Sceller la feuille</source>
        <translation>Seal the sheet</translation>
    </message>
    <message>
        <source>Vérifiez vos notes pour %1 :
%2

Une fois scellée, la feuille ne peut plus être modifiée.</source>
        <translation>Check your scores for %1:
%2

Once sealed, the sheet can no longer be changed.</translation>
    </message>
    <message>
        <source>Sceller</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>Rien à renvoyer</source>
        <translation>Nothing to send again</translation>
    </message>
    <message>
        <source>Aucun message n&apos;attendait : rien à faire.</source>
        <translation>No message was waiting: nothing to do.</translation>
    </message>
    <message>
        <source>Motif manquant</source>
        <translation>Reason missing</translation>
    </message>
    <message>
        <source>Écrivez le motif de l&apos;objection dans la note, puis objectez.</source>
        <translation>Write the reason for the objection in the note, then object.</translation>
    </message>
    <message>
        <source>Exporter sur une clé USB</source>
        <translation>Export to a USB key</translation>
    </message>
    <message>
        <source>Lire la réponse de la salle (la clé USB)</source>
        <translation>Read the room&apos;s answer (the USB key)</translation>
    </message>
</context>
<context>
    <name>MinutesPage</name>
    <message>
        <source>Langue du procès-verbal :</source>
        <translation>Language of the minutes:</translation>
    </message>
    <message>
        <source>Procès-verbal de la séance</source>
        <translation>Minutes of the session</translation>
    </message>
    <message>
        <source>Le président du jury et le signataire déclaré de chaque école signent avec leur clé ; le procès-verbal est ensuite exporté avec ses données (minutes.json).</source>
        <translation>The chair of the jury and each school&apos;s declared signer sign with their key; the minutes are then exported with their data (minutes.json).</translation>
    </message>
    <message>
        <source>Séance simulée : le procès-verbal porte la mention SIMULATION sur chaque page et ne vaut pas procès-verbal du jury.</source>
        <translation>Simulated session: every page of the minutes is marked SIMULATION; they are not a jury&apos;s minutes.</translation>
    </message>
    <message>
        <source>1. Signatures</source>
        <translation>1. Signatures</translation>
    </message>
    <message>
        <source>2. Export</source>
        <translation>2. Export</translation>
    </message>
    <message>
        <source>Exporter le procès-verbal signé…</source>
        <translation>Export the signed minutes…</translation>
    </message>
    <message>
        <source>Vérifier le procès-verbal exporté…</source>
        <translation>Verify the exported minutes…</translation>
    </message>
    <message>
        <source>Président du jury</source>
        <translation>Chair of the jury</translation>
    </message>
    <message>
        <source>La séance doit être close avant l&apos;export.</source>
        <translation>The session must be closed before the export.</translation>
    </message>
    <message>
        <source>Il manque encore la clé de : %1.</source>
        <translation>Still missing the key of: %1.</translation>
    </message>
    <message>
        <source>Les deux clés sont prêtes : choisissez le dossier d&apos;export.</source>
        <translation>Both keys are ready: choose the export folder.</translation>
    </message>
    <message>
        <source>La séance n&apos;est pas close.</source>
        <translation>The session is not closed.</translation>
    </message>
    <message>
        <source>Préparation de l&apos;aperçu…</source>
        <translation>Preparing the preview…</translation>
    </message>
    <message>
        <source>Procès-verbal signé, tel qu&apos;exporté</source>
        <translation>Signed minutes, as exported</translation>
    </message>
    <message>
        <source>Aperçu, sans les signatures</source>
        <translation>Preview, without the signatures</translation>
    </message>
    <message>
        <source>Où ranger le procès-verbal ? (le dossier %1 y sera créé)</source>
        <translation>Where should the minutes go? (folder %1 will be created there)</translation>
    </message>
    <message>
        <source>Remplacer le procès-verbal ?</source>
        <translation>Replace the minutes?</translation>
    </message>
    <message>
        <source>Le dossier %1 contient déjà %2. Le nouvel export les remplace (le précédent procès-verbal est alors perdu s&apos;il n&apos;a pas été archivé).</source>
        <translation>The folder %1 already holds %2. The new export replaces them (the previous minutes are then lost unless they were archived).</translation>
    </message>
    <message>
        <source>Remplacer</source>
        <translation>Replace</translation>
    </message>
    <message>
        <source>Signature et export du procès-verbal…</source>
        <translation>Signing and exporting the minutes…</translation>
    </message>
    <message>
        <source>Export impossible</source>
        <translation>Export impossible</translation>
    </message>
    <message>
        <source>Le procès-verbal ne peut pas être écrit dans ce dossier (droits d&apos;accès, disque plein ?). Choisissez un autre dossier.</source>
        <translation>The minutes cannot be written to this folder (access rights, disk full?). Choose another folder.</translation>
    </message>
    <message>
        <source>✓ Procès-verbal signé par %1 et exporté (%2).</source>
        <translation>✓ Minutes signed by %1 and exported (%2).</translation>
    </message>
    <message>
        <source>PV : %1
Données : %2</source>
        <translation>Minutes: %1
Data: %2</translation>
    </message>
</context>
<context>
    <name>MyCandidatesModel</name>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Ma feuille</source>
        <translation>My sheet</translation>
    </message>
    <message>
        <source>Révélée</source>
        <translation>Revealed</translation>
    </message>
    <message>
        <source>À noter</source>
        <translation>To score</translation>
    </message>
    <message>
        <source>Brouillon</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Envoyée</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Reçue</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Refusée</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Scellée, en attente de la salle</source>
        <translation>Sealed, awaiting the room</translation>
    </message>
    <message>
        <source>Scellée, reçue par la salle</source>
        <translation>Sealed, received by the room</translation>
    </message>
    <message>
        <source>Refusée par la salle</source>
        <translation>Refused by the room</translation>
    </message>
</context>
<context>
    <name>OpenMemberDeskDialog</name>
    <message>
        <source>Membre du jury : mon poste</source>
        <translation>Jury member: my desk</translation>
    </message>
    <message>
        <source>Choisir le dossier de séance</source>
        <translation>Choose the session bundle</translation>
    </message>
    <message>
        <source>Dossier de séance (*.jdbundle);;Tous les fichiers (*)</source>
        <translation>Session bundle (*.jdbundle);;All files (*)</translation>
    </message>
    <message>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Le dossier de séance (.jdbundle)</source>
        <translation>The session bundle (.jdbundle)</translation>
    </message>
    <message>
        <source>Choisir votre fichier de clé</source>
        <translation>Choose your key file</translation>
    </message>
    <message>
        <source>Clé de membre (*.key);;Tous les fichiers (*)</source>
        <translation>Member key (*.key);;All files (*)</translation>
    </message>
    <message>
        <source>Choisissez le dossier de séance (.jdbundle) et votre fichier de clé, si la scolarité vous en a remis un (sinon, ce poste crée votre clé, protégée par votre phrase secrète). Le dossier est vérifié comme sur le poste de salle. Vous pourrez noter sans réseau, chez vous, puis rejoindre la salle ou apporter votre boîte d&apos;envoi sur une clé USB.</source>
        <translation>Choose the session bundle (.jdbundle) and your key file, if the secretariat gave you one (otherwise this desk makes your key, protected by your passphrase). The bundle is verified as on the room desk. You can score without a network, at home, then join the room or bring your outbox on a USB key.</translation>
    </message>
    <message>
        <source>Votre fichier de clé (facultatif)</source>
        <translation>Your key file (optional)</translation>
    </message>
    <message>
        <source>La phrase secrète de votre clé</source>
        <translation>Your key&apos;s passphrase</translation>
    </message>
    <message>
        <source>Dossier de séance :</source>
        <translation>Session bundle:</translation>
    </message>
    <message>
        <source>Votre clé :</source>
        <translation>Your key:</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Ouvrir mon poste</source>
        <translation>Open my desk</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>le dossier de séance</source>
        <translation>the session bundle</translation>
    </message>
    <message>
        <source>la phrase secrète</source>
        <translation>the passphrase</translation>
    </message>
    <message>
        <source>Il manque : </source>
        <translation>Missing: </translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Au nom de :</source>
        <translation>On behalf of:</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Une seconde fois :</source>
        <translation>Once more:</translation>
    </message>
    <message>
        <source>Les deux saisies diffèrent : tapez la même phrase secrète deux fois.</source>
        <translation>The two entries differ: type the same passphrase twice.</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <source>Proposer une décision</source>
        <translation>Propose a decision</translation>
    </message>
    <message>
        <source>Décision du jury pour %1</source>
        <translation>The jury&apos;s decision for %1</translation>
    </message>
    <message>
        <source>Si elle diffère de la proposition des règles, écrivez pourquoi : la justification est imprimée au procès-verbal.</source>
        <translation>If it differs from the rules&apos; proposal, write why: the justification is printed in the minutes.</translation>
    </message>
    <message>
        <source>Sans mention</source>
        <translation>No mention</translation>
    </message>
    <message>
        <source>Proposer</source>
        <translation>Propose</translation>
    </message>
    <message>
        <source>Décision :</source>
        <translation>Decision:</translation>
    </message>
    <message>
        <source>Mention :</source>
        <translation>Mention:</translation>
    </message>
    <message>
        <source>Ajoutés à la moyenne générale, au plus le maximum des règles ; la décision est alors celle des règles sur la moyenne ainsi relevée.</source>
        <translation>Added to the diploma average, at most the rules&apos; maximum; the decision is then the rules&apos; on the raised average.</translation>
    </message>
    <message>
        <source>Points de jury :</source>
        <translation>Points de jury:</translation>
    </message>
    <message>
        <source>Justification :</source>
        <translation>Justification:</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
</context>
<context>
    <name>QuorumIndicator</name>
    <message>
        <source>Quorum :</source>
        <translation>Quorum:</translation>
    </message>
    <message>
        <source>%1 %2 : présents %3, requis %4</source>
        <translation>%1 %2: %3 present, %4 required</translation>
    </message>
</context>
<context>
    <name>ReadBack</name>
    <message>
        <source>Total (moyenne pondérée)</source>
        <translation>Total (weighted mean)</translation>
    </message>
</context>
<context>
    <name>RecordSummary</name>
    <message>
        <source>Boursier : oui</source>
        <translation>Scholarship holder: yes</translation>
    </message>
    <message>
        <source>Boursier : non</source>
        <translation>Scholarship holder: no</translation>
    </message>
    <message>
        <source>%1 ECTS validés (%2 cours sur %3) ; %4 requis</source>
        <translation>%1 ECTS validated (%2 of %3 courses); %4 required</translation>
    </message>
    <message>
        <source>%1 (dont %2 avec une entreprise) ; %3 requis chaque année</source>
        <translation>%1 (%2 with a company); %3 required each year</translation>
    </message>
    <message>
        <source>✓ %1 : condition remplie</source>
        <translation>✓ %1: requirement met</translation>
    </message>
    <message>
        <source>✗ %1 : condition non remplie</source>
        <translation>✗ %1: requirement missing</translation>
    </message>
    <message>
        <source>Conditions du diplôme</source>
        <translation>Degree requirements</translation>
    </message>
</context>
<context>
    <name>RoomExchange</name>
    <message>
        <source>message %1 de %2</source>
        <translation>message %1 from %2</translation>
    </message>
    <message>
        <source>ligne</source>
        <translation>line</translation>
    </message>
</context>
<context>
    <name>RoomNetworkBox</name>
    <message>
        <source>Salle ouverte au réseau</source>
        <translation>Room open to the network</translation>
    </message>
    <message>
        <source>Nouveau code</source>
        <translation>New code</translation>
    </message>
    <message>
        <source>Remplace le code d&apos;appairage : les postes déjà appairés restent appairés.</source>
        <translation>Replaces the pairing code: desks already paired stay paired.</translation>
    </message>
    <message>
        <source>Sur son poste, chaque membre choisit « Rejoindre la salle… » et tape l&apos;adresse et le code, ou lit le QR code. L&apos;empreinte doit être la même sur les deux écrans.</source>
        <translation>On their desk, each member chooses “Join the room…” and types the address and the code, or reads the QR code. The fingerprint must be the same on both screens.</translation>
    </message>
    <message>
        <source>Aucun trousseau du système sur ce poste : son certificat n&apos;est pas gardé. Après un redémarrage du poste de salle, chaque membre devra rejoindre la salle à nouveau.</source>
        <translation>No system keyring on this desk: its certificate is not kept. After a restart of the room desk, each member will have to join the room again.</translation>
    </message>
    <message>
        <source>Adresse : %1:%2</source>
        <translation>Address: %1:%2</translation>
    </message>
    <message>
        <source>Code : %1</source>
        <translation>Code: %1</translation>
    </message>
    <message>
        <source>Empreinte : %1</source>
        <translation>Fingerprint: %1</translation>
    </message>
</context>
<context>
    <name>RubricForm</name>
    <message>
        <source>Notes de %1 à %2, par pas de %3. « — » : pas encore noté.</source>
        <translation>Scores from %1 to %2, in steps of %3. “—”: not scored yet.</translation>
    </message>
    <message>
        <source>%1 (coef. %2)</source>
        <translation>%1 (weight %2)</translation>
    </message>
</context>
<context>
    <name>ScholarshipGauge</name>
    <message>
        <source>Boursiers parmi les admis : aucun admis (objectif %1)</source>
        <translation>Scholarship holders among the admitted: nobody admitted yet (target %1)</translation>
    </message>
    <message>
        <source>Boursiers parmi les admis : %1 sur %2, soit %3 (objectif %4)</source>
        <translation>Scholarship holders among the admitted: %1 of %2, i.e. %3 (target %4)</translation>
    </message>
    <message>
        <source>Part des boursiers parmi les candidats actuellement proposés à l&apos;admission ; le trait marque l&apos;objectif.</source>
        <translation>Share of scholarship holders among the candidates currently proposed for admission; the line marks the target.</translation>
    </message>
</context>
<context>
    <name>ScoringPage</name>
    <message>
        <source>Mes candidats</source>
        <translation>My candidates</translation>
    </message>
    <message>
        <source>Ma feuille de notation</source>
        <translation>My score sheet</translation>
    </message>
    <message>
        <source>Sceller ma feuille…</source>
        <translation>Seal my sheet…</translation>
    </message>
    <message>
        <source>Feuilles scellées : %1 sur %2</source>
        <translation>Sheets sealed: %1 of %2</translation>
    </message>
    <message>
        <source>Aucun document à afficher pour ce candidat.</source>
        <translation>No document to show for this candidate.</translation>
    </message>
    <message>
        <source>Choisissez un candidat dans la liste.</source>
        <translation>Choose a candidate in the list.</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>(nom masqué)</source>
        <translation>(name hidden)</translation>
    </message>
    <message>
        <source>Dossier de %1</source>
        <translation>Dossier of %1</translation>
    </message>
    <message>
        <source>Feuille scellée, notes révélées : une révision motivée reste possible depuis le tableau du jury.</source>
        <translation>Sheet sealed, scores revealed: a revision with a reason is still possible from the jury board.</translation>
    </message>
    <message>
        <source>Feuille scellée : elle ne peut plus être modifiée avant la révélation des notes.</source>
        <translation>Sheet sealed: it can no longer be changed before the scores are revealed.</translation>
    </message>
    <message>
        <source>Vous avez déclaré un conflit d&apos;intérêts pour ce candidat : vous ne le notez pas.</source>
        <translation>You declared a conflict of interest for this candidate: you do not score them.</translation>
    </message>
    <message>
        <source>Les notes de ce candidat ont été révélées avant que vous ne scelliez : sa notation est terminée.</source>
        <translation>This candidate&apos;s scores were revealed before you sealed: scoring is over for them.</translation>
    </message>
    <message>
        <source>Votre brouillon est enregistré au fur et à mesure ; personne ne le voit. Scellez la feuille quand elle est complète.</source>
        <translation>Your draft is saved as you go; nobody sees it. Seal the sheet when it is complete.</translation>
    </message>
    <message>
        <source>Votre total : dès que chaque critère est noté.</source>
        <translation>Your total: as soon as every criterion is scored.</translation>
    </message>
    <message>
        <source>Votre total : %1 / 20</source>
        <translation>Your total: %1 / 20</translation>
    </message>
    <message>
        <source>Modification en cours…</source>
        <translation>Editing…</translation>
    </message>
    <message>
        <source>Non enregistré : %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>✓ Brouillon enregistré à %1</source>
        <translation>✓ Draft saved at %1</translation>
    </message>
    <message>
        <source>Sceller ma feuille</source>
        <translation>Seal my sheet</translation>
    </message>
    <message>
        <source>Vérifiez vos notes pour %1</source>
        <translation>Check your scores for %1</translation>
    </message>
    <message>
        <source>Une fois scellée, la feuille ne peut plus être modifiée avant la révélation des notes ; ensuite, seulement par une révision motivée. Tapez votre phrase secrète pour sceller.</source>
        <translation>Once sealed, the sheet can no longer be changed before the scores are revealed; after that, only by a revision with a reason. Type your passphrase to seal.</translation>
    </message>
    <message>
        <source>Sceller</source>
        <translation>Seal</translation>
    </message>
    <message>
        <source>✓ Feuille de %1 scellée. Reçu : %2</source>
        <translation>✓ Sheet for %1 sealed. Receipt: %2</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <source>Jury d&apos;admission</source>
        <translation>Admission jury</translation>
    </message>
    <message>
        <source>Jury de diplôme</source>
        <translation>Graduation jury</translation>
    </message>
    <message>
        <source>Bachelor</source>
        <translation>Bachelor</translation>
    </message>
    <message>
        <source>Master</source>
        <translation>Master</translation>
    </message>
    <message>
        <source>✓ Séance reprise : son dossier a été vérifié à nouveau et il est intact (%1 candidats, %2 documents).</source>
        <translation>✓ Session resumed: its bundle was verified again and is intact (%1 candidates, %2 documents).</translation>
    </message>
    <message>
        <source>✓ Dossier vérifié : signé par la scolarité et intact (%1 candidats, %2 documents).</source>
        <translation>✓ Bundle verified: signed by the secretariat and intact (%1 candidates, %2 documents).</translation>
    </message>
    <message>
        <source>Dossier %1, version %2 · valable jusqu&apos;au %3 · empreinte %4</source>
        <translation>Bundle %1, version %2 · valid until %3 · fingerprint %4</translation>
    </message>
    <message>
        <source>clé %1</source>
        <translation>key %1</translation>
    </message>
    <message>
        <source>Salle du jury</source>
        <translation>Jury room</translation>
    </message>
    <message>
        <source>Tableau du jury</source>
        <translation>Jury board</translation>
    </message>
    <message>
        <source>Procès-verbal</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <source>Postes des membres</source>
        <translation>Member desks</translation>
    </message>
    <message>
        <source>Les feuilles scellées sur les postes des membres : clé USB ou réseau.</source>
        <translation>The sheets sealed on the members&apos; own desks: USB key or network.</translation>
    </message>
    <message>
        <source>Avance rapide (démo)…</source>
        <translation>Fast-forward (demo)…</translation>
    </message>
    <message>
        <source>Le jury fictif termine chaque candidat ouvert, selon les règles.</source>
        <translation>The fictitious jury finishes every open candidate, by the rules.</translation>
    </message>
    <message>
        <source>Retour à l&apos;accueil</source>
        <translation>Back to the start screen</translation>
    </message>
    <message>
        <source>Se déconnecter</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Revenir à la salle du jury (%1). Le brouillon est déjà enregistré.</source>
        <translation>Back to the jury room (%1). The draft is already saved.</translation>
    </message>
    <message>
        <source>Personne n&apos;est connecté pour noter.</source>
        <translation>Nobody is signed in to score.</translation>
    </message>
    <message>
        <source>Connecté(e) pour noter : %1 (%2)</source>
        <translation>Signed in to score: %1 (%2)</translation>
    </message>
    <message>
        <source>Signer, exporter et vérifier le procès-verbal.</source>
        <translation>Sign, export and verify the minutes.</translation>
    </message>
    <message>
        <source>Le procès-verbal s&apos;établit une fois la séance close.</source>
        <translation>The minutes are drawn up once the session is closed.</translation>
    </message>
</context>
<context>
    <name>SessionsModel</name>
    <message>
        <source>Séance</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Dernière modification</source>
        <translation>Last change</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Réglages</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Ce poste</source>
        <translation>This desk</translation>
    </message>
    <message>
        <source>Langue :</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Phrases secrètes :</source>
        <translation>Passphrases:</translation>
    </message>
    <message>
        <source>Recherche du trousseau du système…</source>
        <translation>Looking for the system keyring…</translation>
    </message>
    <message>
        <source>Un signataire qui le demande peut faire mémoriser sa phrase secrète par le trousseau du système.</source>
        <translation>A signer who asks may have their passphrase remembered by the system keyring.</translation>
    </message>
    <message>
        <source>Demandées à chaque signature : aucun trousseau sûr n&apos;est disponible sur cet ordinateur. Rien n&apos;est jamais enregistré en clair.</source>
        <translation>Asked at every signature: no trusted keyring is available on this computer. Nothing is ever stored in plain text.</translation>
    </message>
    <message>
        <source>Trousseau du bureau (GNOME ou KDE)</source>
        <translation>Desktop keyring (GNOME or KDE)</translation>
    </message>
    <message>
        <source>Trousseau d&apos;accès de macOS</source>
        <translation>macOS Keychain</translation>
    </message>
    <message>
        <source>Gestionnaire d&apos;identification de Windows</source>
        <translation>Windows Credential Manager</translation>
    </message>
    <message>
        <source>Trousseau du système</source>
        <translation>System keyring</translation>
    </message>
</context>
<context>
    <name>SheetsModel</name>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>* Révisée après la révélation (les anciennes valeurs sont gardées).</source>
        <translation>* Revised after the reveal (the old values are kept).</translation>
    </message>
</context>
<context>
    <name>ShortcutsHelp</name>
    <message>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Tab et Maj+Tab passent d&apos;une zone à l&apos;autre ; les flèches se déplacent dans un tableau ; Entrée ouvre ou valide ; Échap ferme une fenêtre.</source>
        <translation>Tab and Shift+Tab move from one area to the next; the arrows move within a table; Enter opens or confirms; Esc closes a window.</translation>
    </message>
</context>
<context>
    <name>SignPvDialog</name>
    <message>
        <source>Phrase secrète de la clé du signataire</source>
        <translation>Passphrase of the signer&apos;s key</translation>
    </message>
    <message>
        <source>Signature du procès-verbal</source>
        <translation>Signing the minutes</translation>
    </message>
    <message>
        <source>Clé de signature : %1</source>
        <translation>Signing key: %1</translation>
    </message>
    <message>
        <source>Signataire déclaré par le dossier de séance : %1. Seule sa clé (.p12), dont le certificat a l&apos;empreinte ci-dessous, est acceptée.</source>
        <translation>Signer declared by the session bundle: %1. Only their key (.p12), whose certificate has the fingerprint below, is accepted.</translation>
    </message>
    <message>
        <source>Certificat attendu (SHA-256) :
%1</source>
        <translation>Expected certificate (SHA-256):
%1</translation>
    </message>
    <message>
        <source>Choisir la clé de signature</source>
        <translation>Choose the signing key</translation>
    </message>
    <message>
        <source>Clé de signature (*.p12 *.pfx);;Tous les fichiers (*)</source>
        <translation>Signing key (*.p12 *.pfx);;All files (*)</translation>
    </message>
    <message>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Fichier .p12 du signataire</source>
        <translation>The signer&apos;s .p12 file</translation>
    </message>
    <message>
        <source>Fichier de clé :</source>
        <translation>Key file:</translation>
    </message>
    <message>
        <source>Phrase secrète :</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Mémoriser dans le trousseau du système</source>
        <translation>Remember in the system keyring</translation>
    </message>
    <message>
        <source>Démonstration : la phrase secrète des clés DEMO est « demo ».</source>
        <translation>Demo: the passphrase of the DEMO keys is “demo”.</translation>
    </message>
    <message>
        <source>Déverrouiller la clé</source>
        <translation>Unlock the key</translation>
    </message>
    <message>
        <source>Recherche du trousseau du système…</source>
        <translation>Looking for the system keyring…</translation>
    </message>
    <message>
        <source>Aucun trousseau sûr n&apos;est disponible sur cet ordinateur : la phrase secrète est demandée à chaque signature, et rien n&apos;est jamais enregistré en clair.</source>
        <translation>No safe keyring is available on this computer: the passphrase is asked for every signature, and nothing is ever stored in plain text.</translation>
    </message>
    <message>
        <source>Une phrase secrète est mémorisée pour ce signataire : laissez le champ vide pour l&apos;utiliser.</source>
        <translation>A passphrase is remembered for this signer: leave the field empty to use it.</translation>
    </message>
    <message>
        <source>Le trousseau du système garde la phrase secrète chiffrée, sur demande seulement.</source>
        <translation>The system keyring keeps the passphrase encrypted, on request only.</translation>
    </message>
    <message>
        <source>Choisissez le fichier de clé (.p12) du signataire.</source>
        <translation>Choose the signer&apos;s key file (.p12).</translation>
    </message>
    <message>
        <source>Tapez la phrase secrète de la clé.</source>
        <translation>Type the key&apos;s passphrase.</translation>
    </message>
    <message>
        <source>Ouverture de la clé…</source>
        <translation>Opening the key…</translation>
    </message>
    <message>
        <source>La phrase secrète mémorisée n&apos;ouvre plus cette clé : elle a été retirée du trousseau. Tapez la phrase secrète de la clé.</source>
        <translation>The remembered passphrase no longer opens this key: it was removed from the keyring. Type the key&apos;s passphrase.</translation>
    </message>
</context>
<context>
    <name>SignerSlot</name>
    <message>
        <source>Le dossier de séance ne déclare aucun signataire ici.</source>
        <translation>The session bundle declares no signer here.</translation>
    </message>
    <message>
        <source>Signataire : %1</source>
        <translation>Signer: %1</translation>
    </message>
    <message>
        <source>Certificat attendu (SHA-256) :
%1</source>
        <translation>Expected certificate (SHA-256):
%1</translation>
    </message>
    <message>
        <source>Le procès-verbal ne peut pas être signé : prévenez la scolarité.</source>
        <translation>The minutes cannot be signed: tell the secretariat.</translation>
    </message>
    <message>
        <source>Déverrouiller la clé…</source>
        <translation>Unlock the key…</translation>
    </message>
    <message>
        <source>✓ Signé : %1, dans le procès-verbal exporté.</source>
        <translation>✓ Signed: %1, in the exported minutes.</translation>
    </message>
    <message>
        <source>Clé déverrouillée — signera à l&apos;export (certificat conforme : %1).</source>
        <translation>Key unlocked — will sign at export (matching certificate: %1).</translation>
    </message>
    <message>
        <source>En attente de la clé du signataire.</source>
        <translation>Waiting for the signer&apos;s key.</translation>
    </message>
    <message>
        <source>Président du jury</source>
        <translation>Chair of the jury</translation>
    </message>
    <message>
        <source>Président du jury et signataire pour %1</source>
        <translation>Chair of the jury and signer for %1</translation>
    </message>
    <message>
        <source>Phrase secrète mémorisée dans le trousseau du système.</source>
        <translation>Passphrase remembered in the system keyring.</translation>
    </message>
    <message>
        <source>Changer de clé…</source>
        <translation>Change key…</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Jury Mines Paris – PSL × Albert School</source>
        <translation>Mines Paris – PSL × Albert School jury</translation>
    </message>
    <message>
        <source>Double diplôme AI &amp; Data Business — poste du jury, sans connexion internet</source>
        <translation>AI &amp; Data Business double degree — jury desk, no internet connection</translation>
    </message>
    <message>
        <source>Commencer</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Ouvrir un dossier de séance…</source>
        <translation>Open a session bundle…</translation>
    </message>
    <message>
        <source>Choisissez le fichier « .jdbundle » remis par la scolarité. Il est vérifié avant toute utilisation.</source>
        <translation>Choose the “.jdbundle” file the secretariat gave you. It is verified before anything else.</translation>
    </message>
    <message>
        <source>Membre du jury : noter sur mon poste…</source>
        <translation>Jury member: score on my own desk…</translation>
    </message>
    <message>
        <source>Le dossier de séance et votre clé : notez chez vous ou dans la salle, puis rejoignez la salle ou apportez votre boîte d&apos;envoi sur une clé USB.</source>
        <translation>The session bundle and your key: score at home or in the room, then join the room or bring your outbox on a USB key.</translation>
    </message>
    <message>
        <source>Démonstration : jury d&apos;admission</source>
        <translation>Demo: admission jury</translation>
    </message>
    <message>
        <source>Démonstration : jury de diplôme</source>
        <translation>Demo: graduation jury</translation>
    </message>
    <message>
        <source>Des données fictives pour découvrir le logiciel, sans aucune valeur officielle.</source>
        <translation>Fictitious data to discover the software, with no official value.</translation>
    </message>
    <message>
        <source>Vérifier un procès-verbal…</source>
        <translation>Verify minutes…</translation>
    </message>
    <message>
        <source>Archives des procès-verbaux…</source>
        <translation>PV archive…</translation>
    </message>
    <message>
        <source>Reprendre une séance</source>
        <translation>Resume a session</translation>
    </message>
    <message>
        <source>Aucune séance n&apos;a encore été commencée sur ce poste.</source>
        <translation>No session has been started on this desk yet.</translation>
    </message>
    <message>
        <source>Reprendre la séance choisie</source>
        <translation>Resume the chosen session</translation>
    </message>
    <message>
        <source>Séances enregistrées sur ce poste</source>
        <translation>Sessions saved on this desk</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Veuillez patienter</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>TrustedKeysModel</name>
    <message>
        <source>Emplacement</source>
        <translation>Slot</translation>
    </message>
    <message>
        <source>Clé</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>TrustedKeysPanel</name>
    <message>
        <source>Clés de la scolarité reconnues par ce poste</source>
        <translation>Secretariat keys this desk trusts</translation>
    </message>
    <message>
        <source>Clés de la scolarité</source>
        <translation>Secretariat keys</translation>
    </message>
    <message>
        <source>Ce poste n&apos;ouvre que les dossiers signés par ces clés. Choisissez une clé pour voir son empreinte.</source>
        <translation>This desk opens only the bundles signed by these keys. Choose a key to see its fingerprint.</translation>
    </message>
    <message>
        <source>Ajouter une clé…</source>
        <translation>Add a key…</translation>
    </message>
    <message>
        <source>Retirer la clé choisie</source>
        <translation>Remove the chosen key</translation>
    </message>
    <message>
        <source>Choisir la clé de la scolarité</source>
        <translation>Choose the secretariat key</translation>
    </message>
    <message>
        <source>Clé publique de la scolarité (*.pub);;Tous les fichiers (*)</source>
        <translation>Secretariat public key (*.pub);;All files (*)</translation>
    </message>
    <message>
        <source>Clé non ajoutée</source>
        <translation>Key not added</translation>
    </message>
    <message>
        <source>C&apos;est la clé de démonstration : elle est publique et ne doit jamais servir pour une vraie séance. La démonstration s&apos;ouvre sans elle, depuis l&apos;accueil.</source>
        <translation>This is the demo key: it is public and must never be used for a real session. The demo opens without it, from the start screen.</translation>
    </message>
    <message>
        <source>Cette clé est déjà enregistrée : %1.</source>
        <translation>This key is already trusted: %1.</translation>
    </message>
    <message>
        <source>Les deux emplacements sont occupés. Retirez d&apos;abord une clé.</source>
        <translation>Both slots are taken. Remove a key first.</translation>
    </message>
    <message>
        <source>Retirer cette clé ? Les dossiers et les séances signés par elle ne pourront plus être ouverts ni repris sur ce poste, tant qu&apos;elle n&apos;y est pas ajoutée à nouveau.</source>
        <translation>Remove this key? The bundles and sessions it signed can no longer be opened or resumed on this desk until it is added again.</translation>
    </message>
    <message>
        <source>Retirer la clé</source>
        <translation>Remove the key</translation>
    </message>
</context>
<context>
    <name>VerifyPvDialog</name>
    <message>
        <source>Rapport de vérification</source>
        <translation>Verification report</translation>
    </message>
    <message>
        <source>Vérifier un procès-verbal</source>
        <translation>Verify minutes</translation>
    </message>
    <message>
        <source>Vérifier un procès-verbal signé</source>
        <translation>Verify signed minutes</translation>
    </message>
    <message>
        <source>Les signatures du président du jury et des deux écoles, leurs signataires, les données embarquées et chaque page sont contrôlés. Avec le dossier de séance, le procès-verbal est aussi confronté au dossier signé par la scolarité.</source>
        <translation>The signatures of the chair of the jury and of both schools, their signers, the embedded data and every page are checked. With the session bundle, the minutes are also compared with the bundle the secretariat signed.</translation>
    </message>
    <message>
        <source>Choisir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Choisir le procès-verbal</source>
        <translation>Choose the minutes</translation>
    </message>
    <message>
        <source>Procès-verbal (*.pdf);;Tous les fichiers (*)</source>
        <translation>Minutes (*.pdf);;All files (*)</translation>
    </message>
    <message>
        <source>PV.pdf</source>
        <translation>PV.pdf</translation>
    </message>
    <message>
        <source>Choisir le dossier de séance</source>
        <translation>Choose the session bundle</translation>
    </message>
    <message>
        <source>Dossier de séance (*.jdbundle);;Tous les fichiers (*)</source>
        <translation>Session bundle (*.jdbundle);;All files (*)</translation>
    </message>
    <message>
        <source>Facultatif : le dossier de séance (.jdbundle)</source>
        <translation>Optional: the session bundle (.jdbundle)</translation>
    </message>
    <message>
        <source>Choisir la clé de la scolarité</source>
        <translation>Choose the secretariat&apos;s key</translation>
    </message>
    <message>
        <source>Clé publique (*.pub);;Tous les fichiers (*)</source>
        <translation>Public key (*.pub);;All files (*)</translation>
    </message>
    <message>
        <source>Facultatif : sinon les clés de confiance de ce poste</source>
        <translation>Optional: otherwise this desk&apos;s trusted keys</translation>
    </message>
    <message>
        <source>Procès-verbal :</source>
        <translation>Minutes:</translation>
    </message>
    <message>
        <source>Dossier de séance :</source>
        <translation>Session bundle:</translation>
    </message>
    <message>
        <source>Clé :</source>
        <translation>Key:</translation>
    </message>
    <message>
        <source>Vérifier</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>La clé sert à vérifier le dossier de séance : choisissez-le aussi.</source>
        <translation>The key is for checking the session bundle: choose the bundle too.</translation>
    </message>
    <message>
        <source>Ce poste ne connaît aucune clé de la scolarité : choisissez la clé publique (.pub) qui a signé le dossier de séance.</source>
        <translation>This desk knows no secretariat key: choose the public key (.pub) that signed the session bundle.</translation>
    </message>
    <message>
        <source>Choisissez le fichier PDF du procès-verbal.</source>
        <translation>Choose the PDF file of the minutes.</translation>
    </message>
    <message>
        <source>Le dossier de séance indiqué n&apos;existe pas.</source>
        <translation>The session bundle given does not exist.</translation>
    </message>
    <message>
        <source>Vérification du procès-verbal « %1 »…</source>
        <translation>Verifying the minutes “%1”…</translation>
    </message>
    <message>
        <source>Vérification annulée.</source>
        <translation>Verification cancelled.</translation>
    </message>
    <message>
        <source>✗ Procès-verbal NON valide</source>
        <translation>✗ Minutes NOT valid</translation>
    </message>
    <message>
        <source>⚠ Procès-verbal valide, mais d&apos;une SIMULATION : ce n&apos;est pas un PV de jury</source>
        <translation>⚠ Valid minutes, but of a SIMULATION: not a jury&apos;s minutes</translation>
    </message>
    <message>
        <source>✗ Signataires non vérifiés : donnez le dossier de session (ou son reçu)</source>
        <translation>✗ Signers not verified: give the session&apos;s bundle (or its receipt)</translation>
    </message>
    <message>
        <source>✓ Procès-verbal valide</source>
        <translation>✓ Valid minutes</translation>
    </message>
    <message>
        <source>%1 (%2) · dossier %3, version %4 · %5 candidats</source>
        <translation>%1 (%2) · bundle %3, version %4 · %5 candidates</translation>
    </message>
    <message>
        <source>⚠ SIMULATION : ce procès-verbal consigne une répétition (jury-desk simulate), pas une délibération du jury.</source>
        <translation>⚠ SIMULATION: these minutes record a rehearsal (jury-desk simulate), not a jury&apos;s deliberation.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Détail technique : %1</source>
        <translation>Technical detail: %1</translation>
    </message>
    <message>
        <source>Président du jury, %1</source>
        <translation>Chair of the jury, %1</translation>
    </message>
    <message>
        <source>Président du jury</source>
        <translation>Chair of the jury</translation>
    </message>
    <message>
        <source>%1, %2 (%3)</source>
        <translation>%1, %2 (%3)</translation>
    </message>
</context>
<context>
    <name>WorklistModel</name>
    <message>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Ma feuille</source>
        <translation>My sheet</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>(masqué)</source>
        <translation>(hidden)</translation>
    </message>
</context>
<context>
    <name>exchange</name>
    <message>
        <source>Message falsifié ou modifié à la main : sa signature ne correspond pas à la clé du membre. Il est ignoré ; le membre exporte à nouveau sa boîte d&apos;envoi depuis son poste.</source>
        <translation>Forged or hand-edited message: its signature does not match the member&apos;s key. It is ignored; the member exports their outbox again from their desk.</translation>
    </message>
    <message>
        <source>Message illisible (fichier abîmé ou modifié). Il est ignoré ; le membre exporte à nouveau sa boîte d&apos;envoi depuis son poste.</source>
        <translation>Unreadable message (damaged or edited file). It is ignored; the member exports their outbox again from their desk.</translation>
    </message>
    <message>
        <source>Message destiné à une autre séance : ignoré. Vérifiez que le membre a ouvert le dossier de cette séance.</source>
        <translation>Message for another session: ignored. Check that the member opened this session&apos;s bundle.</translation>
    </message>
    <message>
        <source>Message fait avec une autre version du dossier de séance : ignoré. Le membre ouvre la version actuelle du dossier sur son poste, puis scelle à nouveau.</source>
        <translation>Message made with another version of the session bundle: ignored. The member opens the current bundle on their desk, then seals again.</translation>
    </message>
    <message>
        <source>Message d&apos;une personne qui n&apos;est pas membre de ce jury (ou sans clé connue ici) : ignoré. Rien à faire.</source>
        <translation>Message from someone who is not a member of this jury (or has no key known here): ignored. Nothing to do.</translation>
    </message>
    <message>
        <source>Le fichier ne peut pas être lu. Rebranchez la clé USB et réessayez.</source>
        <translation>The file cannot be read. Plug the USB key in again and retry.</translation>
    </message>
    <message>
        <source>Ce fichier est trop gros pour être une boîte d&apos;envoi : il n&apos;a pas été lu. Vérifiez que vous avez choisi le bon fichier.</source>
        <translation>This file is too large to be an outbox: it was not read. Check that you chose the right file.</translation>
    </message>
    <message>
        <source>Code d&apos;appairage erroné : rien n&apos;a été appairé. Tapez le code affiché sur l&apos;écran du poste de salle.</source>
        <translation>Wrong pairing code: nothing was paired. Type the code shown on the room desk&apos;s screen.</translation>
    </message>
    <message>
        <source>Ce code d&apos;appairage n&apos;est plus valable. Demandez au poste de salle d&apos;afficher un nouveau code, puis tapez-le.</source>
        <translation>This pairing code is no longer valid. Ask the room desk to show a new code, then type it.</translation>
    </message>
    <message>
        <source>Ce n&apos;est pas un code d&apos;appairage : il a huit chiffres, par exemple 1234 5678. Tapez celui qu&apos;affiche le poste de salle.</source>
        <translation>This is not a pairing code: it has eight digits, for example 1234 5678. Type the one the room desk shows.</translation>
    </message>
    <message>
        <source>Ce texte n&apos;est pas un code d&apos;appairage de jury-desk. Tapez l&apos;adresse et le code affichés sur l&apos;écran du poste de salle.</source>
        <translation>This text is not a jury-desk pairing code. Type the address and the code shown on the room desk&apos;s screen.</translation>
    </message>
    <message>
        <source>Le poste à cette adresse n&apos;est pas le poste de salle du QR code : rien n&apos;a été envoyé. Vérifiez l&apos;adresse sur l&apos;écran de la salle.</source>
        <translation>The desk at this address is not the room desk of the QR code: nothing was sent. Check the address on the room&apos;s screen.</translation>
    </message>
    <message>
        <source>Le poste de salle de cette séance a changé de certificat (redémarré sans garder son identité) : rien n&apos;a été envoyé. Rejoignez la salle à nouveau avec le code affiché sur son écran.</source>
        <translation>This session&apos;s room desk has a new certificate (restarted without keeping its identity): nothing was sent. Join the room again with the code shown on its screen.</translation>
    </message>
    <message>
        <source>Le poste à cette adresse n&apos;est pas le poste de salle avec lequel ce poste est appairé (celui d&apos;une autre séance ?) : rien n&apos;a été envoyé. Vérifiez l&apos;adresse sur l&apos;écran de la salle, puis rejoignez-la à nouveau.</source>
        <translation>The desk at this address is not the room desk this desk paired with (another session&apos;s?): nothing was sent. Check the address on the room&apos;s screen, then join it again.</translation>
    </message>
    <message>
        <source>Le poste de salle a refusé ce poste : il ne détient pas la clé enregistrée pour vous dans cette séance. Rien n&apos;a été envoyé. Prévenez le président du jury.</source>
        <translation>The room desk refused this desk: it does not hold the key registered for you in this session. Nothing was sent. Tell the jury chair.</translation>
    </message>
    <message>
        <source>Le poste de salle a refusé ce poste : il ne connaît pas encore votre clé. Rejoignez la salle avec le code affiché sur son écran.</source>
        <translation>The room desk refused this desk: it does not know your key yet. Join the room with the code shown on its screen.</translation>
    </message>
    <message>
        <source>Le poste de salle ne répond pas à cette adresse. Vérifiez que vous êtes sur le réseau de la salle et que la salle est ouverte au réseau ; vos feuilles restent dans votre boîte d&apos;envoi.</source>
        <translation>The room desk does not answer at this address. Check that you are on the room&apos;s network and that the room is open to the network; your sheets stay in your outbox.</translation>
    </message>
    <message>
        <source>Ce poste ne peut pas ouvrir la salle au réseau (port occupé ou réseau absent). Utilisez les clés USB, ou redémarrez le poste de salle.</source>
        <translation>This desk cannot open the room to the network (port in use or no network). Use USB keys, or restart the room desk.</translation>
    </message>
    <message>
        <source>Ce poste n&apos;est pas encore appairé avec le poste de salle : ses réponses ne peuvent pas être vérifiées. Rejoignez la salle, ou importez la réponse depuis la clé USB après l&apos;appairage.</source>
        <translation>This desk is not paired with the room desk yet: its replies cannot be checked. Join the room, or import the reply from the USB key after pairing.</translation>
    </message>
    <message>
        <source>Une réponse du poste de salle diffère de celle déjà reçue : elle est ignorée. Prévenez le président du jury.</source>
        <translation>A reply from the room desk differs from the one already received: it is ignored. Tell the chair of the jury.</translation>
    </message>
</context>
<context>
    <name>graduation</name>
    <message>
        <source>Refusé</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Notation en cours</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <source>Notes révélées</source>
        <translation>Scores revealed</translation>
    </message>
    <message>
        <source>À discuter</source>
        <translation>To discuss</translation>
    </message>
    <message>
        <source>Décision proposée</source>
        <translation>Decision proposed</translation>
    </message>
    <message>
        <source>Approuvée par une école</source>
        <translation>Approved by one school</translation>
    </message>
    <message>
        <source>Décision définitive</source>
        <translation>Final decision</translation>
    </message>
    <message>
        <source>Non délibéré — renvoyé</source>
        <translation>Not deliberated — referred back</translation>
    </message>
    <message>
        <source>À noter</source>
        <translation>To score</translation>
    </message>
    <message>
        <source>Brouillon</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>Scellée</source>
        <translation>Sealed</translation>
    </message>
    <message>
        <source>Conflit d&apos;intérêts</source>
        <translation>Conflict of interest</translation>
    </message>
    <message>
        <source>Non notée (notes révélées)</source>
        <translation>Not scored (scores revealed)</translation>
    </message>
    <message>
        <source>Admis</source>
        <translation>Admitted</translation>
    </message>
    <message>
        <source>Liste d&apos;attente</source>
        <translation>Waiting list</translation>
    </message>
    <message>
        <source>Refusé</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Diplômé</source>
        <translation>Degree awarded</translation>
    </message>
    <message>
        <source>Ajourné</source>
        <translation>Deferred</translation>
    </message>
    <message>
        <source>mention assez bien</source>
        <translation>with honours (assez bien)</translation>
    </message>
    <message>
        <source>mention bien</source>
        <translation>with high honours (bien)</translation>
    </message>
    <message>
        <source>mention très bien</source>
        <translation>with highest honours (très bien)</translation>
    </message>
    <message>
        <source>Commanditaire d&apos;un business case</source>
        <translation>Business-case sponsor</translation>
    </message>
    <message>
        <source>Ancien enseignant</source>
        <translation>Former teacher</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Tuteur de stage/apprentissage</source>
        <translation>Internship/apprenticeship tutor</translation>
    </message>
    <message>
        <source>Lien familial/personnel</source>
        <translation>Family/personal</translation>
    </message>
    <message>
        <source>Autre</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>déclaré dans le dossier</source>
        <translation>declared in the bundle</translation>
    </message>
    <message>
        <source>déclaré en séance</source>
        <translation>declared in the room</translation>
    </message>
    <message>
        <source>écart entre les écoles</source>
        <translation>gap between the schools</translation>
    </message>
    <message>
        <source>écart entre les membres</source>
        <translation>spread between members</translation>
    </message>
    <message>
        <source>CV</source>
        <translation>CV</translation>
    </message>
    <message>
        <source>Lettre de motivation</source>
        <translation>Cover letter</translation>
    </message>
    <message>
        <source>Relevé de notes</source>
        <translation>Transcript</translation>
    </message>
    <message>
        <source>Rapport de stage</source>
        <translation>Internship report</translation>
    </message>
    <message>
        <source>Rapport d&apos;apprentissage</source>
        <translation>Apprenticeship report</translation>
    </message>
    <message>
        <source>Crédits ECTS</source>
        <translation>ECTS credits</translation>
    </message>
    <message>
        <source>Business cases</source>
        <translation>Business cases</translation>
    </message>
    <message>
        <source>Stage ou apprentissage</source>
        <translation>Internship or apprenticeship</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Internship</translation>
    </message>
    <message>
        <source>Apprentissage</source>
        <translation>Apprenticeship</translation>
    </message>
    <message>
        <source>validé</source>
        <translation>validated</translation>
    </message>
    <message>
        <source>en cours</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>non validé</source>
        <translation>not validated</translation>
    </message>
    <message>
        <source>manquant</source>
        <translation>missing</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Le dossier est incomplet ou endommagé (copie interrompue ?). Copiez-le à nouveau ou demandez-en un nouvel exemplaire à la scolarité.</source>
        <translation>The bundle is incomplete or damaged (an interrupted copy?). Copy it again or ask the secretariat for a new copy.</translation>
    </message>
    <message>
        <source>Le dossier contient un fichier au nom ou à la structure interdits : il a pu être fabriqué pour tromper ce poste. Ne l&apos;utilisez pas et prévenez la scolarité.</source>
        <translation>The bundle contains a file with a forbidden name or layout: it may have been made to fool this desk. Do not use it and tell the secretariat.</translation>
    </message>
    <message>
        <source>Le dossier dépasse les tailles autorisées. Ne l&apos;utilisez pas et prévenez la scolarité.</source>
        <translation>The bundle exceeds the allowed sizes. Do not use it and tell the secretariat.</translation>
    </message>
    <message>
        <source>Le dossier est enregistré dans un format que ce poste ne lit pas. Demandez à la scolarité de le refaire avec jury-desk.</source>
        <translation>The bundle is stored in a format this desk does not read. Ask the secretariat to make it again with jury-desk.</translation>
    </message>
    <message>
        <source>Le dossier a été modifié après sa signature par la scolarité. Ne l&apos;utilisez pas et demandez-en un nouvel exemplaire.</source>
        <translation>The bundle was changed after the secretariat signed it. Do not use it and ask for a new copy.</translation>
    </message>
    <message>
        <source>La signature du dossier est illisible ou altérée. Demandez un nouvel exemplaire à la scolarité.</source>
        <translation>The bundle&apos;s signature is unreadable or altered. Ask the secretariat for a new copy.</translation>
    </message>
    <message>
        <source>La description du dossier n&apos;est pas conforme. Demandez à la scolarité de le reconstruire avec jury-desk.</source>
        <translation>The bundle&apos;s description is not valid. Ask the secretariat to rebuild it with jury-desk.</translation>
    </message>
    <message>
        <source>Ce fichier n&apos;est pas un dossier de séance (.jdbundle). Vérifiez que vous avez choisi le bon fichier.</source>
        <translation>This file is not a session bundle (.jdbundle). Check that you chose the right file.</translation>
    </message>
    <message>
        <source>Le dossier contient des fichiers chiffrés, que ce poste ne peut pas lire. Demandez un dossier non chiffré à la scolarité.</source>
        <translation>The bundle contains encrypted files, which this desk cannot read. Ask the secretariat for an unencrypted bundle.</translation>
    </message>
    <message>
        <source>Le dossier n&apos;est pas signé. Seuls les dossiers signés par la scolarité peuvent être ouverts : demandez un dossier signé.</source>
        <translation>The bundle is not signed. Only bundles signed by the secretariat can be opened: ask for a signed bundle.</translation>
    </message>
    <message>
        <source>Ce dossier n&apos;est pas signé par une clé de la scolarité connue de ce poste. Ajoutez la clé de la scolarité dans les réglages (après l&apos;avoir vérifiée avec elle), ou demandez un dossier signé avec la bonne clé.</source>
        <translation>This bundle is not signed by a secretariat key this desk knows. Add the secretariat&apos;s key in the settings (after checking it with them), or ask for a bundle signed with the right key.</translation>
    </message>
    <message>
        <source>Ce dossier a été préparé pour une autre version de jury-desk. Mettez ce poste à jour ou demandez un dossier au format actuel.</source>
        <translation>This bundle was made for another version of jury-desk. Update this desk or ask for a bundle in the current format.</translation>
    </message>
    <message>
        <source>Ce dossier a expiré. Demandez à la scolarité un dossier à jour.</source>
        <translation>This bundle has expired. Ask the secretariat for an up-to-date bundle.</translation>
    </message>
    <message>
        <source>Ce dossier n&apos;est pas encore valable : sa date d&apos;émission est dans le futur. Vérifiez la date et l&apos;heure de cet ordinateur.</source>
        <translation>This bundle is not valid yet: it was issued in the future. Check this computer&apos;s date and time.</translation>
    </message>
    <message>
        <source>Ce dossier est plus ancien qu&apos;une version déjà ouverte sur ce poste. Utilisez la version la plus récente envoyée par la scolarité.</source>
        <translation>This bundle is older than a version already opened on this desk. Use the latest version the secretariat sent.</translation>
    </message>
    <message>
        <source>Ce dossier porte le même numéro de version qu&apos;un dossier déjà ouvert sur ce poste, mais son contenu diffère. Ne l&apos;utilisez pas et prévenez la scolarité.</source>
        <translation>This bundle has the same version number as a bundle already opened on this desk, but different contents. Do not use it and tell the secretariat.</translation>
    </message>
    <message>
        <source>Ce fichier ne peut pas être lu (clé USB retirée, droits d&apos;accès ?). Vérifiez le fichier et réessayez.</source>
        <translation>This file cannot be read (USB stick removed, access rights?). Check the file and try again.</translation>
    </message>
    <message>
        <source>La copie du dossier conservée sur ce poste a été modifiée depuis son ouverture. Ouvrez à nouveau le dossier envoyé par la scolarité.</source>
        <translation>The copy of the bundle kept on this desk has changed since it was opened. Open the bundle the secretariat sent again.</translation>
    </message>
    <message>
        <source>Les données de la séance sont incohérentes : cette action ne peut pas aboutir. Notez le détail ci-dessous et prévenez la scolarité.</source>
        <translation>The session&apos;s data is inconsistent: this action cannot go through. Note the detail below and tell the secretariat.</translation>
    </message>
    <message>
        <source>Phrase secrète incorrecte. Vérifiez-la et réessayez.</source>
        <translation>Wrong passphrase. Check it and try again.</translation>
    </message>
    <message>
        <source>La phrase secrète tapée n&apos;est pas celle de {member}, qui en a déjà une : l&apos;avance rapide n&apos;a rien fait. Tapez la phrase secrète que vous avez donnée aux membres.</source>
        <translation>The passphrase typed is not {member}&apos;s, who already has one: fast-forward did nothing. Type the passphrase you gave the members.</translation>
    </message>
    <message>
        <source>Trop d&apos;essais de phrase secrète manqués. Patientez quelques secondes avant de réessayer.</source>
        <translation>Too many wrong passphrases. Wait a few seconds before trying again.</translation>
    </message>
    <message>
        <source>Cette phrase secrète est trop courte : choisissez-en une d&apos;au moins 8 signes.</source>
        <translation>This passphrase is too short: choose one of at least 8 characters.</translation>
    </message>
    <message>
        <source>Le quorum n&apos;est pas atteint : faites pointer à la table de présence un membre de plus pour {institutions}.</source>
        <translation>The quorum is not reached: check in one more member for {institutions} at the attendance table.</translation>
    </message>
    <message>
        <source>Ce membre a déclaré un conflit d&apos;intérêts pour ce candidat : il ne peut ni le noter, ni voir ses notes, ni approuver sa décision. Choisissez un membre sans conflit ; si une école n&apos;en a aucun de présent, enregistrez le candidat comme non délibéré.</source>
        <translation>This member declared a conflict of interest for this candidate: they may not score it, see its scores or approve its decision. Choose a member without a conflict; if a school has none present, record the candidate as not deliberated.</translation>
    </message>
    <message>
        <source>La séance est close : plus rien n&apos;y change. Pour modifier, faites-la rouvrir par le président, avec un motif.</source>
        <translation>The session is closed: nothing changes any more. To change something, have the chair reopen it, with a reason.</translation>
    </message>
    <message>
        <source>Seul le président du jury peut faire cela : demandez-le-lui.</source>
        <translation>Only the jury chair can do this: ask the chair.</translation>
    </message>
    <message>
        <source>Ce membre n&apos;a pas encore choisi sa phrase secrète : faites-le se connecter d&apos;abord depuis la salle du jury.</source>
        <translation>This member has not chosen a passphrase yet: have them sign in from the jury room first.</translation>
    </message>
    <message>
        <source>Le dossier fixe la clé de ce membre : connectez-vous avec votre fichier de clé secrète (fait avec « jury-desk member keygen »).</source>
        <translation>The bundle pins this member&apos;s key: sign in with your secret key file (made with “jury-desk member keygen”).</translation>
    </message>
    <message>
        <source>Cette clé n&apos;est pas celle que le secrétariat a fixée pour ce membre dans le dossier : choisissez la clé secrète dont vous lui avez donné la clé publique.</source>
        <translation>This key is not the one the secretariat pinned for this member in the bundle: choose the secret key whose public key you gave them.</translation>
    </message>
    <message>
        <source>Ce fichier de clé ne s&apos;ouvre pas avec cette phrase secrète. Vérifiez le fichier et la phrase secrète.</source>
        <translation>This key file does not open with this passphrase. Check the file and the passphrase.</translation>
    </message>
    <message>
        <source>{member} a enregistré sa clé depuis son poste de membre : ce poste de salle n&apos;en a que la partie publique. Sur son poste, choisissez « Exporter ma clé… », apportez le fichier ici, puis connectez-vous avec lui (« Se connecter pour noter… »).</source>
        <translation>{member} registered their key from their member desk: this room desk holds only its public half. On their desk, choose “Export my key…”, bring the file here, then sign in with it (“Sign in to score…”).</translation>
    </message>
    <message>
        <source>Ce fichier n&apos;est pas la clé que le poste de {member} a enregistrée dans cette séance. Choisissez le fichier exporté de son propre poste (« Exporter ma clé… »).</source>
        <translation>This file is not the key {member}&apos;s desk registered in this session. Choose the file exported from their own desk (“Export my key…”).</translation>
    </message>
    <message>
        <source>Ce poste de salle détient déjà la clé de ce membre : tapez sa phrase secrète, sans fichier.</source>
        <translation>This room desk already holds this member&apos;s key: type their passphrase, no file needed.</translation>
    </message>
    <message>
        <source>Ce membre n&apos;a pas encore de clé dans cette séance : pointez d&apos;abord son arrivée, qui l&apos;enregistre.</source>
        <translation>This member has no key in this session yet: check them in first, which registers it.</translation>
    </message>
    <message>
        <source>Le journal de cette session n&apos;est pas signé (format 1) : ses membres n&apos;ont pas de clé, rien à faire.</source>
        <translation>This session&apos;s log is not signed (format 1): its members have no key; nothing to do.</translation>
    </message>
    <message>
        <source>L&apos;ouverture des plis lit les indicateurs de bourse dans la copie du dossier, qui n&apos;est plus sur ce poste. Rien n&apos;a été ouvert : demandez le dossier au secrétariat, ouvrez-le à nouveau sur ce poste, puis ouvrez les plis.</source>
        <translation>The reveal reads the scholarship flags from the bundle&apos;s copy, which is no longer on this desk. Nothing was opened: ask the secretariat for the bundle, open it again on this desk, then reveal.</translation>
    </message>
    <message>
        <source>La notation s&apos;ouvre quand le président s&apos;est connecté : sa clé protège les feuilles scellées jusqu&apos;à l&apos;ouverture des plis. Demandez au président de se connecter d&apos;abord.</source>
        <translation>Scoring opens once the chair has signed in: the chair&apos;s key protects the sealed sheets until the reveal. Ask the chair to sign in first.</translation>
    </message>
    <message>
        <source>Votre brouillon dans le fichier de séance n&apos;est pas celui que vous avez vérifié à l&apos;écran : il a été modifié hors de ce poste, et rien n&apos;a été scellé. Déconnectez-vous, reconnectez-vous, vérifiez vos notes, puis scellez.</source>
        <translation>Your draft in the session file is not the one you checked on screen: it was changed outside this desk, and nothing was sealed. Sign out, sign in again, check your scores, then seal.</translation>
    </message>
    <message>
        <source>Aucun candidat n&apos;est prêt pour l&apos;ouverture des plis : il faut la feuille scellée de chaque membre présent qui peut le noter. Attendez leurs scellés, ou révélez un candidat par anticipation dès que chaque école a scellé une feuille.</source>
        <translation>No candidate is ready to be revealed: it needs a sealed sheet from every present member who may score it. Wait for their seals, or force the reveal of one candidate once each school has sealed a sheet.</translation>
    </message>
    <message>
        <source>Ce membre est déjà pointé présent : rien à faire, il peut agir.</source>
        <translation>This member is already checked in: nothing to do, they can act.</translation>
    </message>
    <message>
        <source>Les champs masqués scellés dans ce dossier (indicateur de bourse, nom) ne correspondent pas à leurs engagements signés : le dossier a été modifié. Demandez au secrétariat de le reconstruire.</source>
        <translation>The blind fields sealed in this bundle (scholarship flag, name) do not match their signed commitments: the bundle was altered. Ask the secretariat to rebuild it.</translation>
    </message>
    <message>
        <source>Ce dossier masque le relevé de notes ou les pièces du dossier, qui ne peuvent pas être scellés dans le fichier de séance : aucune séance n&apos;a été ouverte. Demandez au secrétariat de le reconstruire sans eux dans blind_fields (et d&apos;anonymiser les pièces elles-mêmes s&apos;il le faut).</source>
        <translation>This bundle hides the academic record or the documents, which cannot be sealed in the session file: no session was started. Ask the secretariat to rebuild it without them in blind_fields (and to anonymize the documents themselves if need be).</translation>
    </message>
    <message>
        <source>Ce membre signe le procès-verbal mais ne note pas, ne propose pas et n&apos;approuve pas : choisissez un membre du jury qui vote.</source>
        <translation>This member signs the minutes but does not score, propose or approve: choose a voting member of the jury.</translation>
    </message>
    <message>
        <source>Ce conflit d&apos;intérêts est déjà déclaré pour ce candidat : rien à faire.</source>
        <translation>This conflict of interest is already declared for this candidate: nothing to do.</translation>
    </message>
    <message>
        <source>Une note est un nombre : saisissez un nombre de l&apos;échelle de la grille.</source>
        <translation>A score is a number: enter a number on the rubric&apos;s scale.</translation>
    </message>
    <message>
        <source>Cette note porte sur un critère qui n&apos;est pas dans la grille : notez seulement les critères affichés.</source>
        <translation>This score is for a criterion that is not in the rubric: score only the criteria shown.</translation>
    </message>
    <message>
        <source>Cette feuille est scellée : elle ne change plus avant la révélation des notes. Attendez la révélation, puis révisez-la avec un motif.</source>
        <translation>This sheet is sealed: it does not change before the scores are revealed. Wait for the reveal, then revise it with a reason.</translation>
    </message>
    <message>
        <source>Les notes de ce candidat sont révélées : la notation est terminée. Révisez plutôt une feuille scellée, avec un motif.</source>
        <translation>This candidate&apos;s scores are revealed: scoring is over. Revise a sealed sheet instead, with a reason.</translation>
    </message>
    <message>
        <source>Les notes de ce candidat ne sont pas encore révélées. Faites sceller sa feuille à chaque membre présent (ou le président force la révélation).</source>
        <translation>This candidate&apos;s scores are not revealed yet. Have each present member seal their sheet (or the chair forces the reveal).</translation>
    </message>
    <message>
        <source>Les notes de ce candidat sont déjà révélées : rien à faire.</source>
        <translation>This candidate&apos;s scores are already revealed: nothing to do.</translation>
    </message>
    <message>
        <source>La révélation anticipée demande au moins une feuille scellée de chaque école. Attendez qu&apos;un membre de chaque école scelle la sienne ; si une école n&apos;a plus aucun membre présent sans conflit, enregistrez le candidat comme non délibéré.</source>
        <translation>An early reveal needs at least one sealed sheet from each school. Wait for a member of each school to seal theirs; if a school has no present member without a conflict left, record the candidate as not deliberated.</translation>
    </message>
    <message>
        <source>Ce membre n&apos;a pas de feuille scellée à réviser pour ce candidat : choisissez un membre dont la feuille a été révélée.</source>
        <translation>This member has no sealed sheet to revise for this candidate: choose a member whose sheet was revealed.</translation>
    </message>
    <message>
        <source>Il n&apos;y a pas encore de note globale : faites sceller au moins une feuille par école.</source>
        <translation>There is no overall score yet: have at least one sheet per school sealed.</translation>
    </message>
    <message>
        <source>Cette décision n&apos;existe pas pour ce type de jury : choisissez-en une de la liste.</source>
        <translation>This decision does not exist for this kind of jury: choose one from the list.</translation>
    </message>
    <message>
        <source>Une mention ne va qu&apos;avec un diplôme délivré : retirez la mention, ou proposez de délivrer le diplôme.</source>
        <translation>A mention goes only with an awarded degree: remove the mention, or propose to award the degree.</translation>
    </message>
    <message>
        <source>Rien ne change : c&apos;est déjà le cas, rien à faire.</source>
        <translation>Nothing changes: this is already the case, nothing to do.</translation>
    </message>
    <message>
        <source>Les règles du diplôme ne font noter aucune unité par le jury : personne ne note. Délibérez à partir du relevé de notes.</source>
        <translation>The degree rules have the jury grade no unit: nobody scores. Deliberate from the transcript.</translation>
    </message>
    <message>
        <source>Pas de moyenne générale : une unité n&apos;est pas encore notée, ou les règles du diplôme n&apos;en pondèrent aucune. Faites noter l&apos;unité du jury, ou demandez à la scolarité un relevé complet.</source>
        <translation>No diploma average: a unit is not graded yet, or the degree rules weigh none. Have the jury&apos;s unit scored, or ask the secretariat for a complete transcript.</translation>
    </message>
    <message>
        <source>Les règles du diplôme ne pondèrent aucune unité : pas de moyenne générale. Demandez à la scolarité des règles qui pondèrent les unités.</source>
        <translation>The degree rules weigh no unit: no diploma average. Ask the secretariat for rules that weigh the units.</translation>
    </message>
    <message>
        <source>Le relevé de notes n&apos;a pas toutes les unités des règles du diplôme : demandez à la scolarité un relevé complet.</source>
        <translation>The transcript lacks some units of the degree rules: ask the secretariat for a complete transcript.</translation>
    </message>
    <message>
        <source>Donnez des points de jury positifs, sans dépasser le maximum fixé par les règles du diplôme.</source>
        <translation>Give positive jury points, no more than the maximum the degree rules set.</translation>
    </message>
    <message>
        <source>Avec ces points de jury, les règles proposent la même décision : ils ne sont pas attribués. Retenez la proposition des règles, ou proposez une autre décision.</source>
        <translation>With these jury points the rules propose the same decision: they are not given. Keep the rules&apos; proposal, or propose another decision.</translation>
    </message>
    <message>
        <source>Certains diplômés choisis doivent être délibérés un par un (alerte, cas limite, sans proposition des règles ou avec celle du jury) ; ils sont nommés dans le détail. Rien n&apos;a été approuvé : retirez-les de la sélection et délibérez-les un par un.</source>
        <translation>Some of the chosen graduates must be deliberated one by one (alert, borderline case, no proposal from the rules or the jury&apos;s own); they are named in the detail. Nothing was approved: remove them from the selection and deliberate them one by one.</translation>
    </message>
    <message>
        <source>Un diplômé figure deux fois dans la sélection : retirez le doublon.</source>
        <translation>A graduate appears twice in the selection: remove the duplicate.</translation>
    </message>
    <message>
        <source>Il n&apos;y a pas encore de décision proposée à approuver ou à contester : proposez d&apos;abord une décision.</source>
        <translation>There is no proposed decision to approve or object to yet: propose a decision first.</translation>
    </message>
    <message>
        <source>Chaque membre approuve dans la case de sa propre école : approuvez dans celle de la vôtre.</source>
        <translation>Each member approves in their own school&apos;s slot: approve in your school&apos;s.</translation>
    </message>
    <message>
        <source>La situation de ce candidat a changé en salle depuis l&apos;acte envoyé du poste du membre : vérifiez le candidat à nouveau sur ce poste, puis refaites l&apos;acte.</source>
        <translation>The candidate changed in the room since this act was sent from the member&apos;s desk: check the candidate again on that desk, then act again.</translation>
    </message>
    <message>
        <source>La clé de ce membre est déjà enregistrée dans la session : rien à faire.</source>
        <translation>This member&apos;s key is already registered in the session: nothing to do.</translation>
    </message>
    <message>
        <source>L&apos;enregistrement de clé envoyé par le poste du membre est illisible : faites refaire sa clé avec « jury-desk member keygen ».</source>
        <translation>The key registration sent by the member&apos;s desk is unreadable: make their key again with &apos;jury-desk member keygen&apos;.</translation>
    </message>
    <message>
        <source>Un membre ne scelle que sa propre feuille : demandez à son auteur de la sceller depuis son propre poste.</source>
        <translation>A member seals only their own sheet: ask its author to seal it from their own desk.</translation>
    </message>
    <message>
        <source>Ce membre a déjà approuvé cette décision. Si son école doit en donner une autre, faites approuver un autre de ses membres.</source>
        <translation>This member has already approved this decision. If their school must give another approval, have another of its members approve.</translation>
    </message>
    <message>
        <source>Cette école a déjà donné son approbation : attendez celle de l&apos;autre école.</source>
        <translation>This school has already given its approval: wait for the other school&apos;s.</translation>
    </message>
    <message>
        <source>Des candidats n&apos;ont pas encore de décision définitive : la séance ne peut pas être close. Terminez leur délibération, ou enregistrez comme non délibérés ceux qu&apos;une école ne peut pas délibérer.</source>
        <translation>Some candidates have no final decision yet: the session cannot be closed. Finish their deliberation, or record as not deliberated those a school cannot deliberate.</translation>
    </message>
    <message>
        <source>La séance n&apos;est pas close : faites-la d&apos;abord clore par le président.</source>
        <translation>The session is not closed: have the chair close it first.</translation>
    </message>
    <message>
        <source>Ce membre n&apos;est pas enregistré comme présent. Pointez son arrivée d&apos;abord.</source>
        <translation>This member is not checked in as present. Check them in first.</translation>
    </message>
    <message>
        <source>Tapez la phrase secrète pour continuer.</source>
        <translation>Type the passphrase to continue.</translation>
    </message>
    <message>
        <source>Ce membre a déjà choisi sa phrase secrète : connectez-vous avec elle.</source>
        <translation>This member has already chosen a passphrase: sign in with it.</translation>
    </message>
    <message>
        <source>Choisissez le motif du conflit parmi les cinq proposés.</source>
        <translation>Choose the reason for the conflict among the five offered.</translation>
    </message>
    <message>
        <source>Cette note est hors de l&apos;échelle de la grille. Saisissez une note de l&apos;échelle indiquée au-dessus des critères.</source>
        <translation>This score is outside the rubric&apos;s scale. Enter a score on the scale shown above the criteria.</translation>
    </message>
    <message>
        <source>Cette note ne respecte pas le pas de la grille. Saisissez une note de l&apos;échelle indiquée au-dessus des critères (par exemple 13 ou 13,5 pour un pas de 0,5).</source>
        <translation>This score is not on the rubric&apos;s steps. Enter a score on the scale shown above the criteria (for example 13 or 13.5 for a step of 0.5).</translation>
    </message>
    <message>
        <source>Notez au moins un critère avant d&apos;enregistrer.</source>
        <translation>Score at least one criterion before saving.</translation>
    </message>
    <message>
        <source>Notez chaque critère de la grille avant de sceller la feuille.</source>
        <translation>Score every criterion of the rubric before sealing the sheet.</translation>
    </message>
    <message>
        <source>Ce candidat est signalé (écart entre les notes) : ajoutez d&apos;abord une note de discussion.</source>
        <translation>This candidate is flagged (scores far apart): add a discussion note first.</translation>
    </message>
    <message>
        <source>Cette décision diffère de la proposition des règles : écrivez la justification, qui sera imprimée au procès-verbal.</source>
        <translation>This decision differs from the rules&apos; proposal: write the justification, which will be printed in the minutes.</translation>
    </message>
    <message>
        <source>Le jury a déjà sa propre proposition : celle des règles ne la remplace jamais. Faites une nouvelle proposition du jury pour la changer.</source>
        <translation>The jury already has its own proposal: the rules&apos; one never replaces it. Make a new jury proposal to change it.</translation>
    </message>
    <message>
        <source>Choisissez les diplômés à approuver en une fois.</source>
        <translation>Choose the graduates to approve in one pass.</translation>
    </message>
    <message>
        <source>Écrivez le motif : il figure au procès-verbal.</source>
        <translation>Write the reason: it is printed in the minutes.</translation>
    </message>
    <message>
        <source>Écrivez la note avant de l&apos;ajouter.</source>
        <translation>Write the note before adding it.</translation>
    </message>
    <message>
        <source>Ce texte est trop long : raccourcissez-le.</source>
        <translation>This text is too long: shorten it.</translation>
    </message>
    <message>
        <source>Ce texte contient des caractères invisibles non permis : retapez-le.</source>
        <translation>This text contains invisible characters that are not allowed: type it again.</translation>
    </message>
    <message>
        <source>Ce candidat peut encore être délibéré : chaque école a assez de membres présents et sans conflit. Délibérez-le (notation, proposition, approbations) ; le renvoi est réservé au candidat qu&apos;une école ne peut pas délibérer.</source>
        <translation>This candidate can still be deliberated: each school has enough members present without a conflict. Deliberate it (scoring, proposal, approvals); a referral is only for a candidate a school cannot deliberate.</translation>
    </message>
    <message>
        <source>Ce renvoi n&apos;attend aucune approbation de cette école : elle n&apos;avait aucun membre éligible présent quand il a été enregistré. Pour délibérer le candidat, objectez au renvoi.</source>
        <translation>This referral expects no approval from this school: it had no eligible member present when the referral was recorded. To deliberate the candidate, object to the referral.</translation>
    </message>
    <message>
        <source>Ce candidat ne peut pas être révélé : son statut boursier scellé ne s&apos;ouvre pas ou ne correspond pas à l&apos;engagement signé par le secrétariat. Enregistrez-le comme non délibéré — renvoyé, et signalez-le au secrétariat.</source>
        <translation>This candidate cannot be revealed: its sealed scholarship status does not open, or is not the value the secretariat committed to. Record it as not deliberated — referred back, and report it to the secretariat.</translation>
    </message>
    <message>
        <source>Dossier refusé</source>
        <translation>Bundle rejected</translation>
    </message>
    <message>
        <source>Clé inutilisable</source>
        <translation>Unusable key</translation>
    </message>
    <message>
        <source>Séance inaccessible</source>
        <translation>Session unavailable</translation>
    </message>
    <message>
        <source>Action refusée</source>
        <translation>Action refused</translation>
    </message>
    <message>
        <source>Action impossible</source>
        <translation>Action not possible</translation>
    </message>
    <message>
        <source>Ce fichier n&apos;est pas une clé utilisable. Vérifiez que vous avez choisi le fichier de clé publique (.pub) remis par la scolarité.</source>
        <translation>This file is not a usable key. Check that you chose the public key file (.pub) the secretariat gave you.</translation>
    </message>
    <message>
        <source>Les données de la séance sur ce poste ne peuvent pas être utilisées (déjà ouvertes ailleurs, disque plein ou dossier protégé). Fermez les autres fenêtres de jury-desk et vérifiez l&apos;espace disque.</source>
        <translation>The session data on this desk cannot be used (already open elsewhere, disk full or protected folder). Close the other jury-desk windows and check the disk space.</translation>
    </message>
    <message>
        <source>Vérification annulée</source>
        <translation>Verification cancelled</translation>
    </message>
    <message>
        <source>Rien n&apos;a été conservé.</source>
        <translation>Nothing was kept.</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Voir dans :</source>
        <translation>Look in:</translation>
    </message>
    <message>
        <source>Dossier :</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Type :</source>
        <translation>Type:</translation>
    </message>
    <message>
        <source>Choisir ce dossier</source>
        <translation>Choose this folder</translation>
    </message>
</context>
<context>
    <name>pv_words</name>
    <message>
        <source>Les données du procès-verbal (minutes.json) sont illisibles ou non conformes : ce fichier ne peut pas être tenu pour un procès-verbal du jury.</source>
        <translation>The data of the minutes (minutes.json) are unreadable or not valid: this file cannot be taken as the jury&apos;s minutes.</translation>
    </message>
    <message>
        <source>Ce procès-verbal a été modifié ou endommagé après sa signature. Exportez-le à nouveau depuis la séance close.</source>
        <translation>These minutes were changed or damaged after they were signed. Export them again from the closed session.</translation>
    </message>
    <message>
        <source>Cette clé n&apos;est pas celle du signataire que le dossier de séance déclare pour cette école. Choisissez le fichier .p12 de ce signataire.</source>
        <translation>This key is not the one of the signer the session bundle declares for this school. Choose that signer&apos;s .p12 file.</translation>
    </message>
    <message>
        <source>Il faut la clé de signature de chaque école avant d&apos;exporter le procès-verbal.</source>
        <translation>The minutes need each school&apos;s signing key before they are exported.</translation>
    </message>
    <message>
        <source>Cette école ne fait pas partie de ce procès-verbal.</source>
        <translation>This school is not part of these minutes.</translation>
    </message>
    <message>
        <source>Cette école a déjà signé ce procès-verbal.</source>
        <translation>This school has already signed these minutes.</translation>
    </message>
    <message>
        <source>Le procès-verbal ne tient pas sur des pages A4 : un texte (note, justification) est trop long. Notez le détail ci-dessous et prévenez la scolarité.</source>
        <translation>The minutes do not fit on A4 pages: a text (note, justification) is too long. Write down the detail below and tell the secretariat.</translation>
    </message>
    <message>
        <source>Ce fichier n&apos;est pas un PDF lisible (copie interrompue ?). Vérifiez que vous avez choisi le bon fichier.</source>
        <translation>This file is not a readable PDF (interrupted copy?). Check that you chose the right file.</translation>
    </message>
    <message>
        <source>Ce PDF contient des données compressées démesurées (une « bombe de décompression ») : ce n&apos;est pas un procès-verbal de jury-desk. Ne l&apos;ouvrez pas ailleurs ; prévenez la scolarité.</source>
        <translation>This PDF holds compressed data of absurd size (a “decompression bomb”): it is not jury-desk minutes. Do not open it elsewhere; tell the secretariat.</translation>
    </message>
    <message>
        <source>Ce PDF n&apos;est pas un procès-verbal de jury-desk : il ne contient pas ses données (minutes.json).</source>
        <translation>This PDF is not jury-desk minutes: it does not hold their data (minutes.json).</translation>
    </message>
    <message>
        <source>Ce procès-verbal a été établi par une autre version de jury-desk. Vérifiez-le avec la version qui l&apos;a établi.</source>
        <translation>These minutes were drawn up by another version of jury-desk. Verify them with that version.</translation>
    </message>
    <message>
        <source>La clé de signature ne s&apos;ouvre pas : la phrase secrète est incorrecte, ou ce fichier n&apos;est pas une clé de signature (.p12). Vérifiez-les et réessayez.</source>
        <translation>The signing key does not open: the passphrase is wrong, or this file is not a signing key (.p12). Check them and try again.</translation>
    </message>
    <message>
        <source>Signature refusée</source>
        <translation>Signature refused</translation>
    </message>
    <message>
        <source>Procès-verbal refusé</source>
        <translation>Minutes refused</translation>
    </message>
    <message>
        <source>Clé de signature inutilisable</source>
        <translation>Unusable signing key</translation>
    </message>
    <message>
        <source>Fichier PDF lisible</source>
        <translation>Readable PDF file</translation>
    </message>
    <message>
        <source>Données du procès-verbal (minutes.json) présentes et conformes</source>
        <translation>Data of the minutes (minutes.json) present and valid</translation>
    </message>
    <message>
        <source>Signature intacte et valide</source>
        <translation>Signature intact and valid</translation>
    </message>
    <message>
        <source>Rien n&apos;a été modifié après les signatures</source>
        <translation>Nothing was changed after the signatures</translation>
    </message>
    <message>
        <source>Certificat du signataire valide au moment de la signature</source>
        <translation>Signer&apos;s certificate valid when it signed</translation>
    </message>
    <message>
        <source>Horodatage d&apos;archivage du procès-verbal</source>
        <translation>Archival time stamp of the minutes</translation>
    </message>
    <message>
        <source>Le président du jury et chaque école ont signé une fois, par les signataires que le procès-verbal déclare.</source>
        <translation>The chair of the jury and each school signed once, by the signers the minutes declare.</translation>
    </message>
    <message>
        <source>Il faut exactement une signature du président du jury et une par école (une seule pour un président qui signe aussi pour son école), par les signataires que le procès-verbal déclare : ce n&apos;est pas le cas.</source>
        <translation>Exactly one signature from the chair of the jury and one per school (a single one for a chair who also signs for their school), by the signers the minutes declare, is required: that is not the case.</translation>
    </message>
    <message>
        <source>Le certificat du signataire était valide au moment de la signature (heure horodatée, ou à défaut celle qu&apos;indique l&apos;ordinateur du signataire).</source>
        <translation>The signer&apos;s certificate was valid when it signed (the time-stamped time, or else the time the signer&apos;s computer gives).</translation>
    </message>
    <message>
        <source>Le certificat du signataire n&apos;était pas valide au moment de la signature (expiré ou pas encore valide).</source>
        <translation>The signer&apos;s certificate was not valid when it signed (expired or not yet valid).</translation>
    </message>
    <message>
        <source>Un horodatage d&apos;archivage atteste que le procès-verbal, ses signatures et leurs données de validation existaient à cette date.</source>
        <translation>An archival time stamp attests that the minutes, their signatures and their validation data existed at that date.</translation>
    </message>
    <message>
        <source>L&apos;horodatage d&apos;archivage ne tient pas : le fichier a été modifié ou l&apos;horodatage est invalide.</source>
        <translation>The archival time stamp does not hold: the file was changed or the time stamp is invalid.</translation>
    </message>
    <message>
        <source>Signataires conformes au dossier de séance</source>
        <translation>Signers as the session bundle declares them</translation>
    </message>
    <message>
        <source>Le président du jury et une signature par école, par les signataires déclarés</source>
        <translation>The chair of the jury and one signature per school, by the declared signers</translation>
    </message>
    <message>
        <source>Procès-verbal conforme au dossier de séance (jury, candidats)</source>
        <translation>Minutes match the session bundle (jury, candidates)</translation>
    </message>
    <message>
        <source>Chaque page dit exactement ce que disent les données</source>
        <translation>Every page says exactly what the data say</translation>
    </message>
    <message>
        <source>Procès-verbal en vigueur</source>
        <translation>Minutes in force</translation>
    </message>
    <message>
        <source>Le fichier minutes.json est joint au PDF, lisible et conforme.</source>
        <translation>The minutes.json file is attached to the PDF, readable and well-formed.</translation>
    </message>
    <message>
        <source>Le fichier minutes.json manque, est illisible ou n&apos;est pas conforme : ce fichier ne peut pas être tenu pour un procès-verbal du jury.</source>
        <translation>The minutes.json file is missing, unreadable or malformed: this file cannot be taken for the jury&apos;s minutes.</translation>
    </message>
    <message>
        <source>Le contenu signé est intact et la signature est valide.</source>
        <translation>The signed content is intact and the signature is valid.</translation>
    </message>
    <message>
        <source>Cette signature ne tient plus : le contenu signé a été modifié, ou la signature est invalide.</source>
        <translation>This signature no longer holds: the signed content was changed, or the signature is invalid.</translation>
    </message>
    <message>
        <source>La dernière signature couvre tout le fichier ; les précédentes ne sont suivies que de signatures.</source>
        <translation>The last signature covers the whole file; the earlier ones are followed only by signatures.</translation>
    </message>
    <message>
        <source>Le procès-verbal n&apos;est pas signé, ou il a été modifié après une signature par autre chose qu&apos;une signature.</source>
        <translation>The minutes are not signed, or were changed after a signature by something other than a signature.</translation>
    </message>
    <message>
        <source>Les certificats des signataires sont ceux que déclare le dossier de séance.</source>
        <translation>The signers&apos; certificates are the ones the session bundle declares.</translation>
    </message>
    <message>
        <source>Les signataires du procès-verbal ne sont pas ceux que déclare le dossier.</source>
        <translation>The signers of the minutes are not the ones the bundle declares.</translation>
    </message>
    <message>
        <source>Non vérifié : choisissez aussi le dossier de séance pour confronter le procès-verbal au dossier signé par la scolarité.</source>
        <translation>Not checked: also choose the session bundle to compare the minutes with the bundle the secretariat signed.</translation>
    </message>
    <message>
        <source>Le procès-verbal porte sur ce dossier (identifiant, version, empreinte), avec le même jury, la même séance et les mêmes candidats.</source>
        <translation>The minutes are of this bundle (identifier, version, fingerprint), with the same jury, session and candidates.</translation>
    </message>
    <message>
        <source>Le procès-verbal ne correspond pas à ce dossier de séance (identifiant, version, séance, jury ou candidats différents).</source>
        <translation>The minutes do not match this session bundle (different identifier, version, session, jury or candidates).</translation>
    </message>
    <message>
        <source>Chaque page, tableau des décisions compris, dit exactement ce que disent les données (procès-verbal recalculé et comparé octet par octet).</source>
        <translation>Every page, the decisions table included, says exactly what the data says (the minutes were re-rendered and compared byte for byte).</translation>
    </message>
    <message>
        <source>Les pages ne disent pas ce que disent les données, ou ce procès-verbal a été établi par une autre version de jury-desk (vérifiez-le avec celle-ci).</source>
        <translation>The pages do not say what the data says, or these minutes were made by another version of jury-desk (check them with that version).</translation>
    </message>
</context>
<context>
    <name>reason_words</name>
    <message>
        <source>La note globale (%1) atteint le seuil d&apos;admission (%2).</source>
        <translation>The overall score (%1) reaches the admission threshold (%2).</translation>
    </message>
    <message>
        <source>Chaque moyenne d&apos;école atteint le plancher (%1).</source>
        <translation>Every school&apos;s mean reaches the floor (%1).</translation>
    </message>
    <message>
        <source>La note globale (%1) atteint le seuil d&apos;admission (%2), mais le plancher par école bloque l&apos;admission.</source>
        <translation>The overall score (%1) reaches the admission threshold (%2), but the per-school floor blocks admission.</translation>
    </message>
    <message>
        <source>La moyenne de %1 (%2) est sous le plancher (%3).</source>
        <translation>The mean of %1 (%2) is below the floor (%3).</translation>
    </message>
    <message>
        <source>La note globale (%1) est sous le seuil d&apos;admission (%2) mais atteint celui de la liste d&apos;attente (%3).</source>
        <translation>The overall score (%1) is below the admission threshold (%2) but reaches the waiting-list threshold (%3).</translation>
    </message>
    <message>
        <source>La note globale (%1) est sous le seuil de la liste d&apos;attente (%2).</source>
        <translation>The overall score (%1) is below the waiting-list threshold (%2).</translation>
    </message>
    <message>
        <source>La note globale (%1) est sous le seuil de refus du diplôme (%2).</source>
        <translation>The overall score (%1) is below the refusal mark (%2).</translation>
    </message>
    <message>
        <source>Des conditions du diplôme ne sont pas remplies.</source>
        <translation>Not every degree requirement is met.</translation>
    </message>
    <message>
        <source>%1 : condition non remplie (%2 ; requis : %3).</source>
        <translation>%1: requirement missing (%2; required: %3).</translation>
    </message>
    <message>
        <source>Toutes les conditions du diplôme sont remplies, mais la note globale (%1) est sous la note de passage (%2), sans descendre sous le seuil de refus (%3).</source>
        <translation>Every degree requirement is met, but the overall score (%1) is below the pass mark (%2), though not below the refusal mark (%3).</translation>
    </message>
    <message>
        <source>Toutes les conditions du diplôme sont remplies.</source>
        <translation>Every degree requirement is met.</translation>
    </message>
    <message>
        <source>La note globale (%1) atteint la note de passage (%2).</source>
        <translation>The overall score (%1) reaches the pass mark (%2).</translation>
    </message>
    <message>
        <source>La note globale atteint %1, seuil de la %2.</source>
        <translation>The overall score reaches %1, the mark to be awarded %2.</translation>
    </message>
    <message>
        <source>La moyenne générale (%1) est sous le seuil de refus du diplôme (%2).</source>
        <translation>The diploma average (%1) is below the refusal mark (%2).</translation>
    </message>
    <message>
        <source>Toutes les conditions du diplôme sont remplies, mais la moyenne générale (%1) est sous la note de passage (%2), sans descendre sous le seuil de refus (%3).</source>
        <translation>Every degree requirement is met, but the diploma average (%1) is below the pass mark (%2), though not below the refusal mark (%3).</translation>
    </message>
    <message>
        <source>La moyenne générale (%1) atteint la note de passage (%2).</source>
        <translation>The diploma average (%1) reaches the pass mark (%2).</translation>
    </message>
    <message>
        <source>La moyenne générale atteint %1, seuil de la %2.</source>
        <translation>The diploma average reaches %1, the mark to be awarded %2.</translation>
    </message>
    <message>
        <source>%1 : note %2, sous la note minimale de l&apos;unité (%3).</source>
        <translation>%1: grade %2, below the unit&apos;s minimum (%3).</translation>
    </message>
    <message>
        <source>%1 : pas encore de note.</source>
        <translation>%1: no grade yet.</translation>
    </message>
    <message>
        <source>%1 ECTS</source>
        <translation>%1 ECTS</translation>
    </message>
    <message>
        <source>%1 business cases (%2 par année × %3)</source>
        <translation>%1 business cases (%2 per year × %3)</translation>
    </message>
    <message>
        <source>stage ou apprentissage validé</source>
        <translation>validated internship or apprenticeship</translation>
    </message>
    <message>
        <source>%1 ECTS validés</source>
        <translation>%1 ECTS validated</translation>
    </message>
    <message>
        <source>%1 business cases (%2)</source>
        <translation>%1 business cases (%2)</translation>
    </message>
    <message>
        <source>année %1 : %2</source>
        <translation>year %1: %2</translation>
    </message>
    <message>
        <source>aucun stage ni apprentissage enregistré</source>
        <translation>no internship or apprenticeship recorded</translation>
    </message>
    <message>
        <source>%1 chez %2 : %3</source>
        <translation>%1 at %2: %3</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>Président(e) du jury</source>
        <translation>Jury chair</translation>
    </message>
    <message>
        <source>Membre</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>signe le PV</source>
        <translation>signs the minutes</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Cette aide</source>
        <translation>This help</translation>
    </message>
    <message>
        <source>Salle du jury</source>
        <translation>Jury room</translation>
    </message>
    <message>
        <source>Tableau du jury</source>
        <translation>Jury board</translation>
    </message>
    <message>
        <source>Procès-verbal (séance close)</source>
        <translation>Minutes (closed session)</translation>
    </message>
    <message>
        <source>Candidat suivant</source>
        <translation>Next candidate</translation>
    </message>
    <message>
        <source>Notation, tableau</source>
        <translation>Scoring, board</translation>
    </message>
    <message>
        <source>Candidat précédent</source>
        <translation>Previous candidate</translation>
    </message>
    <message>
        <source>Sceller ma feuille (avec relecture)</source>
        <translation>Seal my sheet (with a read-back)</translation>
    </message>
    <message>
        <source>Notation</source>
        <translation>Scoring</translation>
    </message>
    <message>
        <source>Lire le document en plein écran (Échap pour revenir)</source>
        <translation>Read the document full screen (Esc to come back)</translation>
    </message>
    <message>
        <source>Rechercher un candidat</source>
        <translation>Search for a candidate</translation>
    </message>
    <message>
        <source>Tableau</source>
        <translation>Board</translation>
    </message>
    <message>
        <source>Mode projection (activer ou quitter)</source>
        <translation>Projector mode (on or off)</translation>
    </message>
    <message>
        <source>Se déconnecter</source>
        <translation>Sign out</translation>
    </message>
</context>
<context>
    <name>slots</name>
    <message>
        <source>Clé actuelle</source>
        <translation>Current key</translation>
    </message>
    <message>
        <source>Prochaine clé</source>
        <translation>Next key</translation>
    </message>
    <message>
        <source>Clé de la scolarité</source>
        <translation>Secretariat key</translation>
    </message>
    <message>
        <source>Identifiant %1 · empreinte %2</source>
        <translation>Id %1 · fingerprint %2</translation>
    </message>
</context>
<context>
    <name>void_words</name>
    <message>
        <source>sa feuille scellée ne s&apos;ouvre pas avec la clé de la salle (ou n&apos;est pas celle de son engagement)</source>
        <translation>their sealed sheet does not open with the room&apos;s key (or is not the one they committed to)</translation>
    </message>
    <message>
        <source>ses notes scellées sont hors du barème</source>
        <translation>their sealed scores are off the rubric</translation>
    </message>
    <message>
        <source>%1 — %2 : %3.</source>
        <translation>%1 — %2: %3.</translation>
    </message>
    <message>
        <source>%1 : %2.</source>
        <translation>%1: %2.</translation>
    </message>
    <message>
        <source>Feuille non comptée ; son poste l&apos;en informe : le membre peut sceller à nouveau.</source>
        <translation>Sheet not counted; their desk tells them: the member may seal again.</translation>
    </message>
    <message>
        <source>Le membre a scellé une nouvelle feuille depuis.</source>
        <translation>The member has sealed a new sheet since.</translation>
    </message>
    <message>
        <source>Révélation forcée : les autres feuilles ont été comptées sans elle.</source>
        <translation>Forced reveal: the other sheets were counted without it.</translation>
    </message>
    <message>
        <source>Feuilles non comptées à l&apos;ouverture des plis :</source>
        <translation>Sheets not counted when the sealed sheets were opened:</translation>
    </message>
</context>
</TS>
