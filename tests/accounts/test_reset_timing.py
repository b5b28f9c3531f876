"""Issue 17.1: asking for a reset link takes the same time whether the address is known or not.

Compared by distributions, never by a timed assert: the response times of many requests for a known and an
unknown address, interleaved at random, are compared with the two-sample Kolmogorov–Smirnov statistic
(the largest gap between their cumulative distributions). Only the time to the response counts: what happens
once it is closed (the lookup, the link, the e-mail) is what the design moves out of it. A second test shows
that the comparison does see a difference as small as a database lookup made inside the request.
"""
from __future__ import annotations

import math
import random
import time

from app.auth import reset
from app.auth import services as auth_services
from tests.accounts.conftest import served

SAMPLES = 80
# The critical value of the statistic at a 0.1 % level: c(α) · √((n + m) / (n · m)), c(0.001) = 1.95.
CRITICAL = 1.95 * math.sqrt(2 / SAMPLES)


def ks_statistic(first: list[float], second: list[float]) -> float:
    """The largest vertical gap between the empirical cumulative distributions of two samples."""
    points = sorted(first + second)
    a, b = sorted(first), sorted(second)
    gap, i, j = 0.0, 0, 0
    for point in points:
        while i < len(a) and a[i] <= point:
            i += 1
        while j < len(b) and b[j] <= point:
            j += 1
        gap = max(gap, abs(i / len(a) - j / len(b)))
    return gap


def response_times(client, known: str, unknown: str) -> tuple[list[float], list[float]]:
    order = [known] * SAMPLES + [unknown] * SAMPLES
    random.Random(17).shuffle(order)
    times = {known: [], unknown: []}
    for email in [known, unknown] * 5 + order:  # the first ten warm up, and are dropped below
        started = time.perf_counter()
        response = client.post("/api/v1/password-reset", json={"email": email})
        times[email].append(time.perf_counter() - started)
        assert response.status_code == 202
        served(response)  # the link is made and sent now, outside the measured time
    return times[known][5:], times[unknown][5:]


def test_known_and_unknown_addresses_answer_in_times_of_the_same_distribution(app, client, people, smtp):
    app.config.update(RESET_LIMIT_PER_EMAIL="1000 per hour", RESET_LIMIT_PER_CLIENT="1000 per hour")
    known, unknown = response_times(client, people["member_a"].email, "nobody@nowhere.example")
    assert len(smtp.envelopes) == SAMPLES + 5  # the known address did get its links
    assert ks_statistic(known, unknown) < CRITICAL, (sorted(known)[SAMPLES // 2], sorted(unknown)[SAMPLES // 2])


def test_the_comparison_sees_a_lookup_made_inside_the_request(app, client, people, monkeypatch):
    """The same measure, with the person looked up (and a link made) inside the request: the gap shows."""
    app.config.update(RESET_LIMIT_PER_EMAIL="1000 per hour", RESET_LIMIT_PER_CLIENT="1000 per hour")

    def ask_inside(email: str) -> None:
        if auth_services.find_person(email) is not None:
            reset.create_link(auth_services.find_person(email), now=reset.utcnow())
            time.sleep(0.002)  # the mail queued, as a lookup-then-write costs at least
    monkeypatch.setattr(reset, "ask", ask_inside)
    known, unknown = response_times(client, people["member_a"].email, "nobody@nowhere.example")
    assert ks_statistic(known, unknown) >= CRITICAL
