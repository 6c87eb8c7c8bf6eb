"""A team switching the tool it works in: from Slack to Microsoft Teams, from Trello to Jira
(found by a third new user's trial: "Move our team of 12 from Slack to Microsoft Teams by
28 February 2027" was a general goal, with "First delivery" and "All work packages
delivered"). What moves is agreed, the new tool set up and piloted, the history and the
integrations moved, everyone trained, then switch day. A switch of the books from one
accounting tool to another is its own (:func:`for_ledger`)."""

from __future__ import annotations

import dataclasses
import re

from planloop.planners.offline.families.family import Family, phase

# Accounting software: the books move, not channels
_LEDGER_TOOL = (
    r"quickbooks(?:\sonline)?|xero|sage(?:\s(?:50|one|accounting|business\scloud))?|freeagent"
    r"|freshbooks|wave|zoho\sbooks|myob|netsuite|quickfile|kashflow|excel\sspreadsheets?"
)
# Tools a team works in, as people name them
_TOOL = (
    r"(?:slack|(?:microsoft\s|ms\s)?teams|discord|mattermost|zoom|google\s(?:workspace|chat"
    r"|drive|meet)|g\s?suite|gmail|outlook|(?:microsoft|office)\s365|exchange|sharepoint"
    r"|onedrive|dropbox|box|jira|trello|asana|monday(?:\.com)?|clickup|basecamp|linear"
    r"|notion|confluence|github|gitlab|bitbucket|salesforce|hubspot|pipedrive|zendesk"
    r"|freshdesk|intercom|mailchimp|airtable|smartsheet|wrike|{_LEDGER_TOOL})"
)
_TOOL = _TOOL.replace("{_LEDGER_TOOL}", _LEDGER_TOOL)
_SWITCH = re.compile(
    rf"\b(?:from|off)\s{_TOOL}\s(?:to|onto|over\sto)\s{_TOOL}\b"
    rf"|\b(?:move|moving|switch|switching|migrate|migrating|swap|swapping)\s"
    rf"(?:[\w'’-]+\s){{0,4}}?(?:to|onto|over\sto)\s{_TOOL}\b"
    # ... with the old tool named on the way: "migrate our team's Confluence wiki (about
    # 400 pages) to Notion" (a user trial's: a database cutover with shadow traffic)
    rf"|\b(?:move|moving|switch|switching|migrate|migrating)\s[^.;]{{0,40}}?\b{_TOOL}\b"
    rf"[^.;]{{0,50}}?\s(?:to|onto|over\sto|into)\s{_TOOL}\b"
    # "from the on-prem file server and Exchange to Microsoft 365" (a new user's trial: a
    # tax return, for the self-assessment season it was not to disrupt)
    rf"|\bfrom\s[^.]{{0,100}}?\b{_TOOL}\s(?:to|onto|over\sto)\s{_TOOL}\b",
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
              "Switch lead", "switch inventory audit plan migration channels owners"),
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
    (0.0, "Final export; set the old tool read-only; pin where each channel went",
     "export"),
)  # fmt: skip


_TO_LEDGER = re.compile(
    rf"\b(?:from|off)\s(?:{_LEDGER_TOOL})\s(?:to|onto|over\sto)\s(?:{_LEDGER_TOOL})\b"
    rf"|\b(?:to|onto)\s(?:{_LEDGER_TOOL})\b(?=.*\b(?:books|bookkeeping|accounts|accounting"
    rf"|ledger|invoices|invoicing|payroll|vat)\b)"
    rf"|\b(?:books|bookkeeping|accounts|accounting|ledger)\b.*\b(?:to|onto)\s(?:{_LEDGER_TOOL})\b",
    re.I,
)


def moves_the_books(goal: str) -> bool:
    """A switch of accounting software: "from QuickBooks to Xero", "our books to FreeAgent"
    (found as a user: a QuickBooks → Xero switch was planned with channels and bots, and
    nothing of a chart of accounts, opening balances, VAT or bank feeds)."""
    return _TO_LEDGER.search(goal) is not None


