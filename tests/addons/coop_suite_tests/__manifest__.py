{
    "name": "Co-op Suite: Tests Across Addons",
    "summary": "The café's story end to end, with the accountant's closing checks; tests only",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/coop-suite/coop-suite",
    "author": "Co-op Suite contributors",
    "license": "AGPL-3",
    "installable": True,
    "depends": [
        "coop_membership",
        "coop_shifts",
        "coop_purchase",
        "coop_culture",
        "coop_event",
        "coop_bank",
    ],
    "data": [],
}
