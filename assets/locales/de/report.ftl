# Therapeutenbericht (vr-aat report). Übersetzung nicht von einer muttersprachlichen
# Klinikerin oder einem Kliniker geprüft (siehe docs/report.md).

report-title = Bericht für die Therapie: { $participant }
report-subtitle = Annäherungs-Vermeidungs-Training bei Alkoholkonsumstörung in einer virtuellen Bar (VR-AAT)
study-title = Studienbericht: { $count ->
    [one] 1 teilnehmende Person
   *[other] { $count } Teilnehmende
}
generated-by = Aus den aufgezeichneten Sitzungen auf diesem Computer erstellt (nichts wird übertragen) von

section-glance = Auf einen Blick
glance-sessions = { $counted ->
    [therapy] Durchgeführte Therapiesitzungen
   *[all] Durchgeführte Sitzungen, alle gezählt
}: { $done } von { $planned } geplanten.
glance-sessions-unknown-plan = { $counted ->
    [therapy] Durchgeführte Therapiesitzungen
   *[all] Durchgeführte Sitzungen, alle gezählt
}: { $done } (wie viele geplant sind, ist unbekannt: Protokoll { $protocol } konnte nicht gelesen werden).
glance-no-sessions = Noch keine Sitzungen aufgezeichnet.
glance-dates = Erste Sitzung am { $first }, letzte Sitzung am { $last }.
glance-latest = { $counted ->
    [therapy] Letzte ausgewertete Therapiesitzung
   *[all] Letzte ausgewertete Sitzung
} ({ $session }): Annäherungstendenz { $bias } ms, 95-%-Intervall { $low } bis { $high } ms.
glance-no-score = { $counted ->
    [therapy] Noch keine Therapiesitzung
   *[all] Noch keine Sitzung
} konnte ausgewertet werden.
change-line = Veränderung von Sitzung { $from } zu Sitzung { $to }: { $change } ms (95-%-Intervall { $low } bis { $high } ms).
change-decreased = Die Annäherungstendenz zu Alkohol ist verlässlich kleiner geworden.
change-increased = Die Annäherungstendenz zu Alkohol ist verlässlich größer geworden.
change-none = Die Veränderung unterscheidet sich nicht verlässlich von null.
change-cannot-tell = Ob sie sich verändert hat, lässt sich nicht sagen (zu wenige gültige Durchgänge).
change-needs-two = Für eine Veränderung braucht es zwei ausgewertete { $counted ->
    [therapy] Therapiesitzungen
   *[all] Sitzungen
}.
warnings-heading = Mit Vorsicht lesen
warn-flat = Im Desktop-Fenster gespielt, nicht mit Headset (eine Vorführung, keine Therapie): { $count ->
    [one] Sitzung
   *[other] Sitzungen
} { $sessions }.
warn-synthetic = Ein simulierter Patient (eine Simulation, kein Mensch): { $count ->
    [one] Sitzung
   *[other] Sitzungen
} { $sessions }.
warn-not-complete = Nicht bis zum Ende gelaufen: { $count ->
    [one] Sitzung
   *[other] Sitzungen
} { $sessions }.
warn-not-scored = Konnte nicht ausgewertet werden: { $count ->
    [one] Sitzung
   *[other] Sitzungen
} { $sessions }.
warn-quality = Tracking-Verlust oder verspätete Bilder während Durchgängen: { $count ->
    [one] Sitzung
   *[other] Sitzungen
} { $sessions }.
warn-events = { $count ->
    [one] Die Ereignisse von Sitzung { $sessions } konnten nicht gelesen werden: ihre Pausen sind unbekannt.
   *[other] Die Ereignisse der Sitzungen { $sessions } konnten nicht gelesen werden: ihre Pausen sind unbekannt.
}
warn-damaged = Beschädigte Sitzungen, die in diesem Bericht fehlen: { $count } (am Ende genannt).

section-charts = Im Verlauf
chart-x = Sitzung
chart-bias-title = Annäherungstendenz je Sitzung, mit 95-%-Intervall
chart-bias-y = Tendenz (ms)
chart-bias-alt = Annäherungstendenz je Sitzung (Sitzung, ms): { $values }.
chart-rt-title = Median der Reaktionszeit je Bedingung
chart-rt-y = Median RT (ms)
chart-rt-alt = Mediane Reaktionszeiten je Sitzung und Bedingung; die Zahlen stehen in der Tabelle der medianen Reaktionszeiten unten.
chart-errors-title = Fehlerrate je Sitzung
chart-errors-y = Fehler (%)
chart-errors-alt = Fehlerrate je Sitzung (Sitzung, %): { $values }.
cell-push-alcohol = Alkohol wegschieben
cell-pull-alcohol = Alkohol heranziehen
cell-push-soft = Softdrink wegschieben
cell-pull-soft = Softdrink heranziehen

