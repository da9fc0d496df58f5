<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>BundlePage</name>
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
        <source>Jury</source>
        <translation>Jury</translation>
    </message>
    <message>
        <source>Candidats</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>Retour à l&apos;accueil</source>
        <translation>Back to the start screen</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <source>N° de dossier</source>
        <translation>File no.</translation>
    </message>
    <message>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>(masqué pendant la notation)</source>
        <translation>(hidden during scoring)</translation>
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
    <name>JuryModel</name>
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
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Jury Mines Paris – PSL × Albert School</source>
        <translation>Mines Paris – PSL × Albert School jury</translation>
    </message>
    <message>
        <source>Double diplôme IA &amp; Data Business — poste du jury, sans connexion internet</source>
        <translation>AI &amp; Data Business double degree — jury desk, no internet connection needed</translation>
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
        <source>Phrase secrète incorrecte. Vérifiez-la et réessayez.</source>
        <translation>Wrong passphrase. Check it and try again.</translation>
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
        <source>Le quorum n&apos;est pas atteint : chaque école doit avoir assez de membres présents avant la notation.</source>
        <translation>The quorum is not reached: each school needs enough members present before scoring.</translation>
    </message>
    <message>
        <source>Ce membre n&apos;est pas enregistré comme présent. Pointez son arrivée d&apos;abord.</source>
        <translation>This member is not checked in as present. Check them in first.</translation>
    </message>
    <message>
        <source>Ce membre a déclaré un conflit d&apos;intérêts pour ce candidat : il ne peut ni le noter, ni voir ses notes, ni approuver sa décision.</source>
        <translation>This member declared a conflict of interest for this candidate: they may not score them, see their scores or approve their decision.</translation>
    </message>
    <message>
        <source>La séance est close : plus rien ne peut y être modifié sans la rouvrir.</source>
        <translation>The session is closed: nothing can be changed without reopening it.</translation>
    </message>
    <message>
        <source>Seul le président du jury peut faire cela.</source>
        <translation>Only the jury chair can do this.</translation>
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
</TS>
