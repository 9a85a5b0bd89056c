# Co czyta pacjent w barze. Tłumaczenie niesprawdzone przez klinicystę, dla którego
# polski jest językiem ojczystym (docs/report.md).

block-practice = Ćwiczenie
block-next = Następny blok
rule-push-alcohol = Odpychaj napoje alkoholowe. Przyciągaj do siebie napoje bezalkoholowe.
rule-pull-alcohol = Przyciągaj do siebie napoje alkoholowe. Odpychaj napoje bezalkoholowe.
rule-by-cue = Niebieska podkładka: odepchnij napój. Pomarańczowa podkładka: przyciągnij go do siebie.
feedback-try-again = W drugą stronę - spróbuj jeszcze raz
feedback-other-direction = To był drugi kierunek
session-complete-title = Dobra robota!
session-complete = Ta sesja jest zakończona.
session-ended-title = Sesja została zakończona.
session-ended = Dziękujemy.
paused-title = Przerwa
paused-tracking = Gogle nie widzą teraz Twojej ręki ani głowy.
paused-tracking-hint = Trzymaj kontroler przed sobą.
paused-wait = Proszę chwilę poczekać.
paused-therapist = Sesja będzie kontynuowana, gdy terapeuta ją wznowi.
paused-headset = Sesja będzie kontynuowana, gdy założysz z powrotem gogle.
calibration-step-1 = Kalibracja 1 z 2
calibration-step-2 = Kalibracja 2 z 2
calibration-rest-right = Połóż prawą rękę przed sobą, tam gdzie na ladzie stałaby szklanka, i trzymaj ją nieruchomo.
calibration-rest-left = Połóż lewą rękę przed sobą, tam gdzie na ladzie stałaby szklanka, i trzymaj ją nieruchomo.
calibration-reach-right = Wyprostuj prawą rękę przed sobą i trzymaj ją nieruchomo.
calibration-reach-left = Wyprostuj lewą rękę przed sobą i trzymaj ją nieruchomo.
calibration-done = Dziękujemy. Trening zaczyna się teraz.
reach-too-short = Wyciągnij rękę dalej do przodu.
reach-unusual = Zmierzony zasięg { $reach } m jest nietypowy; spróbujmy jeszcze raz.

# Kwestionariusze (panel pokazuje wokół nich teksty samego kwestionariusza).
q-progress = pytanie { $n } z { $total }
q-begin-mouse = Kliknij lub naciśnij Enter, aby zacząć.
q-begin-headset = Naciśnij spust, aby zacząć.
q-choose-mouse = Przesuń mysz wzdłuż skali lub użyj strzałek, aby wybrać; potem kliknij.
q-choose-headset = Wskaż skalę lub przesuń gałkę, aby wybrać; potem naciśnij spust.
q-confirm-mouse = Wybrano { $value }. Kliknij ponownie, aby potwierdzić, lub wybierz jeszcze raz.
q-confirm-headset = Wybrano { $value }. Naciśnij spust ponownie, aby potwierdzić, lub wybierz jeszcze raz.
q-choose-first = Najpierw wybierz odpowiedź.

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
overlay-frames-late = { $rate } kl./s przy { $hz } Hz, { $late } spóźnionych z { $frames } (SPÓŹNIONE KLATKI)
overlay-keys = P pauza   R wznów   Esc zakończ sesję
overlay-keys-recenter = C wyśrodkuj (podczas pauzy lub kalibracji)
overlay-recenter-pause-first = Wyśrodkowanie: najpierw pauza (P), potem C
cause-therapist = terapeuta
cause-headset = gogle poza fokusem
cause-tracking = utracone śledzenie
cause-recording = problem z zapisem
