# Raport dla terapeuty (vr-aat report). Tłumaczenie niesprawdzone przez klinicystę,
# dla którego polski jest językiem ojczystym (zob. docs/report.md).

report-title = Raport dla terapeuty: { $participant }
report-subtitle = Trening zbliżania i unikania w zaburzeniach związanych z używaniem alkoholu w wirtualnym barze (VR-AAT)
study-title = Raport z badania: { $count ->
    [one] 1 uczestnik
    [few] { $count } uczestników
   *[other] { $count } uczestników
}
generated-by = Utworzono z nagranych sesji na tym komputerze (nic nie jest wysyłane) przez

section-glance = W skrócie
glance-sessions = { $counted ->
    [therapy] Odbyte sesje terapeutyczne
   *[all] Odbyte sesje, liczone wszystkie
}: { $done } z { $planned } zaplanowanych.
glance-sessions-unknown-plan = { $counted ->
    [therapy] Odbyte sesje terapeutyczne
   *[all] Odbyte sesje, liczone wszystkie
}: { $done } (liczba zaplanowanych nieznana: nie udało się odczytać protokołu { $protocol }).
glance-no-sessions = Nie nagrano jeszcze żadnej sesji.
glance-dates = Pierwsza sesja { $first }, ostatnia sesja { $last }.
glance-latest = { $counted ->
    [therapy] Ostatnia oceniona sesja terapeutyczna
   *[all] Ostatnia oceniona sesja
} ({ $session }): skłonność do zbliżania { $bias } ms, przedział 95% od { $low } do { $high } ms.
glance-no-score = { $counted ->
    [therapy] Żadnej sesji terapeutycznej
   *[all] Żadnej sesji
} nie udało się jeszcze ocenić.
change-line = Zmiana od sesji { $from } do sesji { $to }: { $change } ms (przedział 95% od { $low } do { $high } ms).
change-decreased = Skłonność do zbliżania się do alkoholu wiarygodnie zmalała.
change-increased = Skłonność do zbliżania się do alkoholu wiarygodnie wzrosła.
change-none = Zmiana nie różni się wiarygodnie od zera.
change-cannot-tell = Nie można ocenić, czy nastąpiła zmiana (za mało ważnych prób).
change-needs-two = Do oceny zmiany potrzebne są dwie ocenione { $counted ->
    [therapy] sesje terapeutyczne
   *[all] sesje
}.
warnings-heading = Czytać ostrożnie
warn-flat = Rozegrane w oknie na pulpicie, nie w goglach (pokaz, nie terapia): { $count ->
    [one] sesja
   *[other] sesje
} { $sessions }.
warn-synthetic = Syntetyczny pacjent (symulacja, nie osoba): { $count ->
    [one] sesja
   *[other] sesje
} { $sessions }.
warn-not-complete = Nie dobiegła końca: { $count ->
    [one] sesja
   *[other] sesje
} { $sessions }.
warn-not-scored = Nie udało się ocenić: { $count ->
    [one] sesja
   *[other] sesje
} { $sessions }.
warn-quality = Utrata śledzenia lub spóźnione klatki podczas prób: { $count ->
    [one] sesja
   *[other] sesje
} { $sessions }.
warn-events = { $count ->
    [one] Nie udało się odczytać zdarzeń sesji { $sessions }: jej pauzy są nieznane.
   *[other] Nie udało się odczytać zdarzeń sesji { $sessions }: ich pauzy są nieznane.
}
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
sessions-caption = Dla każdej sesji: próby, błędy i przekroczenia czasu, mediany czasów reakcji oraz skłonność do zbliżania z przedziałem 95%, a następnie skłonność dla napojów trenowanych i nietrenowanych (czy trening się uogólnia?). Szare wiersze nie są danymi z terapii.
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

section-quality = Jakość danych
quality-caption = Co mogłoby obniżyć wiarygodność wyników sesji.
col-display-hz = Częstotliwość obrazu (Hz)
col-late = Próby ze spóźnionymi klatkami
col-lost = Próby z utratą śledzenia
col-excluded = Próby pominięte w wynikach
col-pauses = Pauzy (s od początku)
col-calibration = Kalibracja
col-flags = Uwagi
excluded-list = { $total } łącznie: { $errors ->
    [one] 1 błąd
    [few] { $errors } błędy
   *[many] { $errors } błędów
}, { $outliers ->
    [one] 1 wartość odstająca
    [few] { $outliers } wartości odstające
   *[many] { $outliers } wartości odstających
}, { $fast } za szybko, { $slow } za wolno, { $timeouts ->
    [one] 1 przekroczenie czasu
    [few] { $timeouts } przekroczenia czasu
   *[many] { $timeouts } przekroczeń czasu
}, { $flagged } z utratą śledzenia lub spóźnionymi klatkami
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
flag-tracking-lost = utrata śledzenia w { $n ->
    [one] 1 próbie
   *[other] { $n } próbach
}
flag-late-frames = spóźnione klatki w { $n ->
    [one] 1 próbie
   *[other] { $n } próbach
}
flag-bias-differs = skłonność wiarygodnie różna od zera

section-damaged = Uszkodzone sesje
damaged-intro = Tych sesji nie udało się odczytać i są pominięte we wszystkim powyżej. `vr-aat repair` zamyka sesje pozostawione otwarte przez awarię; uszkodzony plik trzeba naprawić lub odłożyć ręcznie.

