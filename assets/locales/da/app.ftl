# Hvad patienten læser i baren. Oversættelsen er ikke gennemgået af en dansktalende
# kliniker (docs/report.md).

block-practice = Øvelse
block-next = Næste blok
rule-push-alcohol = Skub alkoholiske drikke væk. Træk alkoholfrie drikke hen til dig.
rule-pull-alcohol = Træk alkoholiske drikke hen til dig. Skub alkoholfrie drikke væk.
rule-by-cue = Blå bordskåner: skub drikken væk. Orange bordskåner: træk den hen til dig.
feedback-try-again = Den anden vej - prøv igen
feedback-other-direction = Det var den anden retning
session-complete-title = Godt klaret!
session-complete = Denne session er færdig.
session-ended-title = Sessionen er slut.
session-ended = Tak.
paused-title = Pause
paused-tracking = Headsettet kan ikke se din hånd eller dit hoved lige nu.
paused-tracking-hint = Hold controlleren foran dig.
paused-wait = Vent venligst et øjeblik.
paused-therapist = Sessionen fortsætter, når din terapeut genoptager den.
paused-headset = Sessionen fortsætter, når headsettet er på igen.
calibration-step-1 = Kalibrering 1 af 2
calibration-step-2 = Kalibrering 2 af 2
calibration-rest-right = Hvil din højre hånd foran dig, hvor et glas ville stå på disken, og hold den stille.
calibration-rest-left = Hvil din venstre hånd foran dig, hvor et glas ville stå på disken, og hold den stille.
calibration-reach-right = Stræk din højre arm lige frem foran dig og hold den stille.
calibration-reach-left = Stræk din venstre arm lige frem foran dig og hold den stille.
calibration-done = Tak. Træningen begynder nu.
reach-too-short = Stræk venligst armen længere frem.
reach-unusual = Den rækkevidde på { $reach } m er usædvanlig; lad os prøve igen.

# Spørgeskemaer (panelet viser spørgeskemaets egne tekster omkring disse).
q-progress = spørgsmål { $n } af { $total }
q-begin-mouse = Klik, eller tryk på Enter, for at begynde.
q-begin-headset = Tryk på aftrækkeren for at begynde.
q-choose-mouse = Bevæg musen langs skalaen, eller brug piletasterne, for at vælge; klik derefter.
q-choose-headset = Peg på skalaen, eller skub tommelfingerknappen, for at vælge; tryk derefter på aftrækkeren.
q-confirm-mouse = Du valgte { $value }. Klik igen for at bekræfte, eller vælg igen.
q-confirm-headset = Du valgte { $value }. Tryk på aftrækkeren igen for at bekræfte, eller vælg igen.
q-choose-first = Vælg venligst et svar først.

# Terapeutens overblik (skrivebordsvinduet).
overlay-who = { $participant } session { $session }
overlay-status = forsøg { $trial } | nøjagtighed { $accuracy } | seneste RT { $rt } | { $state }
overlay-starting = starter
overlay-calibrating = KALIBRERING (optager endnu ikke): { $step }
overlay-calibrating-paused = KALIBRERING, SAT PÅ PAUSE af: { $causes } (optager endnu ikke)
overlay-running = kører
overlay-paused = SAT PÅ PAUSE af: { $causes }
overlay-asking = SPØRGESKEMA { $id } ({ $moment }): { $at }
overlay-item = spørgsmål { $n } af { $total }
overlay-instructions = vejledning
overlay-finished = afsluttet
overlay-recording = optagelse { $health }
overlay-recording-ok = ok: senest gemte forsøg { $trial }, { $waiting } venter, efterslæb { $backlog } s
overlay-recording-stalled = DISKEN HÆNGER: senest gemte forsøg { $trial }, { $waiting } venter, efterslæb { $backlog } s
overlay-recording-failed = FEJLET: { $error }
overlay-frames = billeder { $frames } | kerne { $cost }
overlay-frames-ok = { $rate } billeder/s ved { $hz } Hz, { $late } forsinkede af { $frames } (ok)
overlay-frames-late = { $rate } billeder/s ved { $hz } Hz, { $late } forsinkede af { $frames } (FORSINKEDE BILLEDER)
overlay-keys = P pause   R fortsæt   Esc afslut session
overlay-keys-recenter = C centrér igen (under pause eller kalibrering)
overlay-recenter-pause-first = Centrér igen: sæt først på pause (P), derefter C
cause-therapist = terapeut
cause-headset = headset ikke i fokus
cause-tracking = sporing tabt
cause-recording = optageproblem
overlay-caution = OBS: { $name }, { $score } { $value } ({ $moment }): { $band }
