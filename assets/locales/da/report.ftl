# Rapport til terapeuten (vr-aat report). Oversættelsen er ikke gennemgået af en
# dansktalende kliniker (se docs/report.md).

report-title = Rapport til terapeuten: { $participant }
report-subtitle = Tilnærmelses-undgåelsestræning ved alkoholbrugsforstyrrelse i en virtuel bar (VR-AAT)
study-title = Studierapport: { $count ->
    [one] 1 deltager
   *[other] { $count } deltagere
}
generated-by = Lavet ud fra de optagne sessioner på denne computer (intet sendes videre) af

section-glance = Overblik
glance-sessions = { $counted ->
    [therapy] Gennemførte terapisessioner
   *[all] Gennemførte sessioner, alle talt med
}: { $done } af { $planned } planlagte.
glance-sessions-unknown-plan = { $counted ->
    [therapy] Gennemførte terapisessioner
   *[all] Gennemførte sessioner, alle talt med
}: { $done } (antallet af planlagte er ukendt: protokollen { $protocol } kunne ikke læses).
glance-no-sessions = Der er endnu ikke optaget nogen sessioner.
glance-dates = Første session den { $first }, sidste session den { $last }.
glance-latest = { $counted ->
    [therapy] Seneste scorede terapisession
   *[all] Seneste scorede session
} ({ $session }): tilnærmelsestendens { $bias } ms, 95 %-interval { $low } til { $high } ms.
glance-no-score = { $counted ->
    [therapy] Ingen terapisession
   *[all] Ingen session
} kunne scores endnu.
change-line = Ændring fra session { $from } til session { $to }: { $change } ms (95 %-interval { $low } til { $high } ms).
change-decreased = Tilnærmelsestendensen mod alkohol er blevet pålideligt mindre.
change-increased = Tilnærmelsestendensen mod alkohol er blevet pålideligt større.
change-none = Ændringen er ikke pålideligt forskellig fra nul.
change-cannot-tell = Om den har ændret sig, kan ikke afgøres (for få gyldige forsøg).
change-needs-two = En ændring kræver to scorede { $counted ->
    [therapy] terapisessioner
   *[all] sessioner
}.
warnings-heading = Læs med forsigtighed
warn-flat = Spillet i et vindue på skrivebordet, ikke med headset (en demonstration, ikke terapi): { $count ->
    [one] session
   *[other] sessioner
} { $sessions }.
warn-synthetic = En syntetisk patient (en simulering, ikke et menneske): { $count ->
    [one] session
   *[other] sessioner
} { $sessions }.
warn-not-complete = Blev ikke gennemført til ende: { $count ->
    [one] session
   *[other] sessioner
} { $sessions }.
warn-not-scored = Kunne ikke scores: { $count ->
    [one] session
   *[other] sessioner
} { $sessions }.
warn-quality = Tab af sporing eller forsinkede billeder under forsøg: { $count ->
    [one] session
   *[other] sessioner
} { $sessions }.
warn-events = { $count ->
    [one] Hændelserne i session { $sessions } kunne ikke læses: dens pauser er ukendte.
   *[other] Hændelserne i sessionerne { $sessions } kunne ikke læses: deres pauser er ukendte.
}
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
sessions-caption = Pr. session: forsøg, fejl og tidsoverskridelser, median-reaktionstider og tilnærmelsestendensen med dens 95 %-interval, derefter tendensen for de trænede og de utrænede drikke (generaliserer træningen?). Grå rækker er ikke terapidata.
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

section-quality = Datakvalitet
quality-caption = Hvad der kan gøre en sessions tal mindre pålidelige.
col-display-hz = Billedfrekvens (Hz)
col-late = Forsøg med forsinkede billeder
col-lost = Forsøg med tab af sporing
col-excluded = Forsøg udeladt af scorerne
col-pauses = Pauser (s inde i sessionen)
col-calibration = Kalibrering
col-flags = Bemærkninger
excluded-list = { $total } i alt: { $errors } fejl, { $outliers ->
    [one] 1 afviger
   *[other] { $outliers } afvigere
}, { $fast } for hurtige, { $slow } for langsomme, { $timeouts ->
    [one] 1 tidsoverskridelse
   *[other] { $timeouts } tidsoverskridelser
}, { $flagged } med tab af sporing eller forsinkede billeder
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
flag-tracking-lost = tab af sporing i { $n } forsøg
flag-late-frames = forsinkede billeder i { $n } forsøg
flag-bias-differs = tendensen er pålideligt forskellig fra nul

section-damaged = Beskadigede sessioner
damaged-intro = Disse sessioner kunne ikke læses og er udeladt af alt ovenfor. `vr-aat repair` lukker sessioner, som et nedbrud har efterladt åbne; en beskadiget fil skal rettes eller flyttes til side i hånden.

glance-personal-set = Egne drikke (fra forsamtalen), trænet sammen med deres formmatchede modstykker: { $drinks }; de øvrige drikke forbliver utrænede.

