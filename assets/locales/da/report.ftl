# Rapport til terapeuten (vr-aat report). Oversættelsen er ikke gennemgået af en
# dansktalende kliniker (se docs/report.md).

report-title = Rapport til terapeuten: { $participant }
report-subtitle = Tilnærmelses-undgåelsestræning ved alkoholbrugsforstyrrelse i en virtuel bar (VR-AAT)
study-title = Studierapport: { $count } deltagere
generated-by = Lavet ud fra de optagne sessioner på denne computer (intet sendes videre) af

section-glance = Overblik
glance-sessions = Gennemførte sessioner: { $done } af { $planned } planlagte.
glance-sessions-unknown-plan = Gennemførte sessioner: { $done } (antallet af planlagte er ukendt: protokollen { $protocol } kunne ikke læses).
glance-no-sessions = Der er endnu ikke optaget nogen sessioner.
glance-dates = Første session den { $first }, sidste session den { $last }.
glance-latest = Seneste scorede session ({ $session }): tilnærmelsestendens { $bias } ms, 95 %-interval { $low } til { $high } ms.
glance-no-score = Ingen session kunne scores endnu.
change-line = Ændring fra session { $from } til session { $to }: { $change } ms (95 %-interval { $low } til { $high } ms).
change-decreased = Tilnærmelsestendensen mod alkohol er blevet pålideligt mindre.
change-increased = Tilnærmelsestendensen mod alkohol er blevet pålideligt større.
change-none = Ændringen er ikke pålideligt forskellig fra nul.
change-cannot-tell = Om den har ændret sig, kan ikke afgøres (for få gyldige forsøg).
change-needs-two = En ændring kræver to scorede sessioner.
warnings-heading = Læs med forsigtighed
warn-flat = Spillet i et vindue på skrivebordet, ikke med headset (en demonstration, ikke terapi): session { $sessions }.
warn-synthetic = En syntetisk patient (en simulering, ikke et menneske): session { $sessions }.
warn-replay = Afspillet fra en anden optagelse: session { $sessions }.
warn-not-complete = Blev ikke gennemført til ende: session { $sessions }.
warn-not-scored = Kunne ikke scores: session { $sessions }.
warn-quality = Tab af sporing eller forsinkede billeder under forsøg: session { $sessions }.
warn-events = Hændelserne i session { $sessions } kunne ikke læses: dens pauser er ukendte.
warn-damaged = Beskadigede sessioner, der er udeladt af rapporten: { $count } (nævnt til sidst).

section-charts = Forløbet
chart-x = session
chart-bias-title = Tilnærmelsestendens pr. session med 95 %-interval
chart-bias-y = tendens (ms)
chart-bias-alt = Tilnærmelsestendens pr. session (session, ms): { $values }.
chart-rt-title = Median reaktionstid pr. betingelse
chart-rt-y = median RT (ms)
chart-rt-alt = Mediane reaktionstider pr. session og betingelse; tallene står i tabellen over mediane reaktionstider nedenfor.
chart-errors-title = Fejlrate pr. session
chart-errors-y = fejl (%)
chart-errors-alt = Fejlrate pr. session (session, %): { $values }.
cell-push-alcohol = skub alkohol væk
cell-pull-alcohol = træk alkohol til
cell-push-soft = skub sodavand væk
cell-pull-soft = træk sodavand til

section-sessions = Sessioner
sessions-caption = Pr. session: forsøg, fejl og tidsoverskridelser, mediane reaktionstider og tilnærmelsestendensen med 95 %-interval. Grå rækker er ikke terapidata.
medians-caption = Median reaktionstid (ms) pr. session og betingelse: fra drikken vises til bevægelsen begynder, over de forsøg, der indgår i scorerne.
col-session = Session
col-date = Dato (UTC)
col-duration = Varighed
col-status = Status
col-input = Spillet med
col-trials = Forsøg udført / planlagt
col-errors = Fejl
col-timeouts = Tidsoverskridelser
col-bias = Tendens (ms)
col-interval = 95 %-interval (ms)
col-d-score = D-score
status-complete = gennemført
status-incomplete = afsluttet før tid
status-interrupted = afbrudt (programmet stoppede)
status-recording = optages lige nu
input-xr = headset
input-flat = vindue på skrivebordet
input-synthetic = syntetisk patient
input-replay = afspilning