def for_ledger(family: Family, goal: str) -> Family:
    """The switch family for the books: a conversion date, the ledger set up and balanced,
    the bank and payroll connected, a month kept in both, then switch day."""
    if family.id != "switch" or not moves_the_books(goal):
        return family
    phases = (
        phase("Conversion date fixed; what moves agreed: accounts, contacts, open items, "
              "history", 0.15, "Finance lead", "conversion inventory plan"),
        phase("New ledger set up: chart of accounts mapped, VAT rates, users", 0.35,
              "Bookkeeper", "setup accounts ledger vat"),
        phase("Opening balances in; the trial balance matches the old ledger's", 0.5,
              "Accountant", "balances opening trial"),
        phase("Bank feeds, payroll and connected apps working", 0.65, "Bookkeeper",
              "integrations bank feeds payroll apps"),
        phase("A month kept in both ledgers and reconciled; everyone trained", 0.85,
              "Finance lead", "parallel reconcile training"),
        phase("Switch day: the books kept in the new ledger; the old one read-only", 1.0,
              "Finance lead", "switch cutover"),
    )  # fmt: skip
    lines = (
        ("Licences for the new ledger", 0.35, "month"),
        ("Accountant's time: mapping, opening balances, checks", 0.30, "hour"),
        ("Conversion service or import tool", 0.15, ""),
        ("Both ledgers paid during the switch", 0.10, "month"),
    )
    return dataclasses.replace(
        family, title="A switch of the books to new accounting software", lead="Finance lead",
        team="Finance team", phases=phases, lines=lines,
    )  # fmt: skip


# (share of the run-up before switch day, task, topic)
LEDGER_COUNTDOWN = (
    (0.9, "Fix the conversion date (a month's end, best a VAT quarter's) and tell the "
     "accountant", "conversion"),
    (0.8, "List what moves: chart of accounts, customers and suppliers, open invoices and "
     "bills, the history to keep", "inventory"),
    (0.7, "Set up the new ledger: chart of accounts mapped from the old one, VAT rates, "
     "users and their permissions", "setup"),
    (0.55, "Enter the opening balances at the conversion date; check the trial balance "
     "against the old ledger's", "balances"),
    (0.45, "Connect the bank feeds; link payroll and the apps that post to the books",
     "integrations"),
    (0.3, "Start a month kept in both ledgers: reconcile the bank in each and fix what "
     "differs", "reconcile"),
    (0.2, "Train everyone who raises invoices, enters bills or claims expenses", "training"),
    (0.05, "Export the old ledger's reports; lock its periods and keep it read-only for as "
     "long as the records must be kept", "export"),
)  # fmt: skip


# Mail moved to another provider: the mailboxes and the domain's MX record, not channels
# (found as a user: "Migrate our company's email from on-prem Exchange to Microsoft 365" was
# told to list its channels, rebuild its bots and "pin where each channel went"). A switch
# between office suites moves everyone's mail too.
_MAIL = re.compile(r"\b(?:e-?mails?|mailbox(?:es)?|exchange|gmail|outlook|imap)\b", re.I)
_SUITE = re.compile(r"\b(?:google\sworkspace|g\s?suite|(?:microsoft|office)\s365)\b", re.I)
_FILES = re.compile(r"\b(?:files?|file\sserver|drives?|sharepoint|onedrive|documents)\b", re.I)


def moves_mail(goal: str) -> bool:
    """A switch that moves mailboxes: email named, a mail server or app named as a tool, or
    one office suite to another ("from Google Workspace to Microsoft 365")."""
    if not switches_tools(goal) or moves_the_books(goal) or _PROJECT_TOOL.search(goal):
        return False
    return _MAIL.search(goal) is not None or len(_SUITE.findall(goal)) >= 2


def _with_files(goal: str) -> bool:
    return _FILES.search(goal) is not None or len(_SUITE.findall(goal)) >= 2


def for_mail(family: Family, goal: str) -> Family:
    """The switch family for mail: a tenant set up on the domain, a pilot group's mailboxes,
    every mailbox copied, then switch day, when the MX record points at the new service."""
    if family.id != "switch" or not moves_mail(goal):
        return family
    calendars = "calendars and files" if _with_files(goal) else "calendars"
    phases = (
        phase(f"What moves agreed: mailboxes, shared mailboxes, {calendars}, an owner for "
              "each", 0.15, "Switch lead", "switch inventory plan migration mailboxes owners"),
        phase("New service set up: domain verified, accounts, licences, two-factor sign-in",
              0.35, "IT lead", "setup accounts admin it sign-in domain"),
        phase("A pilot group's mail moved; what they found fixed", 0.5, "Switch lead",
              "switch migration pilot feedback"),
        phase(f"Mailboxes, {calendars} copied; shared mailboxes and phones set up", 0.7,
              "IT lead", "export import history mailboxes data phones"),
        phase("Everyone trained; a one-page guide sent", 0.85, "Switch lead",
              "switch migration training guide"),
        phase("Switch day: mail delivered to the new mailboxes, the old ones read-only", 1.0,
              "Switch lead", "switch cutover migration mx"),
    )  # fmt: skip
    lines = (
        ("Licences for the new service", 0.45, "month"),
        ("Migration tool or service", 0.20, ""),
        ("Training and guides", 0.15, ""),
        ("Both services paid during the switch", 0.10, "month"),
    )
    title = "A switch of email to a new service"
    return dataclasses.replace(family, title=title, phases=phases, lines=lines)


