# The therapist's report (vr-aat report). English is the reference language:
# every other language has these messages with the same placeholders.

report-title = Therapist's report: { $participant }
report-subtitle = Approach-avoidance training for alcohol use disorder in a virtual bar (VR-AAT)
study-title = Study report: { $count ->
    [one] 1 participant
   *[other] { $count } participants
}
generated-by = Made from the recorded sessions, on this computer (nothing is sent anywhere), by

section-glance = At a glance
glance-sessions = { $counted ->
    [therapy] Therapy sessions done
   *[all] Sessions done, all counted
}: { $done } of { $planned } planned.
glance-sessions-unknown-plan = { $counted ->
    [therapy] Therapy sessions done
   *[all] Sessions done, all counted
}: { $done } (how many are planned is not known: protocol { $protocol } could not be read).
glance-no-sessions = No sessions are recorded yet.
glance-dates = First session on { $first }, last session on { $last }.
glance-latest = { $counted ->
    [therapy] Latest scored therapy session
   *[all] Latest scored session
} ({ $session }): approach bias { $bias } ms, 95% interval { $low } to { $high } ms.
glance-no-score = { $counted ->
    [therapy] No therapy session
   *[all] No session
} could be scored yet.
change-line = Change from session { $from } to session { $to }: { $change } ms (95% interval { $low } to { $high } ms).
change-decreased = The approach bias toward alcohol became reliably smaller.
change-increased = The approach bias toward alcohol became reliably larger.
change-none = The change is not reliably different from zero.
change-cannot-tell = Whether it changed cannot be told (too few valid trials).
change-needs-two = A change needs two scored { $counted ->
    [therapy] therapy sessions
   *[all] sessions
}.
warnings-heading = Read with care
warn-flat = Played in a desktop window, not in a headset (a demonstration, not therapy): { $count ->
    [one] session
   *[other] sessions
} { $sessions }.
warn-synthetic = A synthetic patient (a simulation, not a person): { $count ->
    [one] session
   *[other] sessions
} { $sessions }.
warn-not-complete = Did not run to its end: { $count ->
    [one] session
   *[other] sessions
} { $sessions }.
warn-not-scored = Could not be scored: { $count ->
    [one] session
   *[other] sessions
} { $sessions }.
warn-quality = Tracking loss or late frames during trials: { $count ->
    [one] session
   *[other] sessions
} { $sessions }.
warn-events = The events of { $count ->
    [one] session { $sessions } could not be read: its pauses are unknown.
   *[other] sessions { $sessions } could not be read: their pauses are unknown.
}
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
sessions-caption = Per session: trials, errors and time-outs, median reaction times, and the approach bias with its 95% interval, then the bias over the drinks the session trained and over those it left untrained (does the training generalise?). Grey rows are not therapy data.
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

section-quality = Data quality
quality-caption = What could make a session's numbers less trustworthy.
col-display-hz = Display rate (Hz)
col-late = Trials with late frames
col-lost = Trials with tracking loss
col-excluded = Trials left out of the scores
col-pauses = Pauses (s into the session)
col-calibration = Calibration
col-flags = Notes
excluded-list = { $total } in all: { $errors ->
    [one] 1 error
   *[other] { $errors } errors
}, { $outliers ->
    [one] 1 outlier
   *[other] { $outliers } outliers
}, { $fast } too fast, { $slow } too slow, { $timeouts ->
    [one] 1 time-out
   *[other] { $timeouts } time-outs
}, { $flagged } with tracking loss or late frames
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
flag-tracking-lost = tracking lost in { $n ->
    [one] 1 trial
   *[other] { $n } trials
}
flag-late-frames = late frames in { $n ->
    [one] 1 trial
   *[other] { $n } trials
}
flag-bias-differs = bias reliably different from zero

section-damaged = Damaged sessions
damaged-intro = These sessions could not be read and are left out of everything above. `vr-aat repair` closes sessions that a crash left open; a damaged file must be fixed or moved aside by hand.