section-sessions = Sitzungen
sessions-caption = Je Sitzung: Durchgänge, Fehler und Zeitüberschreitungen, mediane Reaktionszeiten und die Annäherungstendenz mit ihrem 95-%-Intervall, dann die Tendenz bei den trainierten und bei den untrainierten Getränken (überträgt sich das Training?). Graue Zeilen sind keine Therapiedaten.
medians-caption = Median der Reaktionszeit (ms) je Sitzung und Bedingung: vom Erscheinen des Getränks bis zum Beginn der Bewegung, über die gewerteten Durchgänge.
col-session = Sitzung
col-date = Datum (UTC)
col-duration = Dauer
col-status = Status
col-input = Gespielt mit
col-trials = Durchgänge erledigt / geplant
col-errors = Fehler
col-timeouts = Zeitüberschreitungen
col-bias = Tendenz (ms)
col-interval = 95-%-Intervall (ms)
col-d-score = D-Wert
status-complete = vollständig
status-incomplete = vorzeitig beendet
status-interrupted = unterbrochen (das Programm wurde beendet)
status-recording = wird gerade aufgezeichnet
input-xr = Headset
input-flat = Desktop-Fenster
input-synthetic = simulierter Patient

section-quality = Datenqualität
quality-caption = Was die Zahlen einer Sitzung weniger verlässlich machen könnte.
col-display-hz = Bildrate (Hz)
col-late = Durchgänge mit verspäteten Bildern
col-lost = Durchgänge mit Tracking-Verlust
col-excluded = Nicht gewertete Durchgänge
col-pauses = Pausen (s nach Beginn)
col-calibration = Kalibrierung
col-flags = Hinweise
excluded-list = { $total } insgesamt: { $errors } Fehler, { $outliers } Ausreißer, { $fast } zu schnell, { $slow } zu langsam, { $timeouts ->
    [one] 1 Zeitüberschreitung
   *[other] { $timeouts } Zeitüberschreitungen
}, { $flagged } mit Tracking-Verlust oder verspäteten Bildern
pauses-none = keine
pause-item = bei { $time } s ({ $causes })
pause-cause-unknown = Grund nicht aufgezeichnet
pauses-unreadable = konnte nicht gelesen werden: { $error }
calibration-text = Armreichweite { $reach } m ({ $method })
calibration-given = vorgegeben, nicht gemessen
calibration-measured = im Headset gemessen
flag-not-scored = nicht ausgewertet: { $reason }
flag-flat = Desktop-Fenster, kein Headset
flag-synthetic = simulierter Patient
flag-tracking-lost = Tracking-Verlust in { $n ->
    [one] 1 Durchgang
   *[other] { $n } Durchgängen
}
flag-late-frames = verspätete Bilder in { $n ->
    [one] 1 Durchgang
   *[other] { $n } Durchgängen
}
flag-bias-differs = Tendenz verlässlich von null verschieden

section-damaged = Beschädigte Sitzungen
damaged-intro = Diese Sitzungen konnten nicht gelesen werden und fehlen in allem oben. `vr-aat repair` schließt Sitzungen, die ein Absturz offen gelassen hat; eine beschädigte Datei muss von Hand repariert oder beiseitegelegt werden.

glance-personal-set = Eigene Getränke (aus dem Aufnahmegespräch), mit ihren formgleichen Gegenstücken trainiert: { $drinks }; die übrigen Getränke bleiben untrainiert.

section-questionnaires = Fragebögen
questionnaires-none = Für diese Person sind keine Fragebogenantworten aufgezeichnet.
questionnaires-caption = Fragebogenwerte nach Sitzung und Zeitpunkt
questionnaires-note = Die Werte folgen den Regeln des jeweiligen Fragebogens (docs/questionnaires.md). Die mitgelieferten AUQ-Aussagen sind Platzhalter, nicht der validierte Wortlaut.
questionnaires-unreadable = Diese Antworten konnten nicht gelesen werden und fehlen:
questionnaire-unknown = keine Definition für diesen Fragebogen gefunden: nicht ausgewertet
col-moment = Gefragt
col-questionnaire = Fragebogen
col-answered = Beantwortete Fragen
col-scores = Werte
moment-before = vor der Sitzung
moment-after = nach der Sitzung
moment-between = vor Block { $block }
chart-craving-title = Suchtdruck (0-100) vor und nach jeder Sitzung
chart-craving-y = Suchtdruck (0-100)
chart-craving-alt = Suchtdruck nach Sitzung (Sitzung, 0-100), vorher: { $before }; nachher: { $after }.
warn-answers = Die Fragebogenantworten { $count ->
    [one] der Sitzung
   *[other] der Sitzungen
} { $sessions } konnten nicht gelesen werden; sie sind im Abschnitt Fragebögen benannt.