def mail_countdown(goal: str) -> tuple[tuple[float, str, str], ...]:
    """(share of the run-up before switch day, task, topic) of a mail switch."""
    files = ", the shared files" if _with_files(goal) else ""
    return (
        (0.9, "List the mailboxes, shared mailboxes, distribution lists and archives; agree "
         "what moves and what is archived", "inventory"),
        (0.8, "Name a contact in each team; fix switch day and tell everyone", "plan"),
        (0.7, "Set up the new service: verify the domain, create the accounts, assign the "
         "licences, turn on two-factor sign-in", "setup"),
        (0.55, "Move a pilot group's mailboxes; check their mail, calendars and phones",
         "pilot"),
        (0.4, f"Copy every mailbox{files} and the archives ahead of switch day; check the "
         "counts match", "export"),
        (0.3, "Set up the shared mailboxes, the distribution lists and mail on the phones",
            "phones"),
        (0.2, "Train everyone: the new sign-in, mail on their phone, where shared mail now "
         "lives", "training"),
        (0.01, "Lower the MX record's TTL to an hour, so switch day reaches everyone within it",
         "dns"),
        (0.0, "Point the MX record at the new service; run the final copy; keep the old "
         "mailboxes read-only", "export"),
    )  # fmt: skip


MAIL_OPPORTUNITIES = (
    "The provider's free migration tools and trial licences",
    "Old mail cleared out before the move, so there is less to copy",
)
MAIL_EXTRAS = ("A shared calendar for rooms and leave", "One mail signature for everyone")


def switch_steps(goal: str) -> tuple[tuple[float, str, str], ...]:
    if moves_the_books(goal):
        return LEDGER_COUNTDOWN
    if moves_mail(goal):
        return mail_countdown(goal)
    return tuple(
        (share, in_its_words(task, goal), topic) for share, task, topic in SWITCH_COUNTDOWN
    )


LEDGER_OPPORTUNITIES = (
    "Bank rules that code the regular payments, saving hours of entry every month",
    "Tax returns (VAT, sales tax) filed straight from the new ledger",
)
LEDGER_EXTRAS = ("Receipt capture on everyone's phone", "A monthly report the owners read")


# Tools a team plans its work in: boards and tasks, not channels
_PROJECT_TOOL = re.compile(
    r"\b(?:to|onto|from)\s(?:jira|trello|asana|monday(?:\.com)?|clickup|basecamp|linear|notion"
    r"|wrike|smartsheet|airtable)\b",
    re.I,
)
_BOARDS = (("channels or projects", "boards or projects"), ("channels", "boards"),
           ("each channel", "each board"), ("integrations and bots", "integrations and"
           " automations"))  # fmt: skip


# A wiki's pages: "migrate our Confluence wiki to Notion" (a user trial's: its boards)
_WIKI = re.compile(r"\b(?:wikis?|confluence|knowledge\sbase|mediawiki|intranet)\b", re.I)
_PAGES = (("channels or projects", "spaces"), ("channels", "spaces"), ("each channel",
          "each space"), ("integrations and bots", "links, macros and integrations"),
          ("a one-page guide", "a short guide"))  # fmt: skip


def in_its_words(text: str, goal: str) -> str:
    """A switch's step in the words of the tools it moves between: a task tool's boards
    (found as a user: a Trello → Asana switch was to "pin where each channel went"), a
    wiki's pages."""
    words = _PAGES if _WIKI.search(goal) else _BOARDS if _PROJECT_TOOL.search(goal) else ()
    for chat, work in words:
        text = text.replace(chat, work)
    return text


def for_projects(family: Family, goal: str) -> Family:
    """The switch family for a task tool or a wiki: its boards or pages where a chat tool
    has channels."""
    named = _PROJECT_TOOL.search(goal) or _WIKI.search(goal)
    if family.id != "switch" or moves_the_books(goal) or named is None:
        return family
    phases = tuple(dataclasses.replace(p, title=in_its_words(p.title, goal)) for p in family.phases)
    return dataclasses.replace(family, phases=phases)