section-quality = Datakvalitet
quality-caption = Hvad der kan gøre en sessions tal mindre pålidelige.
col-display-hz = Billedfrekvens (Hz)
col-late = Forsøg med forsinkede billeder
col-lost = Forsøg med tab af sporing
col-excluded = Forsøg udeladt af scorerne
col-pauses = Pauser (s inde i sessionen)
col-calibration = Kalibrering
col-flags = Bemærkninger
excluded-list = { $total } i alt: { $errors } fejl, { $outliers } afvigere, { $fast } for hurtige, { $slow } for langsomme, { $timeouts } tidsoverskridelser, { $flagged } med tab af sporing eller forsinkede billeder
pauses-none = ingen
pause-item = ved { $time } s ({ $causes })
pause-cause-unknown = årsag ikke registreret
pauses-unreadable = kunne ikke læses: { $error }
calibration-text = armens rækkevidde { $reach } m ({ $method })
calibration-given = angivet, ikke målt
calibration-measured = målt i headsettet
flag-not-scored = ikke scoret: { $reason }
flag-flat = vindue på skrivebordet, ikke headset
flag-synthetic = syntetisk patient
flag-replay = afspillet optagelse
flag-tracking-lost = tab af sporing i { $n } forsøg
flag-late-frames = forsinkede billeder i { $n } forsøg
flag-bias-differs = tendensen er pålideligt forskellig fra nul

section-damaged = Beskadigede sessioner
damaged-intro = Disse sessioner kunne ikke læses og er udeladt af alt ovenfor. `vr-aat repair` lukker sessioner, som et nedbrud har efterladt åbne; en beskadiget fil skal rettes eller flyttes til side i hånden.

section-questionnaires = Spørgeskemaer
questionnaires-none = Der er ikke registreret svar på spørgeskemaer for denne deltager (denne version af vr-aat stiller endnu ingen spørgeskemaer).

section-reading = Sådan læses rapporten
reading-bias = Tilnærmelsestendensen er en forskel mellem mediane reaktionstider: (skub alkohol væk − træk alkohol til) − (skub sodavand væk − træk sodavand til). Over nul trækker patienten alkohol relativt hurtigere til sig, end de skubber det væk: en tilnærmelsestendens mod alkohol. Træningen sigter mod at sænke den.
reading-interval = 95 %-intervallet kommer fra gentagen udtrækning af sessionens forsøg. Når det omfatter nul, er tendensen ikke pålideligt forskellig fra nul; når to sessioners intervaller overlapper meget, kan forskellen være tilfældig.
reading-quality = Kun sessioner, som en patient har spillet med headset, er terapidata. Sessioner i et vindue på skrivebordet, med en syntetisk patient eller afspillede er markeret og vist med gråt. Forsøg med tab af sporing eller forsinkede billeder indgår ikke i scorerne.
reading-reliability = Split-half-reliabilitet: hvor godt to tilfældige halvdele af hver deltagers forsøg stemmer overens på tværs af gruppen (Spearman-Brown-korrigeret, gennemsnit over tilfældige opdelinger); værdier nær 1 betyder en pålidelig måling, under omkring 0,5 er forskellene i gruppen mest støj.

section-group = Gruppegennemsnit pr. session
group-caption = Deltagere med en scoret session med dette nummer, deres gennemsnitlige tilnærmelsestendens, dens standardafvigelse og split-half-reliabiliteten.
col-participants = Deltagere
col-mean-bias = Gennemsnitlig tendens (ms)
col-sd-bias = SD (ms)
col-reliability = Split-half-reliabilitet
reliability-value = { $r } (95 %-interval { $low } til { $high })
reliability-none = ikke tilgængelig: { $reason }
reliability-mixed-settings = ikke tilgængelig: deltagernes sessioner blev scoret med forskellige indstillinger

section-participants = Deltagere
participants-caption = Én række pr. deltager; pseudonymet linker til deltagerens egen rapport.
col-participant = Deltager
col-sessions-done = Sessioner
col-first-bias = Første tendens (ms)
col-last-bias = Sidste tendens (ms)
col-change = Ændring (ms)
col-reading = Vurdering
col-damaged = Beskadigede sessioner
