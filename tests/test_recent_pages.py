"""A process's memory of the pages it served: bounded, least recently used
first out, and never a page of a replaced content generation."""

from dataclasses import dataclass

from geo.recent_pages import RecentPages


@dataclass
class Page:
    generation: str
    size: int = 100


def test_a_page_counts_only_under_its_own_generation():
    pages = RecentPages(budget_bytes=1000)
    pages.put("/en/", Page("g1"))
    assert pages.get("/en/", "g1") is not None
    assert pages.get("/en/", "g2") is None
    assert pages.get("/en/", "g1") is None  # dropped once seen stale


def test_memory_stays_within_its_budget_dropping_the_least_recently_used():
    pages = RecentPages(budget_bytes=300)
    for key in ("a", "b", "c"):
        pages.put(key, Page("g"))
    pages.get("a", "g")  # now the most recent
    pages.put("d", Page("g"))
    assert [key for key in "abcd" if pages.get(key, "g")] == ["a", "c", "d"]


def test_a_page_larger_than_the_budget_is_not_kept():
    pages = RecentPages(budget_bytes=300)
    pages.put("huge", Page("g", size=301))
    assert pages.get("huge", "g") is None


def test_storing_a_page_again_replaces_it_without_counting_it_twice():
    pages = RecentPages(budget_bytes=300)
    for _ in range(10):
        pages.put("a", Page("g"))
    pages.put("b", Page("g"))
    pages.put("c", Page("g"))
    assert all(pages.get(key, "g") for key in "abc")
