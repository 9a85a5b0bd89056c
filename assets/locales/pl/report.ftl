# Raport dla terapeuty (vr-aat report). Tłumaczenie niesprawdzone przez klinicystę,
# dla którego polski jest językiem ojczystym (zob. docs/report.md).

report-title = Raport dla terapeuty: { $participant }
report-subtitle = Trening zbliżania i unikania w zaburzeniach związanych z używaniem alkoholu w wirtualnym barze (VR-AAT)
study-title = Raport z badania: { $count } uczestników
generated-by = Utworzono z nagranych sesji na tym komputerze (nic nie jest wysyłane) przez

section-glance = W skrócie
glance-sessions = Odbyte sesje: { $done } z { $planned } zaplanowanych.
glance-sessions-unknown-plan = Odbyte sesje: { $done } (liczba zaplanowanych nieznana: nie udało się odczytać protokołu { $protocol }).
glance-no-sessions = Nie nagrano jeszcze żadnej sesji.
glance-dates = Pierwsza sesja { $first }, ostatnia sesja { $last }.
glance-latest = Ostatnia oceniona sesja ({ $session }): skłonność do zbliżania { $bias } ms, przedział 95% od { $low } do { $high } ms.
glance-no-score = Żadnej sesji nie udało się jeszcze ocenić.
change-line = Zmiana od sesji { $from } do sesji { $to }: { $change } ms (przedział 95% od { $low } do { $high } ms).
change-decreased = Skłonność do zbliżania się do alkoholu wiarygodnie zmalała.
change-increased = Skłonność do zbliżania się do alkoholu wiarygodnie wzrosła.
change-none = Zmiana nie różni się wiarygodnie od zera.
change-cannot-tell = Nie można ocenić, czy nastąpiła zmiana (za mało ważnych prób).
change-needs-two = Do oceny zmiany potrzebne są dwie ocenione sesje.
warnings-heading = Czytać ostrożnie
warn-flat = Rozegrane w oknie na pulpicie, nie w gogle (pokaz, nie terapia): sesja { $sessions }.
warn-synthetic = Syntetyczny pacjent (symulacja, nie osoba): sesja { $sessions }.
warn-replay = Odtworzone z innego nagrania: sesja { $sessions }.
warn-not-complete = Nie dobiegła końca: sesja { $sessions }.
warn-not-scored = Nie udało się ocenić: sesja { $sessions }.
warn-quality = Utrata śledzenia lub spóźnione klatki podczas prób: sesja { $sessions }.
warn-events = Nie udało się odczytać zdarzeń sesji { $sessions }: jej pauzy są nieznane.
warn-damaged = Uszkodzone sesje pominięte w tym raporcie: { $count } (wymienione na końcu).

section-charts = W przebiegu terapii
chart-x = sesja
chart-bias-title = Skłonność do zbliżania w każdej sesji, z przedziałem 95%
chart-bias-y = skłonność (ms)
chart-bias-alt = Skłonność do zbliżania według sesji (sesja, ms): { $values }.
chart-rt-title = Mediana czasu reakcji w każdym warunku
chart-rt-y = mediana RT (ms)
chart-rt-alt = Mediany czasów reakcji według sesji i warunku; liczby są w tabeli median czasów reakcji poniżej.
chart-errors-title = Odsetek błędów w każdej sesji
chart-errors-y = błędy (%)
chart-errors-alt = Odsetek błędów według sesji (sesja, %): { $values }.
cell-push-alcohol = odpychanie alkoholu
cell-pull-alcohol = przyciąganie alkoholu
cell-push-soft = odpychanie napoju bezalkoholowego
cell-pull-soft = przyciąganie napoju bezalkoholowego

section-sessions = Sesje
sessions-caption = Dla każdej sesji: próby, błędy i przekroczenia czasu, mediany czasów reakcji oraz skłonność do zbliżania z przedziałem 95%. Szare wiersze nie są danymi z terapii.
medians-caption = Mediana czasu reakcji (ms) w każdej sesji i warunku: od pojawienia się napoju do początku ruchu, z prób uwzględnionych w wynikach.
col-session = Sesja
col-date = Data (UTC)
col-duration = Czas trwania
col-status = Stan
col-input = Sterowanie
col-trials = Próby wykonane / zaplanowane
col-errors = Błędy
col-timeouts = Przekroczenia czasu
col-bias = Skłonność (ms)
col-interval = Przedział 95% (ms)
col-d-score = Wynik D
status-complete = ukończona
status-incomplete = zakończona wcześniej
status-interrupted = przerwana (program się zatrzymał)
status-recording = właśnie nagrywana
input-xr = gogle
input-flat = okno na pulpicie
input-synthetic = syntetyczny pacjent
input-replay = odtworzenie