section-reading = So lesen Sie diesen Bericht
reading-bias = Die Annäherungstendenz ist eine Differenz medianer Reaktionszeiten: (Alkohol wegschieben − Alkohol heranziehen) − (Softdrink wegschieben − Softdrink heranziehen). Über null zieht die Person Alkohol relativ schneller heran, als sie ihn wegschiebt: eine Annäherungstendenz zu Alkohol. Das Training soll sie senken.
reading-interval = Das 95-%-Intervall entsteht durch wiederholtes Ziehen aus den Durchgängen der Sitzung. Schließt es null ein, unterscheidet sich die Tendenz nicht verlässlich von null; überlappen sich die Intervalle zweier Sitzungen stark, kann ihr Unterschied Zufall sein.
reading-quality = Nur Sitzungen, die eine Person mit Headset bis zum Ende gespielt hat, sind Therapiedaten; nur sie gehen in die Veränderung, die durchgeführten Sitzungen und die Gruppenzahlen ein. Sitzungen im Desktop-Fenster, eines simulierten Patienten, Wiedergaben und vorzeitig beendete Sitzungen sind markiert und grau dargestellt. Durchgänge mit Tracking-Verlust oder verspäteten Bildern gehen nicht in die Werte ein.
reading-reliability = Split-Half-Reliabilität: wie gut zwei zufällige Hälften der Durchgänge jeder Person (jedes Getränk in jeder Bewegung gleichmäßig geteilt) über die Gruppe übereinstimmen (Spearman-Brown-korrigiert, gemittelt über zufällige Teilungen); Werte nahe 1 bedeuten eine verlässliche Messung, unter etwa 0,5 sind die Unterschiede in der Gruppe überwiegend Rauschen.

section-group = Gruppenmittel je Sitzung
group-caption = Je Protokoll, Art der Sitzungen und Sitzungsnummer: die Teilnehmenden mit einer ausgewerteten Sitzung, ihre mittlere Annäherungstendenz, deren Standardabweichung und die Split-Half-Reliabilität. Protokolle und Quellen werden nie zusammengelegt.
col-participants = Teilnehmende
col-mean-bias = Mittlere Tendenz (ms)
col-sd-bias = SD (ms)
col-reliability = Split-Half-Reliabilität
reliability-value = { $r } (95-%-Intervall { $low } bis { $high })
reliability-none = nicht verfügbar: { $reason }
reliability-mixed-settings = nicht verfügbar: die Sitzungen wurden mit unterschiedlichen Einstellungen ausgewertet

section-participants = Teilnehmende
participants-caption = Eine Zeile je Person; das Pseudonym verweist auf ihren eigenen Bericht.
col-participant = Teilnehmende Person
col-sessions-done = Sitzungen
col-first-bias = Erste Tendenz (ms)
col-last-bias = Letzte Tendenz (ms)
col-change = Veränderung (ms)
col-reading = Einordnung
col-damaged = Beschädigte Sitzungen
glance-not-counted = Nicht als Therapie gezählt und daher in den Zahlen dieser Seite nicht enthalten (unten weiterhin gezeigt und markiert): { $sessions }.
glance-counting-everything = Hier wird jede Sitzung gezählt, ob Therapie oder nicht (mit --include-non-therapy verlangt): zum Lehren und Testen, nicht um den Verlauf eines Patienten zu lesen.
session-use-item = Sitzung { $session }: { $use }
use-therapy = Therapie
use-ended-early = vorzeitig beendet
use-demo = Vorführung im Desktop-Fenster
use-synthetic = simulierter Patient
use-replayed = Wiedergabe
study-all-synthetic = { $count ->
    [one] Die einzige teilnehmende Person ist simuliert
   *[other] Alle { $count } Teilnehmenden sind simuliert
} (von vr-aat erzeugt): diese Zahlen prüfen die Software und sagen nichts über Patienten.
study-some-synthetic = { $count ->
    [one] Eine teilnehmende Person ist simuliert
   *[other] { $count } Teilnehmende sind simuliert
} (keine Menschen).
study-left-out = { $count ->
    [one] Eine Sitzung ist
   *[other] { $count } Sitzungen sind
} keine Therapiedaten und in den Gruppenzahlen nicht enthalten ({ $sessions }); `vr-aat report --include-non-therapy` zählt sie bewusst mit.
study-sessions-of = { $counted } ({ $all } aufgezeichnet)
col-protocol = Protokoll
col-source = Zählt als
validation-validated = validierter Wortlaut
validation-adapted = validiertes Instrument, Übersetzung von vr-aat, nicht validiert
validation-not-validated = eigener Wortlaut von vr-aat, kein validiertes Instrument
validation-placeholder = PLATZHALTER-Aussagen, nicht der validierte Wortlaut: nicht als dieses Instrument berichten
warn-score-caution = Sitzung { $session }, { $moment }: { $name }, { $score } { $value }: { $band }. Fragen Sie den Patienten, wie es ihm geht, bevor es weitergeht.
glance-intake = Aufnahmegespräch am { $date }: trinkt meist { $alcohol }; mag { $soft }.
col-bias-by-set = Tendenz, trainierte / untrainierte Getränke (ms)
