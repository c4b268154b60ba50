"""Label watch: know when a cited FDA label has a newer version than the one a page was
reviewed against, tell editors at once and readers honestly.

`check_labels` asks DailyMed's version history for every set id a published monograph
cites (`client.py`), keeps what it said (`models.LabelCheck`), compares each cited source
with it (`compare.py`, a pure function the content check shares) and records the result
per page (`models.LabelCitation`), which the pages, the API, the feed and the staff list
read through the monographs app's `labels` interface (registered in `apps.py`), so the
monographs app depends on nothing built on it.

`compare` and `history` import nothing from Django: the content check (REVIEW005) uses
them on `content/labels/versions.json`, the file `check_labels` writes.
"""
