"""A podcast or a video channel launched: its format, its kit, a pilot, the first episodes
recorded and edited, hosting and the directories, then launch day (found by a new user's
trial: "Launch a weekly interview podcast … with the first 3 episodes live by 1 February"
was planned as opening premises, with permits, a fit-out, stock and staff)."""

from __future__ import annotations

from planloop.planners.offline.families.family import Family, phase

SHOW = Family(
    "show", "A podcast or video channel",
    ("podcast", "youtube", "vlog", "videocast"),  # one each: a keyword counts its stem
    90, "Host", "Host",
    (
        phase("Format, name and artwork decided; the first guests asked", 0.15, "Host",
              "format name artwork guests"),
        phase("Kit bought and tested; a pilot recorded", 0.3, "Host",
              "kit microphones equipment pilot"),
        phase("First episodes recorded and edited", 0.6, "Host", "recording editing episodes"),
        phase("Hosting set up; the show listed in the directories", 0.8, "Host",
              "hosting feed directories"),
        phase("Trailer out; the launch announced", 0.92, "Host", "trailer promotion"),
        phase("Launch: the first episodes live", 1.0, "Host", "launch"),
    ),
    (("Microphones, headphones and recording kit", 0.35, ""), ("Editing", 0.25, ""),
     ("Hosting", 0.10, "month"), ("Artwork and music", 0.10, ""), ("Promotion", 0.10, "")),
    "Countdown to launch",
)  # fmt: skip

# (share of the run-up before launch day, task, topic)
SHOW_COUNTDOWN = (
    (0.9, "Pick the format, the name and each episode's length; design the artwork", "format"),
    (0.8, "Buy the microphones and headphones; test a recording in the room you will use",
     "kit"),
    (0.7, "Ask the first guests; book the recording slots", "guests"),
    (0.6, "Record a pilot; listen back and fix the sound", "pilot"),
    (0.4, "Record and edit the first episodes; write each one's show notes", "recording"),
    (0.2, "Set up hosting; submit the feed to the podcast directories", "hosting"),
    (0.08, "Release a trailer; tell your network and ask each guest to share", "promotion"),
    (0.02, "Schedule the first episodes to go live together", "launch"),
)  # fmt: skip
