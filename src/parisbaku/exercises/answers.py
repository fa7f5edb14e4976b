"""The computations an exercise's ``compute:`` names, by that name.

Each computes an expected answer (or a typical wrong one) from data/; it lives beside
its domain (the article, the claims, the timeline, the tables, the places, the
measures) and is registered here. A new computation: write it in its domain module,
test it there, and add one line below."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import article, claims, measures, places, tables, timeline

COMPUTE: dict[str, Callable[..., Any]] = {
    "article_paragraphs_with": article.find,
    "article_occurrences": article.occurrences,
    "article_paragraphs_with_any": article.paragraphs_with_any,
    "opinion_only_paragraphs": claims.opinion_only_paragraphs,
    "days_between": timeline.days_between,
    "timeline_order": timeline.in_order,
    "table_value": tables.value,
    "table_values": tables.values,
    "table_difference": tables.difference,
    "table_relative_change": tables.relative_change,
    "path_km": measures.path_km,
    "mercator_path_km": measures.mercator_path_km,
    "degrees_path_km": measures.degrees_path_km,
    "area_km2": measures.area_km2,
    "containing_district": places.containing_district,
    "expected_district": places.expected_district,
    "misplaced": places.misplaced,
}