section-questionnaires = Spørgeskemaer
questionnaires-none = Der er ikke registreret svar på spørgeskemaer for denne deltager.
questionnaires-caption = Spørgeskemascorer efter session og tidspunkt
questionnaires-note = Scorerne følger hvert spørgeskemas egne regler (docs/questionnaires.md). De medfølgende AUQ-udsagn er pladsholdere, ikke den validerede ordlyd.
questionnaires-unreadable = Disse svar kunne ikke læses og er udeladt:
questionnaire-unknown = ingen definition fundet for dette spørgeskema: ikke scoret
col-moment = Stillet
col-questionnaire = Spørgeskema
col-answered = Besvarede spørgsmål
col-scores = Scorer
moment-before = før sessionen
moment-after = efter sessionen
moment-between = før blok { $block }
chart-craving-title = Trang (0-100) før og efter hver session
chart-craving-y = trang (0-100)
chart-craving-alt = Trang efter session (session, 0-100), før: { $before }; efter: { $after }.
warn-answers = Spørgeskemasvarene fra { $count ->
    [one] session
   *[other] sessionerne
} { $sessions } kunne ikke læses; de er nævnt i afsnittet om spørgeskemaer.

section-reading = Sådan læses rapporten
reading-bias = Tilnærmelsestendensen er en forskel mellem mediane reaktionstider: (skub alkohol væk − træk alkohol til) − (skub sodavand væk − træk sodavand til). Over nul trækker patienten alkohol relativt hurtigere til sig, end de skubber det væk: en tilnærmelsestendens mod alkohol. Træningen sigter mod at sænke den.
reading-interval = 95 %-intervallet kommer fra gentagen udtrækning af sessionens forsøg. Når det omfatter nul, er tendensen ikke pålideligt forskellig fra nul; når to sessioners intervaller overlapper meget, kan forskellen være tilfældig.
reading-quality = Kun sessioner, som et menneske har spillet med headset til ende, er terapidata; kun de indgår i ændringen, de gennemførte sessioner og gruppetallene. Sessioner i et vindue på skrivebordet, med en syntetisk patient, genafspillede eller afsluttet før tid er markeret og vist med gråt. Forsøg med tab af sporing eller forsinkede billeder indgår ikke i scorerne.
reading-reliability = Split-half-reliabilitet: hvor godt to tilfældige halvdele af hver deltagers forsøg (hver drik i hver bevægelse delt ligeligt) stemmer overens på tværs af gruppen (Spearman-Brown-korrigeret, gennemsnit over tilfældige opdelinger); værdier nær 1 betyder en pålidelig måling, under omkring 0,5 er forskellene i gruppen mest støj.

section-group = Gruppegennemsnit pr. session
group-caption = Pr. protokol, hvad sessionerne tæller som, og sessionsnummer: deltagerne med en scoret session, deres gennemsnitlige tilnærmelsestendens, dens standardafvigelse og split-half-reliabiliteten. Protokoller og kilder lægges aldrig sammen.
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
glance-not-counted = Tæller ikke som terapi og indgår derfor ikke i tallene på denne side (vises og markeres stadig nedenfor): { $sessions }.
glance-counting-everything = Her tælles hver session med, terapi eller ej (bedt om med --include-non-therapy): til undervisning og test, ikke til at læse en patients forløb.
session-use-item = session { $session }: { $use }
use-therapy = terapi
use-ended-early = afsluttet før tid
use-demo = demonstration i et vindue på skrivebordet
use-synthetic = syntetisk patient
use-replayed = genafspilning
study-all-synthetic = { $count ->
    [one] Den eneste deltager er syntetisk
   *[other] Alle { $count } deltagere er syntetiske
} (simuleret af vr-aat): tallene tester softwaren og siger intet om patienter.
study-some-synthetic = { $count ->
    [one] Én deltager er syntetisk
   *[other] { $count } deltagere er syntetiske
} (simuleret, ikke mennesker).
study-left-out = { $count ->
    [one] Én session er
   *[other] { $count } sessioner er
} ikke terapidata og indgår ikke i gruppetallene ({ $sessions }); `vr-aat report --include-non-therapy` tæller dem bevidst med.
study-sessions-of = { $counted } ({ $all } optaget)
col-protocol = Protokol
col-source = Tæller som
validation-validated = valideret ordlyd
validation-adapted = valideret instrument, oversat af vr-aat, ikke valideret
validation-not-validated = vr-aats egen ordlyd, ikke et valideret instrument
validation-placeholder = PLADSHOLDER-udsagn, ikke den validerede ordlyd: rapportér ikke som dette instrument
warn-score-caution = Session { $session }, { $moment }: { $name }, { $score } { $value }: { $band }. Spørg patienten, hvordan det går, før I fortsætter.
glance-intake = Forsamtale den { $date }: drikker normalt { $alcohol }; kan lide { $soft }.
col-bias-by-set = Tendens, trænede / utrænede drikke (ms)