section-quality = Jakość danych
quality-caption = Co mogłoby obniżyć wiarygodność wyników sesji.
col-display-hz = Częstotliwość obrazu (Hz)
col-late = Próby ze spóźnionymi klatkami
col-lost = Próby z utratą śledzenia
col-excluded = Próby pominięte w wynikach
col-pauses = Pauzy (s od początku)
col-calibration = Kalibracja
col-flags = Uwagi
excluded-list = { $total } łącznie: { $errors } błędów, { $outliers } wartości odstających, { $fast } za szybko, { $slow } za wolno, { $timeouts } przekroczeń czasu, { $flagged } z utratą śledzenia lub spóźnionymi klatkami
pauses-none = brak
pause-item = w { $time } s ({ $causes })
pause-cause-unknown = przyczyna nie została zapisana
pauses-unreadable = nie udało się odczytać: { $error }
calibration-text = zasięg ręki { $reach } m ({ $method })
calibration-given = podany, nie zmierzony
calibration-measured = zmierzony w goglach
flag-not-scored = nieoceniona: { $reason }
flag-flat = okno na pulpicie, nie gogle
flag-synthetic = syntetyczny pacjent
flag-replay = odtworzone nagranie
flag-tracking-lost = utrata śledzenia w { $n } próbach
flag-late-frames = spóźnione klatki w { $n } próbach
flag-bias-differs = skłonność wiarygodnie różna od zera

section-damaged = Uszkodzone sesje
damaged-intro = Tych sesji nie udało się odczytać i są pominięte we wszystkim powyżej. `vr-aat repair` zamyka sesje pozostawione otwarte przez awarię; uszkodzony plik trzeba naprawić lub odłożyć ręcznie.

section-questionnaires = Kwestionariusze
questionnaires-none = Dla tej osoby nie zapisano odpowiedzi na kwestionariusze (ta wersja vr-aat jeszcze nie zadaje kwestionariuszy).

section-reading = Jak czytać ten raport
reading-bias = Skłonność do zbliżania to różnica median czasów reakcji: (odpychanie alkoholu − przyciąganie alkoholu) − (odpychanie napoju bezalkoholowego − przyciąganie napoju bezalkoholowego). Powyżej zera osoba przyciąga alkohol względnie szybciej, niż go odpycha: skłonność do zbliżania się do alkoholu. Trening ma ją zmniejszyć.
reading-interval = Przedział 95% wynika z wielokrotnego losowania prób z sesji. Jeśli obejmuje zero, skłonność nie różni się wiarygodnie od zera; jeśli przedziały dwóch sesji mocno się pokrywają, różnica między nimi może być przypadkowa.
reading-quality = Danymi z terapii są tylko sesje rozegrane przez pacjenta w goglach. Sesje w oknie na pulpicie, syntetycznego pacjenta lub odtworzone są oznaczone i pokazane na szaro. Próby z utratą śledzenia lub spóźnionymi klatkami są pomijane w wynikach.
reading-reliability = Rzetelność połówkowa: jak dobrze zgadzają się w grupie dwie losowe połowy prób każdej osoby (z poprawką Spearmana-Browna, uśredniona po losowych podziałach); wartości bliskie 1 oznaczają rzetelny pomiar, poniżej około 0,5 różnice w grupie to głównie szum.

section-group = Średnie grupowe w każdej sesji
group-caption = Uczestnicy z ocenioną sesją o danym numerze, ich średnia skłonność do zbliżania, jej odchylenie standardowe i rzetelność połówkowa.
col-participants = Uczestnicy
col-mean-bias = Średnia skłonność (ms)
col-sd-bias = SD (ms)
col-reliability = Rzetelność połówkowa
reliability-value = { $r } (przedział 95% od { $low } do { $high })
reliability-none = niedostępna: { $reason }
reliability-mixed-settings = niedostępna: sesje uczestników oceniono z różnymi ustawieniami

section-participants = Uczestnicy
participants-caption = Jeden wiersz na osobę; pseudonim prowadzi do jej własnego raportu.
col-participant = Uczestnik
col-sessions-done = Sesje
col-first-bias = Pierwsza skłonność (ms)
col-last-bias = Ostatnia skłonność (ms)
col-change = Zmiana (ms)
col-reading = Ocena
col-damaged = Uszkodzone sesje