glance-personal-set = Własne napoje (z wywiadu wstępnego), trenowane razem z dopasowanymi odpowiednikami: { $drinks }; pozostałe napoje nie są trenowane.

section-questionnaires = Kwestionariusze
questionnaires-none = Dla tej osoby nie zapisano odpowiedzi na kwestionariusze.
questionnaires-caption = Wyniki kwestionariuszy według sesji i momentu
questionnaires-note = Wyniki liczone są według reguł danego kwestionariusza (docs/questionnaires.md). Dołączone pozycje AUQ są zastępcze, nie są zwalidowanym brzmieniem.
questionnaires-unreadable = Tych odpowiedzi nie udało się odczytać i zostały pominięte:
questionnaire-unknown = nie znaleziono definicji tego kwestionariusza: bez wyniku
col-moment = Kiedy
col-questionnaire = Kwestionariusz
col-answered = Udzielone odpowiedzi
col-scores = Wyniki
moment-before = przed sesją
moment-after = po sesji
moment-between = przed blokiem { $block }
chart-craving-title = Głód alkoholowy (0-100) przed każdą sesją i po niej
chart-craving-y = głód alkoholowy (0-100)
chart-craving-alt = Głód alkoholowy według sesji (sesja, 0-100), przed: { $before }; po: { $after }.
warn-answers = Nie udało się odczytać odpowiedzi na kwestionariusze z { $count ->
    [one] sesji
   *[other] sesji
} { $sessions }; są wymienione w części o kwestionariuszach.

section-reading = Jak czytać ten raport
reading-bias = Skłonność do zbliżania to różnica median czasów reakcji: (odpychanie alkoholu − przyciąganie alkoholu) − (odpychanie napoju bezalkoholowego − przyciąganie napoju bezalkoholowego). Powyżej zera osoba przyciąga alkohol względnie szybciej, niż go odpycha: skłonność do zbliżania się do alkoholu. Trening ma ją zmniejszyć.
reading-interval = Przedział 95% wynika z wielokrotnego losowania prób z sesji. Jeśli obejmuje zero, skłonność nie różni się wiarygodnie od zera; jeśli przedziały dwóch sesji mocno się pokrywają, różnica między nimi może być przypadkowa.
reading-quality = Danymi z terapii są tylko sesje rozegrane przez osobę w goglach do samego końca; tylko one wchodzą do zmiany, liczby odbytych sesji i liczb grupowych. Sesje w oknie na pulpicie, syntetycznego pacjenta, odtworzone lub zakończone przedwcześnie są oznaczone i pokazane na szaro. Próby z utratą śledzenia lub spóźnionymi klatkami są pomijane w wynikach.
reading-reliability = Rzetelność połówkowa: jak dobrze zgadzają się w grupie dwie losowe połowy prób każdej osoby (każdy napój w każdym ruchu podzielony po równo) (z poprawką Spearmana-Browna, uśredniona po losowych podziałach); wartości bliskie 1 oznaczają rzetelny pomiar, poniżej około 0,5 różnice w grupie to głównie szum.

section-group = Średnie grupowe w każdej sesji
group-caption = Według protokołu, rodzaju danych i numeru sesji: uczestnicy z ocenioną sesją, ich średnia skłonność do zbliżania, jej odchylenie standardowe i rzetelność połówkowa. Protokoły i źródła danych nigdy nie są łączone.
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
glance-not-counted = Nie liczone jako terapia, więc pominięte w liczbach na tej stronie (nadal pokazane i oznaczone poniżej): { $sessions }.
glance-counting-everything = Tutaj liczona jest każda sesja, terapeutyczna czy nie (na żądanie: --include-non-therapy): do nauki i testów, nie do oceny przebiegu terapii pacjenta.
session-use-item = sesja { $session }: { $use }
use-therapy = terapia
use-ended-early = zakończona przedwcześnie
use-demo = pokaz w oknie na pulpicie
use-synthetic = syntetyczny pacjent
use-replayed = odtworzenie
study-all-synthetic = { $count ->
    [one] Jedyny uczestnik jest syntetyczny
   *[other] Wszyscy uczestnicy ({ $count }) są syntetyczni
} (symulowani przez vr-aat): te liczby sprawdzają oprogramowanie i nic nie mówią o pacjentach.
study-some-synthetic = Uczestnicy syntetyczni (symulowani, nie osoby): { $count }.
study-left-out = Sesje, które nie są danymi z terapii i zostały pominięte w liczbach grupowych: { $count } ({ $sessions }); `vr-aat report --include-non-therapy` celowo je uwzględnia.
study-sessions-of = { $counted } (nagranych: { $all })
col-protocol = Protokół
col-source = Rodzaj danych
validation-validated = zwalidowane brzmienie
validation-adapted = zwalidowane narzędzie, tłumaczenie vr-aat, niezwalidowane
validation-not-validated = własne brzmienie vr-aat, nie jest zwalidowanym narzędziem
validation-placeholder = pozycje ZASTĘPCZE, nie zwalidowane brzmienie: nie raportować jako tego narzędzia
warn-score-caution = Sesja { $session }, { $moment }: { $name }, { $score } { $value }: { $band }. Przed kontynuacją zapytać pacjenta o samopoczucie.
glance-intake = Wywiad wstępny { $date }: zwykle pije { $alcohol }; lubi { $soft }.
col-bias-by-set = Skłonność, napoje trenowane / nietrenowane (ms)