glance-personal-set = Own drinks (from the intake), trained with their matched partners: { $drinks }; the other drinks stay untrained.

section-questionnaires = Questionnaires
questionnaires-none = No questionnaire answers are recorded for this participant.
questionnaires-caption = Questionnaire scores, by session and moment
questionnaires-note = Scores follow each questionnaire's own rules (docs/questionnaires.md). The AUQ's items as shipped are placeholders, not the validated wording.
questionnaires-unreadable = These answers could not be read and are left out:
questionnaire-unknown = no definition found for this questionnaire: not scored
col-moment = Asked
col-questionnaire = Questionnaire
col-answered = Items answered
col-scores = Scores
moment-before = before the session
moment-after = after the session
moment-between = before block { $block }
chart-craving-title = Craving (0-100) before and after each session
chart-craving-y = craving (0-100)
chart-craving-alt = Craving by session (session, 0-100), before: { $before }; after: { $after }.
warn-answers = The questionnaire answers of { $count ->
    [one] session
   *[other] sessions
} { $sessions } could not be read; they are named in the questionnaire section.

section-reading = How to read this report
reading-bias = The approach bias is a difference of median reaction times: (push alcohol − pull alcohol) − (push soft drink − pull soft drink). Above zero, the patient pulls alcohol toward themselves relatively faster than they push it away: an approach bias toward alcohol. The training aims to lower it.
reading-interval = The 95% interval comes from resampling the session's trials. When it includes zero, the bias is not reliably different from zero; when two sessions' intervals overlap a lot, their difference may be chance.
reading-quality = Only sessions a person played in a headset and ran to their end are therapy data; only they enter the change, the sessions done and the group figures. Sessions in a desktop window, of a synthetic patient, replayed or ended early are marked and shown in grey. Trials with tracking loss or late frames are left out of the scores.
reading-reliability = Split-half reliability: how well two random halves of each participant's trials (each drink in each movement split evenly) agree across the group (Spearman-Brown corrected, averaged over random splits); values near 1 mean the bias is measured reliably, below about 0.5 the group's differences are mostly noise.

section-group = Group means per session
group-caption = Per protocol, what the sessions count as, and session number: the participants with a scored session, their mean approach bias, its standard deviation, and the split-half reliability. Protocols and sources are never pooled.
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
glance-not-counted = Not counted as therapy, so left out of the figures on this page (still shown and marked below): { $sessions }.
glance-counting-everything = Every session is counted here, therapy or not (asked for with --include-non-therapy): for teaching and testing, not for reading a patient's course.
session-use-item = session { $session }: { $use }
use-therapy = therapy
use-ended-early = ended early
use-demo = demonstration in a desktop window
use-synthetic = synthetic patient
use-replayed = replay
study-all-synthetic = { $count ->
    [one] The only participant is synthetic
   *[other] All { $count } participants are synthetic
} (simulated by vr-aat): these figures test the software and say nothing about patients.
study-some-synthetic = { $count ->
    [one] One participant is synthetic
   *[other] { $count } participants are synthetic
} (simulated, not people).
study-left-out = { $count ->
    [one] One session is
   *[other] { $count } sessions are
} not therapy data and left out of the group figures ({ $sessions }); `vr-aat report --include-non-therapy` counts them on purpose.
study-sessions-of = { $counted } ({ $all } recorded)
col-protocol = Protocol
col-source = Counts as
validation-validated = validated wording
validation-adapted = validated instrument, translation by vr-aat, not validated
validation-not-validated = vr-aat's own wording, not a validated instrument
validation-placeholder = PLACEHOLDER items, not the validated wording: do not report as this instrument
warn-score-caution = Session { $session }, { $moment }: { $name }, { $score } { $value }: { $band }. Ask the patient how they are before going on.
glance-intake = Intake on { $date }: usually drinks { $alcohol }; likes { $soft }.
col-bias-by-set = Bias, trained / untrained drinks (ms)
