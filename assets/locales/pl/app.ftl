# Co czyta pacjent w barze, zawsze w formie grzecznościowej (Pan/Pani, "proszę ...").
# Tłumaczenie niesprawdzone przez klinicystę, dla którego
# polski jest językiem ojczystym (docs/report.md).

block-practice = Ćwiczenie
block-next = Następny blok
rule-push-alcohol = Proszę odpychać napoje alkoholowe i przyciągać do siebie napoje bezalkoholowe.
rule-pull-alcohol = Proszę przyciągać do siebie napoje alkoholowe i odpychać napoje bezalkoholowe.
rule-by-cue = Niebieska podkładka: proszę odepchnąć napój. Pomarańczowa podkładka: proszę przyciągnąć go do siebie.
feedback-try-again = W drugą stronę - proszę spróbować jeszcze raz
feedback-other-direction = To był drugi kierunek
session-complete-title = Dobra robota!
session-complete = Ta sesja jest zakończona.
session-ended-title = Sesja została zakończona.
session-ended = Dziękujemy.
paused-title = Przerwa
paused-tracking = Gogle nie widzą teraz Pana/Pani ręki ani głowy.
paused-tracking-hint = Proszę trzymać kontroler przed sobą.
paused-wait = Proszę chwilę poczekać.
paused-therapist = Sesja będzie kontynuowana, gdy terapeuta ją wznowi.
paused-headset = Sesja będzie kontynuowana, gdy założy Pan/Pani z powrotem gogle.
calibration-step-1 = Kalibracja 1 z 2
calibration-step-2 = Kalibracja 2 z 2
calibration-rest-right = Proszę położyć prawą rękę przed sobą, tam gdzie na ladzie stałaby szklanka, i trzymać ją nieruchomo.
calibration-rest-left = Proszę położyć lewą rękę przed sobą, tam gdzie na ladzie stałaby szklanka, i trzymać ją nieruchomo.
calibration-reach-right = Proszę wyprostować prawą rękę przed sobą i trzymać ją nieruchomo.
calibration-reach-left = Proszę wyprostować lewą rękę przed sobą i trzymać ją nieruchomo.
calibration-done = Dziękujemy. Trening zaczyna się teraz.
reach-too-short = Proszę wyciągnąć rękę dalej do przodu.
reach-unusual = Zmierzony zasięg { $reach } m jest nietypowy; spróbujmy jeszcze raz.

# Kwestionariusze (panel pokazuje wokół nich teksty samego kwestionariusza).
q-progress = pytanie { $n } z { $total }
q-begin-mouse = Proszę kliknąć lub nacisnąć Enter, aby zacząć.
q-begin-headset = Proszę nacisnąć spust, aby zacząć.
q-choose-mouse = Proszę przesunąć mysz wzdłuż skali lub użyć strzałek, aby wybrać, a potem kliknąć.
q-choose-headset = Proszę wskazać skalę lub przesunąć gałkę, aby wybrać, a potem nacisnąć spust.
q-confirm-mouse = Wybrano { $value }. Proszę kliknąć ponownie, aby potwierdzić, lub wybrać jeszcze raz.
q-confirm-headset = Wybrano { $value }. Proszę ponownie nacisnąć spust, aby potwierdzić, lub wybrać jeszcze raz.
q-choose-first = Proszę najpierw wybrać odpowiedź.

# Nakładka dla terapeuty (okno na komputerze).
overlay-who = { $participant } sesja { $session }
overlay-status = próba { $trial } | trafność { $accuracy } | ostatni CR { $rt } | { $state }
overlay-starting = uruchamianie
overlay-calibrating = KALIBRACJA (jeszcze bez zapisu): { $step }
overlay-calibrating-paused = KALIBRACJA, WSTRZYMANA przez: { $causes } (jeszcze bez zapisu)
overlay-running = w toku
overlay-paused = WSTRZYMANA przez: { $causes }
overlay-asking = KWESTIONARIUSZ { $id } ({ $moment }): { $at }
overlay-item = pytanie { $n } z { $total }
overlay-instructions = instrukcja
overlay-finished = zakończona
overlay-recording = zapis { $health }
overlay-recording-ok = ok: ostatnia zapisana próba { $trial }, oczekuje { $waiting }, zaległość { $backlog } s
overlay-recording-stalled = DYSK ZABLOKOWANY: ostatnia zapisana próba { $trial }, oczekuje { $waiting }, zaległość { $backlog } s
overlay-recording-failed = BŁĄD: { $error }
overlay-frames = klatki { $frames } | rdzeń { $cost }
overlay-frames-ok = { $rate } kl./s przy { $hz } Hz, { $late } spóźnionych z { $frames } (ok)
overlay-frames-late = { $rate } kl./s przy { $hz } Hz, { $late ->
    [one] 1 spóźniona
    [few] { $late } spóźnione
   *[many] { $late } spóźnionych
} z { $frames } (SPÓŹNIONE KLATKI)
overlay-keys = P pauza   R wznów   Esc zakończ sesję
overlay-keys-recenter = C wyśrodkuj (podczas pauzy lub kalibracji)
overlay-recenter-pause-first = Wyśrodkowanie: najpierw pauza (P), potem C
cause-therapist = terapeuta
cause-headset = gogle poza fokusem
cause-tracking = utracone śledzenie
cause-recording = problem z zapisem
overlay-caution = UWAGA: { $name }, { $score } { $value } ({ $moment }): { $band }
