"""The parser on the development part of the real-postmortem corpus (``tests/corpus/dev``).

Expected values were written by people reading each document, never by running the parser.
These floors guard what the parser reaches today (``bench/postmortems.py --real-only`` prints
the full table); the sealed part is never scored here.
"""

from __future__ import annotations

import json

import pytest
from corpus_score import CORPUS, documents, score_part

#: Floors, a little under the development score (458 documents). Each round's sealed part of
#: new organisations has scored far below development, then joined it. Round 4's sealed part
#: (31 documents) read date 58.1 %, TTD 21.4 %, TTR 18.8 %, row times 24.3 %; the fifth round's
#: general rules took those documents to 96.8 / 78.6 / 62.5 / 94.7 %. Round 5's sealed part (30
#: documents, 7 new organisations: status-page front matter, security posts dated by
#: publication) read date 57.1 %, TTD 0/2, TTR 5.9 %, row times 64.4 %, and joined dev; the
#: sixth round's general rules (front-matter moments, bylines, date spans, fix releases, year
#: typos) took those 30 to date 96.4 %, TTD 2/2, TTR 88.2 %, row times 100 %, the other 121
#: unchanged. All 151 now read date 98.0 %, TTD 91.4 %, TTR 90.3 %, row times 96.4 %, rows
#: counted 91.4 %, root causes 66.9 %, action items 84.8 %. Round 6's sealed part (26
#: documents, 11 new organisations) then read date 58.3 %, TTD 0/7, TTR 60.0 %, row times
#: 38.8 %, action items 26.9 %, and joined dev: all 177 now read date 92.4 %, TTD 81.5 %, TTR
#: 87.6 %, row times 92.3 %, rows counted 91.0 %, root causes 63.8 %, action items 76.3 %.
#: The seventh round's general rules (facts recognised by shape: follow-up lists by their
#: entries and lead-ins, root causes by sub-headings and stating paragraphs, "+2 hrs" rows,
#: date-only rows, HHMM clocks, approximate times) took all 177 to date 96.5 %, TTD 87.7 %,
#: TTR 90.3 %, row times 97.6 %, rows counted 91.5 %, root causes 73.4 %, action items
#: 81.4 %. Round 7's sealed part (25 documents, 11 new organisations: RubyGems.org, Carbon,
#: Artsy, Sourcegraph, MozillaWiki, etcd, ESLint, PyTorch, CDS, Creative Commons, Gattaca) then
#: read date 28.6 % (6/21), TTD 0/1, TTR 30.0 % (3/10), row times 27.6 %, root causes 60.0 %,
#: action items 44.0 %, placeholders 5/6, and joined dev: all 202 now read date 89.1 %, TTD
#: 86.4 %, TTR 85.4 %, row times 95.9 %, rows counted 90.6 %, root causes 71.8 %, action items
#: 76.7 %, placeholders 97.4 %. Its general causes fixed (a timeline's year copied from an
#: older report, a title's "28/11/2024", a post's "On March 29th, …" sentence, time spent on
#: the fix in prose, "twenty two" hours), those 25 read date 47.6 % (10/21), TTR 60.0 %
#: (6/10), row times 79.3 % (23/29), and all 202 date 91.2 %, TTD 86.4 %, TTR 87.8 %, row
#: times 97.2 %, rows counted 90.6 %, root causes 71.8 %, action items 76.7 %. The eighth
#: round's general rules (a blog post's address dates its publication, a day named
#: mid-sentence as the story opens, sections marked in bold lines, a day line that states the
#: zone, follow-ups under the first worded heading that lists them, "19. April" days, an MDX
#: page's metadata, times told after their words) took all 202 to date 94.8 %, TTD 87.9 %,
#: TTR 89.4 %, row times 97.9 %, rows counted 91.6 %, root causes 71.8 %, action items
#: 80.2 %. Round 8's sealed part (24 documents, 6 new organisations: openSUSE Open Build
#: Service, PostHog, Learning Equality, Comdex, Monero, Bitcoin Core) then read date 66.7 %
#: (14/21), TTD 75.0 % (6/8), TTR 63.6 % (7/11), row times 53.3 %, rows counted 91.7 %, root
#: causes 70.8 %, action items 62.5 %, and joined dev: all 226 now read date 92.1 %, TTD
#: 86.5 %, TTR 87.3 %, row times 93.8 %, rows counted 91.6 %, root causes 71.7 %, action
#: items 78.3 %, placeholders 97.5 %. The ninth round's general rules (header fields set as
#: headings, a Date: span of one month's days, a timeline's own days over a publication's,
#: "[03-26 23:04]" stamps, "Timeline (CEST)", a declared stand-in time, no start from a
#: customer's report, causes the writer counts, lists inside HTML paragraphs, weeks) took the
#: round-8 documents to date 90.5 %, TTD 7/8, TTR 81.8 %, row times 100 %, and all 226 to
#: date 96.3 %, TTD 89.2 %, TTR 91.0 %, row times 99.1 %, rows counted 92.9 %, root causes
#: 73.5 %, action items 79.6 %, placeholders 100 %. Round 9's sealed part (24 documents, 5 new
#: organisations: UC Berkeley DataHub, Galaxy Europe, EDGI, Zalando, Australia's DTA) then read
#: date 87.5 % (21/24), TTD 36.4 % (4/11), TTR 40.0 % (8/20), row times 76.7 %, rows counted
#: 83.3 %, root causes 41.7 %, action items 54.2 %, titles 95.8 %, placeholders 4/4, and joined
#: dev: all 250 now read date 95.4 %, TTD 82.4 %, TTR 84.4 %, row times 96.6 %, rows counted
#: 92.0 %, root causes 70.4 %, action items 77.2 %, placeholders 100 %. The tenth round
#: (time headings with am/pm as "a"/"p", clocks with a dot, a stamp alone on its line, a
#: paragraph that offers a list as the timeline, a template's copied timeline day, the one
#: zone the prose writes, lengths in titles, moments named outside a missing timeline, more
#: wording) took them to date 95.4 %, TTD 85.9 %, TTR 87.0 %, row times 99.2 %, rows
#: counted 93.6 %, root causes 70.4 %, action items 77.2 %. The eleventh round (a recovery in
#: part or taken back yields to a later one, "hard down", a row that says what crashed, lengths
#: "before it was caught", a row that states when the trouble began or since which day it
#: failed, monitors reporting, "starting … until" windows in the timeline's zone, more wording)
#: took them to date 96.2 %, TTD 89.4 %, TTR 92.9 %, row times 99.2 %, rows counted 93.6 %,
#: root causes 70.4 %, action items 77.2 %. Round 10's sealed part (20 documents, 5 new
#: organisations: Packit 14, Revel 3, Vuetify, Japan's COCOA app team, Secret Network) then read
#: date 89.5 % (17/19), TTD 0/3, TTR 93.8 % (15/16), row times 42.1 %, rows counted 90.0 %,
#: root causes 55.0 %, action items 70.0 %, titles 78.9 %, and joined dev: all 270 now read
#: date 95.7 %, TTD 86.4 %, TTR 92.9 %, row times 97.7 %, rows counted 93.3 %, root causes
#: 69.3 %, action items 76.7 %, placeholders 100 %. The twelfth round (a Japanese report's
#: dates, headings and wording; a recovery heading with one value per part; a compromise
#: starting when the malware runs; a host isolated as detection; "~2 days after the
#: regression shipped"; "first observed failure") took them to date 96.5 %, TTD 89.8 %, TTR
#: 93.5 %, row times 99.1 %, rows counted 93.7 %, root causes 69.6 %, action items 77.0 %.
#: The thirteenth round (a risk is no symptom; a timeline of days after its run-up; a date
#: cell is a day; a report's date months after the story; one night written with one day; a
#: window dated a month off; phases are no total; users able to connect; trouble in waves; a
#: team member's report and the team's CI as detection; a stated downtime dating its start)
#: took them to date 98.1 % (252/257), TTD 95.5 % (84/88), TTR 96.5 % (164/170), row times
#: 99.3 %, rows counted 93.7 %, root causes 69.6 %, action items 77.0 %. Round 11's sealed
#: part (22 documents, 10 new organisations: BC Gov Platform Services 5, Alt 5 (AI-drafted
#: write-ups), GOV.UK One Login 3, Crossref 3, Whole Tale, Spirit, Norges Bank, Tails, MintCoin,
#: FreeBSD) then read date 75.0 % (15/20), TTD 14.3 % (1/7), TTR 18.2 % (2/11), row times
#: 65.5 %, rows counted 72.7 %, root causes 40.9 %, action items 54.5 %, titles 68.2 %,
#: placeholders 3/3, severity 0/5 — the thirteenth round's rules did not carry — and joined
#: dev: all 292 now read date 96.4 % (267/277), TTD 89.5 % (85/95), TTR 91.7 % (166/181), row
#: times 96.8 %, rows counted 92.1 %, root causes 67.5 %, action items 75.3 %, severity 3/8,
#: placeholders 100 %. The fourteenth round (structural rules for wording never seen: header
#: fields and table columns in Japanese, remarks after a value, a window's qualified, wrapped
#: or wave-dashed ends and bracketed length, lengths of different things listed, a row's
#: opening label, a protocol's alert, a last row that says it works) took all 292 to date
#: 97.5 % (270/277), TTD 94.7 % (90/95), TTR 95.6 % (173/181), row times 99.3 %, rows
#: counted 93.8 %. Round 12's sealed part (8 documents, 4 new organisations: XRP Ledger
#: Foundation 3, Bitcoin.org 3, the Australian Bureau of Statistics, Gnosis Chain) then read
#: date 50.0 % (4/8), TTD 2/2, TTR 1/3, row times 92.0 % (23/25), rows counted 87.5 %, root
#: causes 50.0 %, action items 50.0 %, titles 8/8, placeholders 2/2, and joined dev: all 300
#: now read date 96.1 % (274/285), TTD 94.8 % (92/97), TTR 94.6 % (174/184), row times
#: 99.2 %, rows counted 93.7 %, root causes 67.0 %, action items 74.7 %, severity 3/8,
#: placeholders 100 %. The fifteenth round (a title naming two days, a page's own "Last
#: update" stamp and days after its front matter's date, an "Updates" section as the
#: timeline, reports taken back, a day stated only in the story, a length told as "… after")
#: took all 300 to date 97.2 % (277/285), TTD 94.8 % (92/97), TTR 95.1 % (175/184); nothing
#: else moved. Round 13's sealed part (21 documents, 10 new organisations: Python Discord 4,
#: PyLadies Brasil 3, Corona-Warn-App 3, CocoaPods 3, NewsBlur 2, Fosstodon 2, cardano.org,
#: Bloggulus, Pine.blog, The Notepad) then read date 50.0 % (8/16), TTD 3/5, TTR 3/6, row
#: times 61.5 % (8/13), rows counted 85.7 %, root causes 28.6 %, action items 52.4 %, titles
#: 71.4 % — most days missed are a blog post's publication day taken for the incident's —
#: and joined dev: all 321 now read date 94.7 % (285/301), TTD 93.1 % (95/102), TTR 93.7 %
#: (178/190), row times 98.9 %, rows counted 93.1 %, root causes 64.5 %, action items 73.2 %,
#: severity 3/8, placeholders 100 %. The sixteenth round (a post's publication day as the
#: upper bound and anchor of the story's weekday or "yesterday", a length glossed "(~6 hours)"
#: after "down" or "just under" a round figure) took all 321 to date 95.7 % (288/301), TTR
#: 94.7 % (180/190); nothing else lost a document. The seventeenth round (a year-less day
#: that names the incident, follows a clock or a weekday; a commit id in a source's address
#: is no year; a Pelican post's metadata lines as front matter; other languages' month names;
#: a monitor "going red within 5 minutes of the outage") took all 321 to date 97.0 %
#: (292/301), TTD 94.1 % (96/102), TTR 94.7 % (180/190, unchanged), row times 98.9 %, rows
#: counted 93.1 %, root causes 64.5 %, action items 73.2 %; nothing lost a document. Round
#: 14's sealed part (38 documents: a seeded random holdout of 25 new documents from 12
#: organisations already in dev, and 13 from Wire, Deno, the Financial Times, Zenodo and GDS)
#: then read date 75.0 % (27/36), TTD 37.5 % (6/16), TTR 53.8 % (14/26), row times 67.9 % —
#: the known organisations' documents date 78.3 %, TTD 5/9, TTR 76.5 %; the new ones date
#: 9/13, TTD 1/7, TTR 1/9 — and joined dev: all 359 now read date 94.7 % (319/337), TTD
#: 86.4 % (102/118), TTR 89.8 % (194/216), row times 96.1 %, rows counted 91.6 %, root causes
#: 63.2 %, action items 72.4 %, severity 3/8, placeholders 100 %. The eighteenth round (a
#: section under another name whose lines open with clocks, "1727:" rows included; a "Date:"
#: window with its clocks in brackets and its length; a timeline day copied from an older report
#: under such a window; a post in a support channel as a user's report; a byline's or a dated
#: file name's publication day yielding to the story's days; lengths told with who it took, "a
#: total of" or "a delay of"; a sentence's clock with the day beside it) took all 359 to date
#: 95.5 % (322/337), TTD 90.7 % (107/118), TTR 93.1 % (201/216), row times 98.4 %, rows counted
#: 92.5 %, root causes 63.2 %, action items 72.4 %, placeholders 100 %; nothing lost a
#: document. Round 15's sealed part (21 documents, a seeded random holdout from 12
#: organisations already in dev) then read date 85.0 % (17/20), TTD 2/4, TTR 5/7, row times
#: 100 % (45/45), rows counted 90.5 %, root causes 47.6 %, action items 85.7 %, and joined
#: dev: all 380 now read date 95.0 % (339/357), TTD 89.3 % (109/122), TTR 92.4 % (206/223),
#: row times 98.5 %, rows counted 92.4 %, root causes 62.4 %, action items 73.2 %. The
#: nineteenth round (a moment's label with the trouble as its subject, "Fault detected …"; a
#: patch applied to production as the recovery; a file name's "NN-NN-YYYY" read by which
#: reading is a date or by the story's weekday; a timeline told in paragraphs, a row per timed
#: sentence; a moment counted from, "16.5 hours after the incident started", not that moment;
#: a machine's email as the team's detection, the team's own ticket to its vendor no report;
#: a sentence's clock after "since" as its moment) took all 380 to date 95.2 % (340/357), TTD
#: 91.8 % (112/122), TTR 92.8 % (207/223), row
#: times 98.8 %, rows counted 92.4 %, root causes and action items unchanged; nothing lost a
#: document. Round 16's sealed part (23 documents, a seeded random
#: holdout from 11 organisations already in dev) then read date 95.2 % (20/21), TTD 2/4, TTR
#: 9/13, row times 92.9 % (52/56), rows counted 78.3 %, root causes 65.2 %, action items
#: 78.3 %, and joined dev: all 403 now read date 95.2 % (360/378), TTD 90.5 % (114/126), TTR
#: 91.5 % (216/236), row times 98.6 %, rows counted 91.6 %, root causes 62.5 %, action items
#: 73.4 %. The twentieth round (a closing "Conclusion" that states how long the outage lasted;
#: a sentence "Right after …" sharing the timed sentence's moment across lines, "was not
#: reachable anymore" as the start; a row opening "Discovered that …" as the team's detection)
#: took all 403 to date 95.2 % (360/378), TTD 91.3 % (115/126), TTR 92.4 % (218/236), row times
#: 98.6 %, rows counted 91.6 %; nothing lost a document. Round 17's sealed part (10
#: documents, a seeded random holdout from 6 organisations already in dev) then read date
#: 10/10, TTD 1/2, TTR 7/9, row times 36/36, rows counted 10/10, and joined dev: all 413 now
#: read date 95.4 % (370/388), TTD 90.6 % (116/128), TTR 91.8 % (225/245), row times 98.7 %,
#: rows counted 91.8 %, root causes 62.7 %, action items 73.8 %, severity 3/10 (its floor
#: without margin: the new documents' P1s are read as no severity). The twenty-first round (a
#: severity the team gives the incident in a sentence, "We made this a P1 priority", the
#: highest of an escalation; a Japanese report's 重大度 label; a status page whose text says the
#: service worked again at a clock within the day before its resolvedWhen; of two lengths the
#: sentences state, the one the times bear out; a status page's "starting at 15:05 UTC" as the
#: start over the entry's date) took all 413 to severity 10/10, TTR 93.5 % (229/245); date
#: 95.4 % (370/388), TTD 90.6 % (116/128), row times 98.7 % unchanged; nothing lost a
#: document. Round 18's sealed part (19 documents, a seeded random holdout from 10
#: organisations already in dev) then read date 19/19, TTD 3/6, TTR 10/15, row times 71.4 %
#: (35/49), rows counted 18/19, and joined dev: all 432 now read date 95.6 % (389/407), TTD
#: 88.8 % (119/134), TTR 91.9 % (239/260), row times 98.0 %, rows counted 91.9 %, root causes
#: 62.5 %, action items 74.5 %, severity 10/10. The corpus README then settled three
#: readings that readers had made differently ("Which moment is which": a monitor's alert is
#: internal detection at its time, even at the start; with no start clock the incident's day is
#: the one the document gives; staff answering a user's report is no internal detection, so
#: such documents have no time to detect unless one is stated). 38 expected files changed
#: (29 internal detections made null, 16 of them losing their time to detect; 6 set from alerts;
#: 2 days), the parser untouched: TTD 87.6 % (106/121; the floor lowered from .88 for that
#: reason alone), date 95.6 % (389/407), TTR 91.9 % and row times 98.0 % unchanged. The
#: twenty-second round (the parser held to those rules: after a user's report, staff answering
#: it is no internal detection, its own signal still is, a labelled detection that the "how
#: detected" field calls a user's report is the customer's; a monitor named without a time
#: detects at the start when it came at once or on a status entry with only a start and an
#: end; a fourth rule, a detection before the stated start gives a negative time to detect,
#: hachyderm 2023-02-28 re-read from null to -3; a far or backward moment kept with a warning;
#: a city after a row's clock as its zone; a status page's row that says the outage ended
#: before resolvedWhen; a list whose every item opens with a time as the timeline) took all 432
#: to TTD 92.6 % (113/122), TTR 92.3 % (240/260), row times 98.8 %, rows counted 92.1 %;
#: internal detections where none is stated 69 -> 52, customer detection 68.7 -> 73.7 %; date
#: 95.6 % (389/407) unchanged. Round 19's sealed part (26 documents, a seeded random holdout
#: from 9 known organisations) scored once after round 22: date 25/26, TTD 3/8, TTR 15/24, row
#: times 74.6 % (106/142); then moved to dev, which now holds 458 documents: date 95.6 %
#: (414/433), TTD 89.2 % (116/130), TTR 89.8 % (255/284), row times 97.2 % (2068/2128), rows
#: counted 91.9 %, root causes 61.6 %, action items 75.3 %. Round 23 (corpus rule 3 applied
#: to the wording it names — "contacted", "alerted", "notices the Slack reports", 対応を開始,
#: "Triggered by <person>" — with four older wording tests updated to it; posthog 2025-10-03
#: re-read; then rules read from the documents of rounds 16-19: a change row whose next row
#: names the effect 15+ minutes later is the run-up, a PDF side column whose values stand
#: alone, a monitor's alert quoted as it arrived, a timeline alert row before a Detection
#: sentence's clock, an alert dated by its offset from a user's report, "alerted by" an
#: outside researcher, the trouble "not working again", "a fix was implemented", a row that
#: opens with the team informed) took all 458 to TTD 93.1 % (121/130), TTR 90.8 % (258/284),
#: internal detections where none is stated 56 -> 45, root causes 61.8 %; date 95.6 %
#: (414/433), row times 97.2 % unchanged.
#: Round 20's sealed part (25 documents) scored once after round 23 (date 25/25, TTD 2/6,
#: TTR 16/22) and joined dev: 483 documents, date 95.9 % (439/458), TTD 90.4 % (123/136), TTR
#: 89.5 % (274/306), row times 97.2 %, rows 91.9 %, root causes 61.7 %, action items 75.8 %.
#: Round 24 (rules read from round 20's misses: stated detection delays, a vendor's automated
#: e-mail, "removing impact", "were impacted", a suspended account, detection re-read after a
#: prose start, the team seeing errors, a no-timeline detection as the start, table cells'
#: lists, per-part impact lengths, "deploys successfully") took all 483 to TTD 93.4 %
#: (127/136), TTR 90.8 % (278/306); date 95.9 % (439/458), row times 97.2 % unchanged.
#: Round 21's sealed part (25 documents) scored once after round 24 (date 25/25, TTD 6/8,
#: TTR 15/19) and joined dev: 508 documents, date 96.1 % (464/483), TTD 92.4 % (133/144), TTR
#: 90.2 % (293/325), row times 97.3 %, rows 92.1 %, root causes 61.8 %, action items 76.6 %.
#: Round 25 (titles: a plain-text page header told by where it stands, a report's register
#: number, a dated post's front matter title, headings that are template words, 'page-title',
#: 'Postmortem for', a site's name after an HTML <title>; round 21's Wikimedia titles re-read
#: without the wiki's folder; then round 21's misses: 'internal reports', 'verified … was
#: working', a length beside the impact window, a service that 'comes up', a provider's login
#: notice) took all 508 to titles 97.2 % (484/498, from 89.0 %), TTD 93.8 % (135/144), TTR
#: 91.1 % (296/325); date 96.1 %, row times 97.3 % unchanged. A "title" floor is new.
#: Round 22's sealed part (25 documents) scored once after round 25 (date 24/25, TTD 5/9,
#: TTR 17/21, row times 69.3 %, titles 25/25) and joined dev: 533 documents, date 96.1 %
#: (488/508), TTD 91.5 % (140/153), TTR 90.5 % (313/346), row times 96.4 %, rows 92.5 %,
#: root causes 61.9 %, action items 77.5 %, titles as below.
#: Round 26 (rules from round 22's misses, grouped by habit: a zone named by its cities
#: ("Edinburgh, London"), slashed days written day first, the team's alert up to 20 minutes
#: before a stated start, a length stated "during" and the one the clocks bear out of several,
#: "round about", a monitor that "alerted us … 3 hours after it first happened") took all 533
#: to date 96.3 % (489/508), TTD 92.8 % (142/153), TTR 90.8 % (314/346), row times 97.4 %
#: (2332/2395); titles, rows, root causes and action items unchanged.
#: The floors keep about one document's margin. A change that loses ground fails.
#: Round 23's sealed part (25 documents, known organisations) scored once after round 26
#: (date 23/24, TTD 1/3, TTR 15/17, row times 46/47, titles 25/25, action items 15/25, root
#: causes 12/25) and joined dev: 558 documents, date 96.2 % (512/532), TTD 91.7 % (143/156),
#: TTR 90.6 % (329/363), row times 97.4 %, rows 92.5 %, root causes 61.3 %, action items
#: 76.7 %, titles 97.4 %; the floors below are one document under those.
#: Round 27 (rules from round 23's misses: a sentence clock's offset in brackets "(GMT+1)",
#: "at once" carried through a chain of sentences, the team that "recognized" the trouble,
#: the problem "gone"; corpus rule 5: an approximate length is a stated one, Jenkins
#: 2021-06-02 re-read to its "almost 13 hours") took all 558 to TTD 92.3 % (144/156), TTR
#: 91.2 % (331/363); date, row times, rows, root causes, action items and titles unchanged.
#: TTD and TTR floors one document under the new figures.
#: Round 24's sealed part (25 documents, known organisations and PostHog's remaining four,
#: drawn weighted toward sources with timelines) scored once after round 27 (date 19/21, TTD
#: 6/7, TTR 19/19, row times 87/117, titles 24/25, action items 13/25, root causes 8/25) and
#: joined dev: 583 documents, date 96.0 % (531/553), TTD 92.0 % (150/163), TTR 91.6 %
#: (350/382), row times 96.3 %, rows 92.3 %, root causes 60.0 %, action items 75.6 %, titles
#: 97.4 %; the floors below are one document under those.
#: Round 28 (rules from round 24's misses: a moment restated in another zone in brackets,
#: "13:30 (JST) (= 04:30 UTC)", read once in the writer's zone; Japanese follow-ups under
#: アクションアイテム with their アクション/担当/期限 columns, a legend sub-heading "カテゴリの説明"
#: no items; a day set apart from its clock by a colon, "February 15, 2024: 7:56am UTC"; a
#: provider's notice of "a login from a new device" is internal detection) took all 583 to
#: date 96.2 % (532/553), row times 97.2 % (2488/2559), action items 78.4 % (457/583); TTD
#: (150/163) and TTR (350/382) unchanged. Date, row times and action items floors one
#: document under the new figures.
#: Round 25's sealed part (22 documents: Jenkins 8, Packit 8, Alt 5, contributor.info 1)
#: scored once after round 28 (date 19/21, TTD 1/3, TTR 13/18, row times 38/49, titles 22/22,
#: action items 21/22, root causes 11/22) and joined dev: 605 documents, date 96.0 %
#: (551/574), TTD 91.0 % (151/166), TTR 90.8 % (363/400), row times 96.9 %, rows 92.2 %, root
#: causes 59.7 %, action items 79.0 %, titles 97.5 %; the floors below are one document under.
#: Round 29 (rules from round 25's misses: a web address is no length, "down: https://…/
#: 8gmgl950y3h7" no 3 hours) took all 605 to TTR 91.0 % (364/400); the other fields unchanged.
#: The TTR floor one document under the new figure.
#: Round 26's sealed part (22 documents: Alt 10, Jenkins 6, Packit 6) scored once after round
#: 29 (date 20/22, TTD 3/6, TTR 15/17, row times 98/101, titles 22/22, action items 20/22,
#: root causes 10/22) and joined dev: 627 documents, date 95.8 % (571/596), TTD 89.5 %
#: (154/172), TTR 90.9 % (379/417), row times 96.9 %, rows 92.3 %, root causes 59.2 %, action
#: items 79.4 %, titles 97.6 %; the floors below are one document under those.
#: Round 30 (corpus rule 2 for timelines that open before their first clock: that first
#: clock is no stated start, so the day is the one the row is written on, not its UTC day,
#: unless the date field writes that clock; the first report's day likewise as written) took
#: all 627 to date 96.3 % (574/596; Alt 2026-03-24 and 2026-03-25, mybinder 2018-01-17; no
#: losses); other fields unchanged. The date floor one document under the new figure.
#: Round 30's length rules (Japanese "4 日 19 時間" is days and hours; a length in a later
#: sentence, "実質23日間。…に限れば14日間", is another length, not part of the first) took
#: TTD to 90.7 % (156/172) and TTR to 91.6 % (382/417), Alt only, no losses; TTD and TTR
#: floors one document under the new figures.
#: Round 27's sealed part (10 documents: Jenkins 4, Packit 4, Alt 2) scored once after round
#: 30 (date 8/10, TTD 0/1, TTR 7/9, row times 26/28, titles 10/10) and joined dev: 637
#: documents, date 96.0 % (582/606), TTD 90.2 % (156/173), TTR 91.3 % (389/426), row times
#: 96.8 %, rows 92.5 %, root causes 59.0 %, action items 79.7 %, titles 97.6 %; the floors
#: below are one document under those.
#: Round 31 (dates: a first row with a day and no clock is dated as written; a date field
#: opening on a latent start dates by the impact it names; a yearless day shares a full date's
#: year; rows opening on yearless days date a post's story; "yesterday's Service Outage"
#: names an earlier event) and round 31b (lengths: a chain of lengths states its first link;
#: an impact window's length before a remark; Wikimedia's "Summary and Metadata"; a status
#: message's "since 12h35 UTC"; "went unnoticed and caused 40min of total outage"; staff
#: forwarding a phishing e-mail is internal detection; "idling for 20 hours" is no impact
#: length; "即座" states 0) took all 637 to date 97.2 % (589/606), TTD 91.3 % (158/173), TTR
#: 93.2 % (397/426), no losses. Round 28's sealed part (18 documents: Alt 8, Jenkins 5,
#: Packit 5) scored once after them (date 16/18, TTD 4/4, TTR 12/14, row times 68/69, titles
#: 17/18, action items 17/18, root causes 7/18) and joined dev: 655 documents, date 97.0 %
#: (605/624), TTD 91.5 % (162/177), TTR 93.0 % (409/440), row times 96.9 % (2718/2806), rows
#: 92.7 % (607/655), root causes 58.5 % (383/655), action items 80.2 % (525/655), titles
#: 97.5 % (629/645); the floors below are one document under those.
#: Round 32 (a recovery dated before the start mended when the slip is no guess, month and day
#: swapped or its clock restated on the start's day; a "Time to Repair" from detection is no
#: time to recover; a first-row start moves to the row from which the stated length runs to
#: the recovery; a row opening "Detect …" is the team's detection) took all 655 to TTD 92.1 %
#: (163/177) and TTR 93.6 % (412/440), no losses; TTD and TTR floors one document under.
#: Round 32b (a recovery's mistyped month, when the start's month puts it within a day after
#: the start; the day never mended) took TTR to 94.1 % (414/440); its floor one under.
#: Round 33d (dates: an impact period field's day over the run-up's; a day found on yields to
#: the earlier one the lead states; byline and "since" words before their day; a post's front
#: matter date over its file name's; no start guessed where the report says there was no
#: impact; an impact window a day off the row naming its start; an advisory's dated title
#: yields to the day its story opens on) took the date to 98.2 % (613/624, with round 33's
#: Alt 2026-07-22), no losses; its floor one document under.
#: Round 33 (times: a Japanese value read to the full stop of its moment's sentence; a recovery
#: told as its steps ends with the last row doing one; the team patching the running code,
#: permissions taken back to read-only, and a fix's later rollout end the impact; a CamelCase
#: alarm starting is the team's signal; "às" and a CI's e-mail about a broken build; times to
#: detect per part give the longest; the noticing row after a change-only first row may be the
#: start the stated length points to) took all 655 to TTD 95.5 % (169/177, with round 33d's
#: Chia 2024-02-15) and TTR 95.0 % (418/440), no losses; TTD and TTR floors one under.
#: Round 34 (a version number after "starting" is no clock; a front matter that lost its
#: opening fence; "全時刻は JST" is the document's zone note; a Japanese wave-dash span starts
#: at its first clock, a cause found over a span at its end; a day heading with words after
#: its date and a seconds-only span end in clock headings) took all 655 to TTD 96.0 %
#: (170/177), TTR 95.5 % (420/440), row times 97.9 % (2746/2806), rows 92.8 % (608/655), and
#: (a borrowed year-less lead day yields to a timeline day over a month later) date 98.4 %
#: (614/624), no losses; those floors one document under.
#: Round 29's sealed part (17 documents: Jenkins 10, Packit 1, Alt 6) scored once after rounds
#: 33, 33d and 34 (date 14/17, TTD 3/4, TTR 12/15, row times 58/77, rows 14/17, titles 17/17,
#: action items 16/17, root causes 7/17) and joined dev: 672 documents, date 98.0 % (628/641),
#: TTD 95.6 % (173/181), TTR 94.9 % (432/455), row times 97.3 % (2804/2883), rows 92.6 %
#: (622/672), root causes 58.0 % (390/672), action items 80.5 % (541/672), titles 97.6 %
#: (646/662); the floors below are one document under those.
#: Round 35 (a recovery before the start mended by its month up to a week on; a date field's
#: clock dates the incident on its UTC day; a Japanese value's gloss after a dash, a zone
#: opening a bracketed remark, a user's quoted full stop; a latent period is no impact length;
#: a plan's "starting at" and an alerting threshold date nothing; users sent to a working
#: alternative, or a close after a quiet spell, end the impact) took all 672 to date 98.4 %
#: (631/641), TTD 96.1 % (174/181) and TTR 96.0 % (437/455), no losses; those floors one
#: document under.
#: Round 30's sealed part (8 documents, all Alt, Japanese) scored once after round 35 (date
#: 6/8, TTD 4/4, TTR 5/6, row times 59/59, rows 8/8, titles 6/8, action items 7/8, root causes
#: 3/8) and joined dev: 680 documents, date 98.2 % (637/649), TTD 96.2 % (178/185), TTR
#: 95.9 % (442/461), row times 97.3 % (2863/2942), rows 92.6 % (630/680), root causes 57.8 %
#: (393/680), action items 80.6 % (548/680), titles 97.3 % (652/670); the floors below are
#: one document under those.
#: Round 36 (an impact-window field read in the zone the timeline states when the document
#: states none for itself; a date field giving a day keeps it though its remark names a
#: clock; a report number joined to its year leaves the title without a colon; a recovery
#: field giving only a day is no moment) took the 680 to date 98.5 % (639/649), TTR 96.1 %
#: (443/461) and titles 97.8 % (655/670), no losses; those floors one document under.
#: Round 37 (a Japanese user report written as one noun, "ユーザー報告", is the customer's
#: detection, and a day without a clock no moment of it; a stated TTD listing lengths from two
#: moments is the longest) took customer detection to 70.5 % (103/146) and the stated TTD to
#: 43/43, no losses; the two get floors here, one document under.
#: Round 31's sealed part (12 documents from 8 organisations new to the corpus: OSUOSL,
#: L10N.cz, Snoonet and five US federal agencies' outage notices) scored once after round 37
#: (date 5/12, TTD 1/1, TTR 3/3, row times 3/6, rows 10/12, titles 8/11, root causes 5/12,
#: action items 7/12) and joined dev: 692 documents, date 97.4 % (644/661), TTD 96.2 %
#: (179/186), TTR 96.1 % (446/464), row times 97.2 % (2866/2948), rows 92.5 % (640/692), root
#: causes 57.5 % (398/692), action items 80.2 % (555/692), titles 97.4 % (663/681); the floors
#: below are one document under those.
#: Round 38 (that part's genre: a notice's dateline and a paragraph that tells of another post
#: are no byline, a cause's commit day long before yields, an update box's heading keeps the
#: lead, one-cell layout tables, a blog banner's <h1>, US regions after clocks, Czech
#: "včera"; table rows run into a paragraph) took the 692 to date 98.5 % (651/661), row times
#: 97.3 % (2869/2948), rows 92.6 % (641/692) and titles 97.8 % (666/681), no losses; those
#: floors one document under.
#: Round 32's sealed part (10 UK public-sector documents: GOV.UK Notify and PaaS, the UK
#: Statistics Authority's breach reports, NHS Digital, the Home Office) scored once after round
#: 38 (date 6/9, TTD 0/3, TTR 2/7, rows 10/10, titles 5/5) and joined dev: 702 documents, date
#: 98.1 % (657/670), TTD 94.7 % (179/189), TTR 95.1 % (448/471), row times 97.3 %
#: (2869/2948), rows 92.7 % (651/702), root causes 58.0 % (407/702), action items 79.8 %
#: (560/702), titles 97.8 % (671/686); the floors below are one document under those.
#: Round 39 (moments told in sentences: a colleague who "contacted press office … to report
#: the issue", a release "due to be published at 07:00" past a norm's hour, "published
#: manually at 07:03", an impact window under "How users were affected", a form's "Date of
#: occurrence", the day a dateline's line names after it) took the 702 to date 98.4 %
#: (659/670), TTD 95.2 % (180/189) and TTR 96.0 % (452/471), no losses; those floors one
#: document under.
#: Round 33's sealed part (11 US federal satellite-operations notices: USGS Landsat, NOAA
#: NESDIS, the National Weather Service) scored once after round 39 (date 3/11, TTD 0/1, TTR
#: 0/4, rows 10/11, titles 8/11) and joined dev: 713 documents, date 97.2 % (662/681), TTD
#: 94.7 % (180/190), TTR 95.2 % (452/475), row times 97.3 % (2869/2949), rows 92.7 %
#: (661/713), root causes 57.9 % (413/713), action items 79.8 % (569/713), titles 97.4 %
#: (679/697); the floors below are one document under those.
#: Round 40 (a notice's dateline title over an earlier day its story tells, a web archive's
#: capture address, a press release's "FOR IMMEDIATE RELEASE 10/28/98", a title's "- Issued:"
#: stamp, an hour "at approximately 3 a.m. EST") took the 713 to date 98.1 % (668/681) and
#: titles 97.6 % (680/697), no losses; those floors one document under.
#: Round 41 ("the service returned to a normal state" is a recovery, so the stated length
#: moves the start back to the deployment) took TTD to 95.3 % (181/190), no losses; its floor
#: one document under.
#: Round 34's sealed part (14 documents from 3 organisations new to the corpus: Travis CI's
#: blog post-mortems, Ubuntu wiki incident reports, Peerio's outage log) scored once after
#: round 41 (date 11/14, TTD 0/6, TTR 0/7, recovery 0/11, row times 37/68, rows 6/14, titles
#: 2/11) and joined dev: 727 documents, date 97.7 % (679/695), TTD 92.3 % (181/196), TTR 93.8 %
#: (452/482), row times 96.3 % (2906/3017), rows 91.7 % (667/727), root causes 57.4 %
#: (417/727), action items 79.2 % (576/727), titles 96.3 % (682/708), customer detection 69.8 %
#: (104/149); the floors below are one document under those.
#: Round 42 (a headerless table of stamped events is a timeline; "recovered or flapping …
#: our service is down" no recovery; a sentence opening on a later weekday moves the story's
#: clocks on, up to the publication) took the 727 to date 97.8 % (680/695), TTD 93.9 %
#: (184/196), TTR 94.0 % (453/482), row times 97.3 % (2935/3017), rows 92.4 % (672/727); three
#: expected titles of Travis CI lost their "Post-Mortem:" prefix (the corpus rule), titles
#: 96.8 % (685/708). No losses; those floors one document under.
#: Round 42's wording ("icinga2", "came back to life", "are all back", a monitor that
#: "confirmed Production is available") took TTD to 94.4 % (185/196) and TTR to 94.4 %
#: (455/482), no losses; those floors one document under.
#: Then a morning clock told after an evening one goes past midnight, and "things were
#: looking up" is a recovery: TTR 94.6 % (456/482), no losses; its floor one document under.
#: Then "We started investigating …" straight after a timed sentence is that moment: TTD
#: 94.9 % (186/196), no losses; its floor one document under.
#: Round 35's sealed part (10 engineering post-mortems from 3 organisations new to the
#: corpus: the Guardian's web frontend team, Polar, VU Amsterdam's research-data team) scored
#: once after round 42 (date 9/10, TTD 0/3, TTR 5/8, start 1/8, recovery 1/6, row times 18/18,
#: rows 10/10, titles 7/10) and joined dev: 737 documents, date 97.7 % (689/705), TTD 93.5 %
#: (186/199), TTR 94.1 % (461/490), row times 97.3 % (2953/3035), rows 92.5 % (682/737), root
#: causes 57.4 % (423/737), action items 79.2 % (584/737), titles 96.4 % (692/718); the floors
#: below are one document under those.
#: Round 43 (an arrow joins a window's ends; an ordinal day; "Date 1st July 2013 from 13:16 ->
#: 14:10" without its colon; a zone named once in brackets after a clock, "09:00 (UK time)")
#: took TTD to 94.0 % (187/199) and TTR to 94.5 % (463/490), no losses; those floors one
#: document under.
#: Round 36's sealed part (14 more of the Guardian frontend team's incident reports, a holdout
#: of a known organisation) scored once after round 43 (date 13/14, TTD 1/6, TTR 8/13, start
#: 7/11, recovery 4/10, rows 12/14, titles 12/14) and joined dev: 751 documents, date 97.6 %
#: (702/719), TTD 91.7 % (188/205), TTR 93.6 % (471/503), row times 97.3 % (2956/3038), rows
#: 92.4 % (694/751), root causes 57.1 % (429/751), action items 79.5 % (597/751), titles 96.2 %
#: (704/732), stated TTD 95.6 % (43/45); the floors below are one document under those.
#: Round 48 (statistics breach reports: a release set for a time, an early release, a
#: corrective e-mail …) took dev 813 to date 97.9 % (764/780), TTD 95.2 % (217/228), TTR
#: 95.1 % (529/556); round 43's sealed part (12 more breach reports, other producers) scored
#: date 9/12, TTD 0/4, TTR 2/6 and joined dev: 825 documents, date 97.6 % (773/792), TTD
#: 93.5 % (217/232), TTR 94.5 % (531/562), rows 91.8 % (757/825), root causes 56.2 %
#: (464/825), action items 79.8 % (658/825), customer detection 69.4 % (109/157); the floors
#: below are one document under those. Round 49 (from those reports, after scoring: a slashed
#: day named in words without its year is day first, a set time is not what "at once"
#: follows, "the error was spotted by … at", "published in error", an e-mail recalled, a
#: weekday that fits only the text's year) took them to date 98.0 % (776/792), TTD 95.3 %
#: (221/232), TTR 94.8 % (533/562), no losses; those floors one document under. Round 50 (a
#: slipped year, a lower bound in a text with no clock): date 98.1 % (777/792), TTR 95.0 %
#: (534/562). Round 45's sealed part (49 documents: Landsat, NOAA and LP DAAC notices, UGRC,
#: Grex, Wikibase Cloud, Apache, Flutter, Wikimedia) scored date 33/49, TTD 3/4, TTR 15/26 and
#: joined dev: 874 documents, date 96.3 % (810/841), TTD 94.9 % (224/236), TTR 93.4 %
#: (549/588), row times 96.9 % (3176/3277), rows 91.1 % (796/874), root causes 55.8 %
#: (488/874), titles 95.8 % (794/829). Rounds 51-53 (from those documents: a status entry's
#: only stamped update, notice datelines, a form's label lines, operators' clocks) took them
#: to date 97.9 %, TTD 95.3 %, TTR 94.7 %; round 46's sealed part (30 unseen status-page
#: entries, UGRC 24) then scored date 29/30, TTR 14/23 and joined dev: 904 documents, date
#: 97.8 % (852/871), TTD 95.3 % (225/236), TTR 93.5 % (571/611), row times 97.2 %, rows
#: 92.0 %, root causes 55.8 %, action items 80.5 %, titles 95.9 % (824/859); the floors
#: below are one document under those. Round 54 (a resolved status entry's last update):
#: TTR 94.4 % (577/611); that floor one document under. Eighteenth session: round 55, sealed
#: parts 47 (20 of known publishers), 48 (19 from three new organisations) and 49 (12 more
#: Foundries.io notes) joined dev, rounds 56-57 from them: 955 documents, date 98.0 %
#: (904/922), TTD 95.2 % (236/248), TTR 95.0 % (612/644), row times 97.2 % (3382/3480), rows
#: 92.4 % (882/955), root causes 55.3 % (528/955), action items 80.1 % (765/955), titles
#: 96.2 % (875/910), customer detection 67.5 % (110/163); the floors below are one document
#: under those. Then sealed part 50 (15 from three more new organisations) joined and round 58
#: read it: 970 documents, date 98.1 % (919/937), TTD 95.3 % (246/258), TTR 95.3 % (624/655),
#: row times 97.2 % (3460/3558), rows 92.3 % (895/970), root causes 55.4 %, action items 80.0 %,
#: titles 95.2 % (881/925), stated TTD 97.8 % (45/46); floors one document under those.
#: Sealed part 51 (12: HealthArchive's last 2 notes, proompteng 10) joined, rounds 58e-h: 982
#: documents, date 98.1 % (931/949), TTD 95.0 % (249/262), TTR 95.0 % (628/661), placeholders
#: 100 % (121/121), row times 97.3 % (3548/3646), rows 92.3 % (906/982), root causes 55.3 %,
#: action items 80.1 %, titles 95.1 % (891/937); floors one document under those.
#: Sealed parts 52-54 (18 more proompteng reports, 26 Norwegian NAV post-mortems) joined,
#: rounds 59-60: 1,026 documents, date 98.0 % (973/993), TTD 94.6 % (265/280), TTR 94.3 %
#: (649/688), placeholders 100 % (135/135), row times 97.5 % (3787/3883), rows 92.2 %
#: (946/1026), root causes 55.9 %, action items 79.9 %, titles 95.1 % (933/981), customer
#: detection 68.6 % (118/172); floors one document under those (TTD and TTR below the
#: issue's 95 % target again, as after every new house style).
#: Sealed parts 56-57 (19 Wikitech reports, 1 Miraheze, 2 Travis CI posts, 8 Mataroa status
#: entries) joined, round 61a: 1,056 documents, date 97.9 % (1001/1022), TTD 93.5 % (272/291),
#: TTR 94.1 % (668/710), placeholders 100 % (137/137), row times 96.8 % (3925/4053), rows 91.9 %
#: (970/1056), root causes 55.9 %, action items 80.0 %, titles 95.2 % (962/1011), customer
#: detection 68.4 % (119/174); floors one document under those.
#: Sealed part 58 (25 more Wikitech and Miraheze reports) joined, round 62: 1,081 documents,
#: date 97.8 % (1024/1047), TTD 91.3 % (282/309), TTR 93.7 % (683/729), placeholders 100 %
#: (137/137), row times 97.3 % (4098/4212), rows 91.9 % (993/1081), root causes 55.0 %, action
#: items 80.5 %, titles 95.3 % (987/1036), customer detection 68.8 % (121/176); floors one
#: document under those.
#: Sealed part 59 (17 more Wikitech reports, 1 Miraheze) joined, rounds 63-64: 1,099 documents,
#: date 97.7 % (1040/1065), TTD 91.3 % (293/321), TTR 93.6 % (697/745), placeholders 100 %
#: (137/137), row times 97.1 % (4179/4302), rows 91.4 % (1004/1099), root causes 54.7 %, action
#: items 80.5 %, titles 95.1 % (1002/1054), customer detection 68.0 % (121/178); floors one
#: document under those.
#: Sealed part 60 (30 more Wikitech reports) joined, round 65: 1,129 documents, date 97.6 %
#: (1069/1095), TTD 89.9 % (304/338), TTR 93.3 % (714/765), placeholders 100 % (144/144), row
#: times 97.1 % (4336/4466), rows 90.5 % (1022/1129), root causes 53.5 %, action items 81.0 %,
#: titles 94.1 % (1020/1084), customer detection 67.4 % (124/184); floors one document under.
#: Sealed part 61 (15 more Wikitech reports) joined after round 65b: 1,144 documents, date 97.5 %
#: (1082/1110), TTD 89.6 % (309/345), TTR 92.9 % (721/776), placeholders 100 % (151/151), row
#: times 97.1 % (4402/4534), rows 90.3 % (1033/1144), root causes 53.2 %, action items 81.0 %,
#: titles 93.3 % (1025/1099), customer detection 66.0 % (124/188); floors one document under.
#: Round 71 (regulators' and ministers' texts from print: an ordinal's suffix set apart,
#: chapters in Roman numerals, "for up to six hours", "during a six-hour period", a recovery
#: in two steps, "from 10.15 pm" and "at midnight" after it; data kept "for up to 60 days" no
#: outage) took the 1,325 to date 96.2 % (1217/1265), TTD 87.1 % (338/388), TTR 91.4 %
#: (790/864), no losses; those floors one document under.
#: Sealed part 68 (11: NHS Digital and Public Health England under OGL v3.0, The Matrix.org
#: Foundation's blog, the Open Computing Facility's status entries) joined: 1,336 documents,
#: date 96.0 % (1221/1272), TTD 86.7 % (338/390), TTR 91.5 % (794/868), row times 96.6 %
#: (4927/5100), rows 90.0 % (1202/1336), action items 80.3 %; floors one document under.
#: Round 72 (a cState update stamped by its ``track`` shortcode is a row; a "Resolved" before
#: the trouble came back, or an update saying the service is down, is no end before the
#: close) took TTD to 86.9 % (339/390), row times 96.7 % (4934/5100), rows 90.2 %
#: (1205/1336), no losses; those floors one document under.
#: Sealed part 69 (16: The Matrix.org Foundation's blog 9, Lords and Scottish Parliament
#: records 7) joined: 1,352 documents, date 95.8 % (1229/1283), TTD 86.7 % (340/392), TTR
#: 91.3 % (795/871), row times 96.7 % (4975/5146), rows 90.2 % (1219/1352), action items
#: 79.9 %, titles 95.6 % (1246/1303), customer detection 62.6 %; floors one document under.
#: Round 73 (a TOML front matter over a body with no heading is a Markdown post's; the Lords'
#: "- in the House of Lords at 6:32 pm on …" is a record line) took date to 95.9 %
#: (1230/1283) and titles to 95.9 % (1250/1303), no losses; those floors one document under.
#: Sealed part 70 (14: US federal courts and CMS, the ECB and the European Commission,
#: Mozilla's and the Tor Project's blogs) joined: 1,366 documents, date 95.7 % (1234/1290),
#: TTD 86.7 % (340/392), TTR 91.2 % (797/874), row times 96.5 % (4975/5153), rows 90.0 %
#: (1230/1366), action items 79.5 %; floors one document under.
#: Round 74 (a front matter's "date: 12/21/2011"; "As of 09:00 on 04 July 2013, the service is
#: re-enabled") took date to 95.7 % (1235/1290), the TTR unchanged at 797; no losses; the date
#: floor one document under.
#: Sealed part 71 (10: Mozilla's IT blogs, the Tor Project's blog, the Sixth Circuit) joined:
#: 1,376 documents, date 95.7 % (1237/1293), TTD 86.7 % (340/392), TTR 91.0 % (798/877), row
#: times 96.5 % (4975/5155), rows 90.0 % (1239/1376); floors one document under.
#: Round 75 (a US region in words after a clock, "17:00 Pacific"; a window opened on a day and
#: "continuing through around 4:00 p.m. on Wednesday, June 10"; a service "kept … offline for
#: two days") took date to 95.7 % (1238/1293) and TTR to 91.1 % (799/877), no losses; those
#: floors one document under.
#: Sealed part 72 (14: MozillaWiki, the Tor Project's blog, openSUSE News, NixOS) joined:
#: 1,390 documents, date 95.5 % (1239/1298), TTD 86.7 % (340/392), TTR 91.0 % (799/878), row
#: times 96.5 %, rows 90.0 %, customer detection 62.3 %; floors one document under.
#: Round 76 (a span's first yearless day, "between March 7 and March 28", "Starting around
#: August 20, …", not an aside's "(starting March 19th)") took date to 95.6 % (1241/1298), no
#: losses; its floor one document under.
#: Sealed part 73 (9: openSUSE News, Mozilla's /jv blog, Nim, OCaml.org, ziglang.org) joined:
#: 1,399 documents, date 95.5 % (1243/1302), TTD 86.7 % (340/392), TTR 90.9 % (799/879), row
#: times 96.5 %, rows 90.1 %, titles 95.9 %; floors one document under.
#: Round 77 (a Zine front matter's '.title = "…",' and '.date'; a night's window "23:24 PDT
#: until the following morning at 07:20", its end in its start's zone) took date to 95.6 %
#: (1245/1302), TTR to 91.0 % (800/879) and titles to 96.0 % (1296/1350), no losses; those
#: floors one document under.
#: Sealed part 74 (2: erlang.org's news) joined: 1,401 documents, date 95.5 % (1245/1303), TTD
#: 86.7 % (340/392), TTR 91.0 % (800/879); floors one document under.
#: Round 78 (the first sentence about the incident that writes a day in full, when no row,
#: label, name or front matter dated it) took date to 95.6 % (1246/1303), no losses.
#: Sealed part 75 (24: Debian's News, GitLab's blog, Ofcom, the Oireachtas, 18F, the IRS, OPM,
#: DHS, SURFsara, Mozilla's Taskcluster retrospectives, GDS's GSP team) joined: 1,425
#: documents, date 95.3 % (1256/1318), TTD 85.0 % (340/400), TTR 90.2 % (802/889), row times
#: 95.6 % (5051/5281), rows 89.8 %, titles 95.6 %; floors one document under.
#: Round 79 (colonless clocks under a "Time" header; an "Event Type" column; an aim or a
#: failure to come back is no recovery; a WML page's head) took date to 95.4 % (1258/1318),
#: TTD to 85.5 % (342/400), TTR to 90.3 % (803/889), row times to 96.0 % and titles to 95.9 %,
#: no losses.
#: Sealed part 76 (13: Taskcluster, Rust's infra team, MoJ Operations Engineering, Berkeley
#: SCF, Debian's News) joined: 1,438 documents, date 95.3 % (1269/1331), TTD 84.9 %
#: (342/403), TTR 89.9 % (804/894), row times 95.7 %, rows 89.6 %, titles 95.8 %; floors one
#: document under.
#: Round 80 (list items left unclosed; an intruder's login starts it, "Discovery of" detects
#: it; a list indented into a code block; an unmarked afternoon clock; a "Time:" window) took
#: date to 95.4 % (1271/1332), TTD to 85.4 % (344/403), TTR to 89.9 % (805/895) and row times
#: to 96.3 %, no losses.
#: Sealed part 77 (16: Taskcluster, Debian's News, Galaxy Europe, Berkeley SCF, Wikitech)
#: joined: 1,454 documents, date 95.4 % (1285/1347), TTD 84.1 % (345/410), TTR 89.4 %
#: (806/902), row times 96.2 %, rows 89.8 %, titles 95.8 %; floors one document under.
#: Round 81 (the sheriffs "detect"; trees re-opened, and "closed again"; a "Fallout" length; the
#: 12-hour clock kept after an unmarked afternoon) took TTD to 84.4 % (346/410) and TTR to
#: 89.6 % (808/902), no losses.
#: Sealed part 78 (13: Taskcluster, Peerio's outage log, Wikitech) joined: 1,467 documents,
#: date 95.2 % (1295/1360), TTD 84.2 % (351/417), TTR 88.9 % (810/911), row times 96.2 %,
#: rows 89.6 %, titles 95.4 %; floors one document under.
#: Round 82 (an element marked id='title'; a monitor's "no longer suffering", "back healthy"
#: and "losses again"; a restart under way) took TTR to 89.2 % (813/911) and titles to 96.1 %
#: (1362/1418), no losses.
#: Sealed part 79 (3: Peerio's last production outages) joined: 1,470 documents, date 95.2 %
#: (1298/1363), TTD 84.3 % (354/420), TTR 89.2 % (815/914), row times 96.2 %, titles 96.1 %;
#: floors one document under.
#: Round 83 (a dashboard link's window, a news article's dateline) took the date to 95.3 %
#: (1299/1363) and row times to 96.4 %, no losses. Sealed part 80 (2: a Wikitech report, a
#: Wikinews article) joined: 1,472 documents, date 95.3 % (1301/1365), TTD 84.3 % (354/420),
#: TTR 89.1 % (816/916), row times 96.4 %, titles 96.1 %; floors one document under.
#: Round 84 (the story under a dateline heading is the lead; a saved page's level-1 headline
#: states a length as a title does) took TTR to 89.2 % (817/916), no losses; floor one under.
#: Sealed part 81 (2: a Library of Congress blog post, an NIH notice) joined: 1,474 documents,
#: date 95.3 % (1303/1367), action items 79.5 % (1172/1474), root causes 50.4 %, titles 96.1 %
#: (1369/1425); floors one document under.
#: Thirtieth session: the time to detect as the incidents mart measures it (an assumed
#: detection measures nothing) is scored too, 78.6 % (330/420). Round 85 (a monitor named with
#: what it is, "warns"/"notifies us … unreachable", a status update's "We are seeing errors",
#: the sheriffs reporting) took it to 79.8 % (335/420) and TTD to 84.5 % (355/420), no losses;
#: its floor one document under.
#: Round 86 (the cause found in the team's own words; a dead "identified <anything>" entry
#: written as what it matched) took time_of_rca from 34.3 % to 39.7 % (125/315), no losses of
#: date, TTD or TTR; one guess more where the reader dated no cause found. Floor one under.
#: Its cause sentences ("The likely cause was", Japanese 原因は / に起因) took root causes
#: counted to 50.9 % (750/1474), no losses; floor one under. Its customers' reports ("Users
#: started to report", "community rep reports", "receive an influx of emails from users", …)
#: took time_of_customer_detect from 61.0 % to 67.0 % (146/218), no losses; floor one under.
#: Round 87 (thirty-second session): counts of the affected in sentences ("affecting 305
#: teams", "the personal information of more than 10,000 officers") and Japanese labels with a
#: counter ("操作ユーザー 1 名") took impacted customers from 2.6 % (1/39) to 63.4 % (26/41; two
#: Alt readers' nulls for "操作ユーザー 1 名" set to 1 by a second reader, as the same sentence
#: reads elsewhere), one count read where the reader found none; floor one under.
#: Round 87b (the data put right: a backlog cleared or sent, a backfill finished, lost data
#: restored, indices up to date, refunds issued; the last such row) took time_of_reconcile
#: from 3.3 % (1/30) to 40.0 % (12/30), one guess ("post-outage cleanup finished"), no other
#: field moved; floor one under.
#: Round 87c (the incident as the subject of "lasted", anywhere and wrapped; a release
#: "delayed by" / "late by" / "go live N minutes late") took stated_to_recover from 92.8 % to
#: 94.2 % (340/361), no guess, no other field moved; floor one under.
#: Round 88 (thirty-third session: follow-up headings that ask or promise a change; a status
#: page's stage-and-stamp headings as rows; windows with ISO stamps and "up until"; many
#: recovering at once; whole days kept out of order; page rows; quiet deploy-tool changes; a
#: dateline anchoring "last night"; a span's first day) took the date to 95.6 % (1307/1367),
#: TTD to 85.0 % (357/420; the mart's 80.2 %), TTR to 89.5 % (820/916), row times to 96.7 %,
#: rows counted to 89.9 % and action items to 80.0 % (1179/1474); floors one document under.
#: Round 89 (thirty-fourth session: a clock written as a span's end is no start; a merge
#: whose next row deploys it is run-up; "Rollback" alone, "back in full operation", "Restores
#: service." recover; clocks with their half of the day in words; "UTC Start Timestamp:"; a
#: start field's day alone; a recovery a year on mended by a row at that moment; "27-feb:" day
#: lines kept) took the date to 95.8 % (1309/1367), TTD to 85.2 % (358/420; the mart's 80.5 %),
#: TTR to 90.1 % (825/916; "two minutes later") and row times to 96.8 % (5382/5559); floors
#: one document under.
#: Round 90 (thirty-fifth session, from ``bench/postmortems_rewordings.py``: the 12-hour clock,
#: days in words, lists stamped by a bracketed offset; "Note: all times …") left dev as it was
#: miss for miss; then sealed part 82 (5 documents) joined dev, 1,479 documents: date 95.8 %
#: (1312/1370), TTD 85.0 % (358/421; the mart's 80.3 %), TTR 90.0 % (826/918), row times
#: 96.8 % (5407/5584), action items 79.8 % (1180/1479); floors one document under.
FLOORS = {
    "read": 1.0,
    "incident_date": 0.956,
    "minutes_to_detect": 0.848,
    "minutes_to_detect (mart)": 0.800,
    "minutes_to_recover": 0.898,
    "placeholders never a time": 1.0,
    "timeline row times": 0.968,
    "timeline rows (count)": 0.898,
    "root_causes (count)": 0.507,
    "action_items (count)": 0.797,
    "severity": 0.9,
    "title": 0.96,
    "time_of_customer_detect": 0.662,
    "stated_to_detect": 0.959,
    "time_of_rca": 0.397,
    "impacted_customers": 0.609,
    "time_of_reconcile": 0.366,
    "stated_to_recover": 0.939,
}


@pytest.fixture(scope="module")
def dev_score():
    return score_part("dev")[0]


@pytest.mark.parametrize(("field", "floor"), FLOORS.items())
def test_development_corpus_accuracy(dev_score, field, floor):
    rate = dev_score.rate(field)
    misses = [m for m in dev_score.misses if m[1] == field]
    assert rate is not None
    assert rate >= floor, misses


def test_the_corpus_is_real_varied_and_attributed():
    files = documents("dev") + documents("sealed")
    assert len(files) >= 40
    organisations = set()
    # Read once: the attribution list is 2 MB and names every document.
    sources = (CORPUS / "SOURCES.md").read_text("utf-8")
    for path in files:
        expected = json.loads(path.with_name(path.name + ".expected.json").read_text("utf-8"))
        source = expected["source"]
        assert source["url"].startswith("https://"), path.name
        assert source["licence"], path.name
        organisations.add(source["organisation"])
        assert path.name in sources, path.name
    assert len(organisations) >= 6
    # A sealed part is kept out of development (never scored here); once scored at the end of
    # a round it joins dev and new documents are sealed (SOURCES.md), so it may be empty
    # between rounds.
