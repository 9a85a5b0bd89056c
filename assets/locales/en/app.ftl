# What the patient reads in the bar (flat window and headset). English is the reference.
# A title and its text are separate messages; the app puts a blank line between them.

block-practice = Practice
block-next = Next block
rule-push-alcohol = Push alcoholic drinks away. Pull soft drinks toward you.
rule-pull-alcohol = Pull alcoholic drinks toward you. Push soft drinks away.
rule-by-cue = Blue coaster: push the drink away. Orange coaster: pull it toward you.
feedback-try-again = Other direction - try again
feedback-other-direction = That was the other direction
session-complete-title = Well done!
session-complete = This session is complete.
session-ended-title = The session has ended.
session-ended = Thank you.
paused-title = Paused
paused-tracking = The headset cannot see your hand or head right now.
paused-tracking-hint = Hold the controller in front of you.
paused-wait = Please wait a moment.
paused-therapist = The session continues when your therapist resumes it.
paused-headset = The session continues when the headset is back on.
calibration-step-1 = Calibration 1 of 2
calibration-step-2 = Calibration 2 of 2
calibration-rest-right = Rest your right hand in front of you, where a glass would stand on the counter, and hold it still.
calibration-rest-left = Rest your left hand in front of you, where a glass would stand on the counter, and hold it still.
calibration-reach-right = Stretch your right arm straight out in front of you and hold it still.
calibration-reach-left = Stretch your left arm straight out in front of you and hold it still.
calibration-done = Thank you. The training starts now.
reach-too-short = Please stretch your arm further forward.
reach-unusual = That reach measured { $reach } m, which is unusual; let's try again.

# Questionnaires (the panel shows the questionnaire's own texts around these).
q-progress = question { $n } of { $total }
q-begin-mouse = Click, or press Enter, to begin.
q-begin-headset = Press the trigger to begin.
q-choose-mouse = Move the mouse along the scale, or use the arrow keys, to choose; then click.
q-choose-headset = Point at the scale, or push the thumbstick, to choose; then press the trigger.
q-confirm-mouse = You chose { $value }. Click again to confirm, or choose again.
q-confirm-headset = You chose { $value }. Press the trigger again to confirm, or choose again.
q-choose-first = Please choose an answer first.

# The therapist's overlay (the desktop window).
overlay-who = { $participant } session { $session }
overlay-status = trial { $trial } | accuracy { $accuracy } | last RT { $rt } | { $state }
overlay-starting = starting
overlay-calibrating = CALIBRATING (not recording yet): { $step }
overlay-calibrating-paused = CALIBRATING, PAUSED by: { $causes } (not recording yet)
overlay-running = running
overlay-paused = PAUSED by: { $causes }
overlay-asking = QUESTIONNAIRE { $id } ({ $moment }): { $at }
overlay-item = item { $n } of { $total }
overlay-instructions = instructions
overlay-finished = finished
overlay-recording = recording { $health }
overlay-recording-ok = ok: last saved trial { $trial }, { $waiting } waiting, backlog { $backlog } s
overlay-recording-stalled = DISK STALLED: last saved trial { $trial }, { $waiting } waiting, backlog { $backlog } s
overlay-recording-failed = FAILED: { $error }
overlay-frames = frames { $frames } | core { $cost }
overlay-frames-ok = { $rate } fps of { $hz } Hz, { $late } late of { $frames } (ok)
overlay-frames-late = { $rate } fps of { $hz } Hz, { $late } late of { $frames } (LATE FRAMES)
overlay-keys = P pause   R resume   Esc end session
overlay-keys-recenter = C recenter (while paused or calibrating)
overlay-recenter-pause-first = Recenter: pause first (P), then C
cause-therapist = therapist
cause-headset = headset not focused
cause-tracking = tracking lost
cause-recording = recording problem
overlay-caution = READ WITH CARE: { $name }, { $score } { $value } ({ $moment }): { $band }
