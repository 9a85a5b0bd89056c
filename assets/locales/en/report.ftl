# The therapist's report (vr-aat report). English is the reference language:
# every other language has these messages with the same placeholders.

report-title = Therapist's report: { $participant }
report-subtitle = Approach-avoidance training for alcohol use disorder in a virtual bar (VR-AAT)
study-title = Study report: { $count } participants
generated-by = Made from the recorded sessions, on this computer (nothing is sent anywhere), by

section-glance = At a glance
glance-sessions = Sessions done: { $done } of { $planned } planned.
glance-sessions-unknown-plan = Sessions done: { $done } (how many are planned is not known: protocol { $protocol } could not be read).
glance-no-sessions = No sessions are recorded yet.
glance-dates = First session on { $first }, last session on { $last }.
glance-latest = Latest scored session ({ $session }): approach bias { $bias } ms, 95% interval { $low } to { $high } ms.
glance-no-score = No session could be scored yet.
change-line = Change from session { $from } to session { $to }: { $change } ms (95% interval { $low } to { $high } ms).
change-decreased = The approach bias toward alcohol became reliably smaller.
change-increased = The approach bias toward alcohol became reliably larger.
change-none = The change is not reliably different from zero.
change-cannot-tell = Whether it changed cannot be told (too few valid trials).
change-needs-two = A change needs two scored sessions.
warnings-heading = Read with care
warn-flat = Played in a desktop window, not in a headset (a demonstration, not therapy): session { $sessions }.
warn-synthetic = A synthetic patient (a simulation, not a person): session { $sessions }.
warn-replay = Replayed from another recording: session { $sessions }.
warn-not-complete = Did not run to its end: session { $sessions }.
warn-not-scored = Could not be scored: session { $sessions }.
warn-quality = Tracking loss or late frames during trials: session { $sessions }.
warn-events = The events of session { $sessions } could not be read: its pauses are unknown.
warn-damaged = Damaged sessions left out of this report: { $count } (named at the end).

section-charts = Over the course
chart-x = session
chart-bias-title = Approach bias per session, with its 95% interval
chart-bias-y = bias (ms)
chart-bias-alt = Approach bias by session (session, ms): { $values }.
chart-rt-title = Median reaction time per condition
chart-rt-y = median RT (ms)
chart-rt-alt = Median reaction times by session and condition; the numbers are in the table of median reaction times below.
chart-errors-title = Error rate per session
chart-errors-y = errors (%)
chart-errors-alt = Error rate by session (session, %): { $values }.
cell-push-alcohol = push alcohol
cell-pull-alcohol = pull alcohol
cell-push-soft = push soft drink
cell-pull-soft = pull soft drink

section-sessions = Sessions
sessions-caption = Per session: trials, errors and time-outs, median reaction times, and the approach bias with its 95% interval. Grey rows are not therapy data.
medians-caption = Median reaction time (ms) per session and condition: from the drink appearing to the start of the movement, over the trials that entered the scores.
col-session = Session
col-date = Date (UTC)
col-duration = Duration
col-status = Status
col-input = Played with
col-trials = Trials done / planned
col-errors = Errors
col-timeouts = Time-outs
col-bias = Bias (ms)
col-interval = 95% interval (ms)
col-d-score = D-score
status-complete = complete
status-incomplete = ended early
status-interrupted = interrupted (the program stopped)
status-recording = being recorded now
input-xr = headset
input-flat = desktop window
input-synthetic = synthetic patient
input-replay = replay

section-quality = Data quality
quality-caption = What could make a session's numbers less trustworthy.
col-display-hz = Display rate (Hz)
col-late = Trials with late frames
col-lost = Trials with tracking loss
col-excluded = Trials left out of the scores
col-pauses = Pauses (s into the session)
col-calibration = Calibration
col-flags = Notes
excluded-list = { $total } in all: { $errors } errors, { $outliers } outliers, { $fast } too fast, { $slow } too slow, { $timeouts } time-outs, { $flagged } with tracking loss or late frames
pauses-none = none
pause-item = at { $time } s ({ $causes })
pause-cause-unknown = cause not recorded
pauses-unreadable = could not be read: { $error }
calibration-text = arm reach { $reach } m ({ $method })
calibration-given = given, not measured
calibration-measured = measured in the headset
flag-not-scored = not scored: { $reason }
flag-flat = desktop window, not a headset
flag-synthetic = synthetic patient
flag-replay = replayed recording
flag-tracking-lost = tracking lost in { $n } trials
flag-late-frames = late frames in { $n } trials
flag-bias-differs = bias reliably different from zero

section-damaged = Damaged sessions
damaged-intro = These sessions could not be read and are left out of everything above. `vr-aat repair` closes sessions that a crash left open; a damaged file must be fixed or moved aside by hand.

section-questionnaires = Questionnaires
questionnaires-none = No questionnaire answers are recorded for this participant (this version of vr-aat does not ask questionnaires yet).

section-reading = How to read this report
reading-bias = The approach bias is a difference of median reaction times: (push alcohol − pull alcohol) − (push soft drink − pull soft drink). Above zero, the patient pulls alcohol toward themselves relatively faster than they push it away: an approach bias toward alcohol. The training aims to lower it.
reading-interval = The 95% interval comes from resampling the session's trials. When it includes zero, the bias is not reliably different from zero; when two sessions' intervals overlap a lot, their difference may be chance.
reading-quality = Only sessions a patient played in a headset are therapy data. Sessions in a desktop window, of a synthetic patient, or replayed are marked and shown in grey. Trials with tracking loss or late frames are left out of the scores.
reading-reliability = Split-half reliability: how well two random halves of each participant's trials agree across the group (Spearman-Brown corrected, averaged over random splits); values near 1 mean the bias is measured reliably, below about 0.5 the group's differences are mostly noise.

section-group = Group means per session
group-caption = Participants with a scored session of each number, their mean approach bias, its standard deviation, and the split-half reliability.
col-participants = Participants
col-mean-bias = Mean bias (ms)
col-sd-bias = SD (ms)
col-reliability = Split-half reliability
reliability-value = { $r } (95% interval { $low } to { $high })
reliability-none = not available: { $reason }
reliability-mixed-settings = not available: the participants' sessions were scored with different settings

section-participants = Participants
participants-caption = One row per participant; the pseudonym links to their own report.
col-participant = Participant
col-sessions-done = Sessions
col-first-bias = First bias (ms)
col-last-bias = Last bias (ms)
col-change = Change (ms)
col-reading = Reading
col-damaged = Damaged sessions
