from tests.votes.conftest import amendment, amended, charter  # noqa: F401  (fixtures)
