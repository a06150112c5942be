"""Where the project and its bundled demo live (imported by tests; conftest is not a module)."""

from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
DEMO_CONTENT = PROJECT / "content"
DEMO_REVIEW = DEMO_CONTENT / "reviews" / "eastmoor-child-t-2024"
