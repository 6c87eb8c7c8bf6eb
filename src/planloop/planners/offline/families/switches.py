"""A team switching the tool it works in: from Slack to Microsoft Teams, from Trello to Jira
(found by a third new user's trial: "Move our team of 12 from Slack to Microsoft Teams by
28 February 2027" was a general goal, with "First delivery" and "All work packages
delivered"). What moves is agreed, the new tool set up and piloted, the history and the
integrations moved, everyone trained, then switch day."""

from __future__ import annotations

import re

from planloop.planners.offline.families.family import Family, phase

# Tools a team works in, as people name them
_TOOL = (
    r"(?:slack|(?:microsoft\s|ms\s)?teams|discord|mattermost|zoom|google\s(?:workspace|chat"
    r"|drive|meet)|g\s?suite|gmail|outlook|(?:microsoft|office)\s365|exchange|sharepoint"
    r"|onedrive|dropbox|box|jira|trello|asana|monday(?:\.com)?|clickup|basecamp|linear"
    r"|notion|confluence|github|gitlab|bitbucket|salesforce|hubspot|pipedrive|zendesk"
    r"|freshdesk|intercom|quickbooks|xero|sage|mailchimp|airtable|smartsheet|wrike)"
)
_SWITCH = re.compile(
    rf"\b(?:from|off)\s{_TOOL}\s(?:to|onto|over\sto)\s{_TOOL}\b"
    rf"|\b(?:move|moving|switch|switching|migrate|migrating|swap|swapping)\s"
    rf"(?:[\w-]+\s){{0,4}}?(?:to|onto|over\sto)\s{_TOOL}\b",
    re.I,
)


def switches_tools(goal: str) -> bool:
    return _SWITCH.search(goal) is not None


SWITCH = Family(
    "switch", "A team's switch to a new tool",
    (),  # no word of its own: a tool moved from or to (choice.py), not one named in passing
    60, "Switch lead", "Team",
    (
        phase("What moves agreed: channels, files, integrations, an owner for each", 0.15,
              "Switch lead", "switch inventory plan migration channels owners"),
        phase("New tool set up: accounts, sign-in, channels and permissions", 0.35, "IT lead",
              "setup accounts admin it sign-in"),
        phase("A pilot group working in it; what they found fixed", 0.5, "Switch lead",
              "switch migration pilot feedback"),
        phase("History and files moved; integrations rebuilt", 0.7, "IT lead",
              "export import history files integrations data"),
        phase("Everyone trained; a one-page guide sent", 0.85, "Switch lead",
              "switch migration training guide"),
        phase("Switch day: everyone on the new tool, the old one read-only", 1.0,
              "Switch lead", "switch cutover migration"),
    ),
    (("Licences for the new tool", 0.45, "month"), ("Export, import and migration tools", 0.20,
     ""), ("Training and guides", 0.15, ""), ("Both tools paid during the switch", 0.10,
     "month")),
    "Countdown to switch day",
)  # fmt: skip

# (share of the run-up before switch day, task, topic)
SWITCH_COUNTDOWN = (
    (0.9, "List the channels, files and integrations in use; agree what moves and what is "
     "archived", "inventory"),
    (0.8, "Name an owner for each team's move; fix switch day and tell everyone", "plan"),
    (0.7, "Set up the new tool: accounts, sign-in, channels or projects, permissions",
     "setup"),
    (0.55, "Move a pilot group; collect what breaks or confuses them", "pilot"),
    (0.4, "Export the history and files; import a test copy and check it", "export"),
    (0.3, "Rebuild the integrations and bots on the new tool", "integrations"),
    (0.2, "Train everyone; send a one-page guide to where things now are", "training"),
    (0.05, "Final export; set the old tool read-only; pin where each channel went",
     "export"),
)  # fmt: skip
