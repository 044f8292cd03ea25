"""Write a sample digest mail (HTML and text) and the unsubscribe pages to artifacts/mail/, for
`make mail-shots` to render in Chromium (scripts/mail_shots.mjs) and for a look by eye."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from jobtrack.notifications import mail
from jobtrack.notifications.schemas import Digest, DigestItem, DigestSection

OUT = Path(__file__).resolve().parent.parent / "artifacts" / "mail"
DAY = dt.date(2026, 3, 10)


def _item(job_id: int, label: str, company: str, title: str, days: int, **kw: object) -> DigestItem:
    return DigestItem(
        job_id=job_id,
        company=company,
        title=title,
        label=label,
        date=DAY + dt.timedelta(days=days),
        time=kw.get("time"),  # type: ignore[arg-type]
        location=kw.get("location"),  # type: ignore[arg-type]
    )


def sample() -> Digest:
    sections = [
        DigestSection(
            kind="today",
            items=[
                _item(
                    12,
                    "Interview round 2",
                    "Acme Robotics",
                    "Senior Backend Engineer",
                    0,
                    time=dt.time(9, 30),
                    location="Zoom",
                ),
                _item(
                    31,
                    "Screening",
                    "Globex <Europe> & Partners",
                    "Platform Engineer",
                    0,
                    time=dt.time(15, 0),
                    location="Phone call with the recruiter",
                ),
            ],
        ),
        DigestSection(
            kind="next_days",
            items=[
                _item(
                    44, "Offer deadline", "Initech", "Staff Engineer, Payments Infrastructure", 2
                ),
                _item(
                    12,
                    "Reference check",
                    "Acme Robotics",
                    "Senior Backend Engineer",
                    3,
                    time=dt.time(11, 0),
                    location="Berlin office, Friedrichstraße 68, 3rd floor",
                ),
            ],
        ),
        DigestSection(
            kind="follow_up",
            items=[
                _item(7, "No reply for 21 days", "Umbrella Corp", "Data Engineer", -21),
                _item(9, "No reply for 15 days", "Hooli", "Site Reliability Engineer", -15),
            ],
        ),
    ]
    from jobtrack.notifications.digest import subject

    return Digest(date=DAY, subject=subject(sections), sections=sections)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    digest = sample()
    links = {
        "page_url": "https://track.example.com",
        "unsubscribe": mail.unsubscribe_url("https://api.example.com", "k1.YWxpY2U.c2ln"),
    }
    (OUT / "digest.html").write_text(mail.render_html(digest, **links))
    (OUT / "digest.txt").write_text(mail.render_text(digest, **links))
    (OUT / "unsubscribe.html").write_text(mail.unsubscribe_page(done=False, action="#"))
    (OUT / "unsubscribed.html").write_text(mail.unsubscribe_page(done=True, action="#"))
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
