# Was die Patientin oder der Patient in der Bar liest. Übersetzung nicht von einer
# muttersprachlichen Klinikerin oder einem Kliniker geprüft (docs/report.md).

block-practice = Übung
block-next = Nächster Block
rule-push-alcohol = Schieben Sie alkoholische Getränke weg. Ziehen Sie alkoholfreie Getränke zu sich heran.
rule-pull-alcohol = Ziehen Sie alkoholische Getränke zu sich heran. Schieben Sie alkoholfreie Getränke weg.
rule-by-cue = Blauer Untersetzer: Getränk wegschieben. Oranger Untersetzer: Getränk heranziehen.
feedback-try-again = Andere Richtung - bitte noch einmal
feedback-other-direction = Das war die andere Richtung
session-complete-title = Gut gemacht!
session-complete = Diese Sitzung ist abgeschlossen.
session-ended-title = Die Sitzung ist beendet.
session-ended = Vielen Dank.
paused-title = Pause
paused-tracking = Das Headset kann Ihre Hand oder Ihren Kopf gerade nicht sehen.
paused-tracking-hint = Halten Sie den Controller vor sich.
paused-wait = Bitte warten Sie einen Moment.
paused-therapist = Es geht weiter, sobald Ihre Therapeutin oder Ihr Therapeut fortsetzt.
paused-headset = Es geht weiter, sobald das Headset wieder aufgesetzt ist.
calibration-step-1 = Kalibrierung 1 von 2
calibration-step-2 = Kalibrierung 2 von 2
calibration-rest-right = Legen Sie Ihre rechte Hand vor sich ab, dort wo ein Glas auf der Theke stehen würde, und halten Sie sie still.
calibration-rest-left = Legen Sie Ihre linke Hand vor sich ab, dort wo ein Glas auf der Theke stehen würde, und halten Sie sie still.
calibration-reach-right = Strecken Sie Ihren rechten Arm gerade nach vorn aus und halten Sie ihn still.
calibration-reach-left = Strecken Sie Ihren linken Arm gerade nach vorn aus und halten Sie ihn still.
calibration-done = Danke. Das Training beginnt jetzt.
reach-too-short = Bitte strecken Sie Ihren Arm weiter nach vorn.
reach-unusual = Diese Reichweite von { $reach } m ist ungewöhnlich; versuchen wir es noch einmal.

# Fragebögen (das Feld zeigt die Texte des Fragebogens selbst um diese herum).
q-progress = Frage { $n } von { $total }
q-begin-mouse = Klicken Sie oder drücken Sie die Eingabetaste, um zu beginnen.
q-begin-headset = Drücken Sie den Abzug, um zu beginnen.
q-choose-mouse = Bewegen Sie die Maus entlang der Skala oder nutzen Sie die Pfeiltasten, um zu wählen; klicken Sie dann.
q-choose-headset = Zeigen Sie auf die Skala oder drücken Sie den Daumenstick, um zu wählen; drücken Sie dann den Abzug.
q-confirm-mouse = Sie haben { $value } gewählt. Klicken Sie erneut, um zu bestätigen, oder wählen Sie neu.
q-confirm-headset = Sie haben { $value } gewählt. Drücken Sie den Abzug erneut, um zu bestätigen, oder wählen Sie neu.
q-choose-first = Bitte wählen Sie zuerst eine Antwort.

# Die Anzeige für Therapeutinnen und Therapeuten (das Desktop-Fenster).
overlay-who = { $participant } Sitzung { $session }
overlay-status = Durchgang { $trial } | Genauigkeit { $accuracy } | letzte RZ { $rt } | { $state }
overlay-starting = startet
overlay-calibrating = KALIBRIERUNG (noch keine Aufzeichnung): { $step }
overlay-calibrating-paused = KALIBRIERUNG, PAUSIERT durch: { $causes } (noch keine Aufzeichnung)
overlay-running = läuft
overlay-paused = PAUSIERT durch: { $causes }
overlay-asking = FRAGEBOGEN { $id } ({ $moment }): { $at }
overlay-item = Frage { $n } von { $total }
overlay-instructions = Einleitung
overlay-finished = beendet
overlay-recording = Aufzeichnung { $health }
overlay-recording-ok = ok: zuletzt gespeicherter Durchgang { $trial }, { $waiting } wartend, Rückstand { $backlog } s
overlay-recording-stalled = FESTPLATTE HÄNGT: zuletzt gespeicherter Durchgang { $trial }, { $waiting } wartend, Rückstand { $backlog } s
overlay-recording-failed = FEHLGESCHLAGEN: { $error }
overlay-frames = Bilder { $frames } | Kern { $cost }
overlay-frames-ok = { $rate } Bilder/s bei { $hz } Hz, { $late } verspätet von { $frames } (ok)
overlay-frames-late = { $rate } Bilder/s bei { $hz } Hz, { $late } verspätet von { $frames } (VERSPÄTETE BILDER)
overlay-keys = P Pause   R fortsetzen   Esc Sitzung beenden
overlay-keys-recenter = C neu zentrieren (in Pause oder Kalibrierung)
overlay-recenter-pause-first = Neu zentrieren: erst pausieren (P), dann C
cause-therapist = Therapeut/in
cause-headset = Headset nicht im Fokus
cause-tracking = Tracking verloren
cause-recording = Aufzeichnungsproblem
overlay-caution = ACHTUNG: { $name }, { $score } { $value } ({ $moment }): { $band }
