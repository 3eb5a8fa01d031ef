"""What Kazakhstan's Foreign Ministry said about investigations, as a DataFrame.

Loads the ministry's statements on investigations from claimgraph's CSV export
(the same filters as GraphQL's StatementFilter) into pandas and prints them;
then asks GraphQL for statements on investigations per month and organization
in one two-way count (statementCounts by MONTH, thenBy OWN_ORGANIZATION), pivots
it, and plots it.

    pip install pandas requests matplotlib
    python examples/analyst.py --url http://127.0.0.1:8000 --plot investigations.png
"""

import argparse
import io

import matplotlib

matplotlib.use("Agg")  # draw to a file; no display needed

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import requests  # noqa: E402

MONTH_BY_ORGANIZATION = """query($filter: StatementFilter) {
  statementCounts(filter: $filter, by: MONTH, thenBy: OWN_ORGANIZATION) {
    key
    breakdown { label count }
  }
}"""


def export(url: str, **filters: str) -> pd.DataFrame:
    """The statements matching `filters`, one row each."""
    response = requests.get(f"{url}/export/statements.csv", params=filters, timeout=60)
    response.raise_for_status()
    return pd.read_csv(io.StringIO(response.text), dtype={"date": str})


def graphql(url: str, query: str, variables: dict) -> dict:
    """The `data` of a GraphQL request; its errors raised."""
    response = requests.post(f"{url}/graphql", json={"query": query, "variables": variables}, timeout=60)
    response.raise_for_status()
    answer = response.json()
    if answer.get("errors"):
        raise RuntimeError(answer["errors"])
    return answer["data"]


def per_month(url: str, **filters: str) -> pd.DataFrame:
    """Statements matching `filters` per month (rows) and organization
    (columns), from one count. Statements dated only to a year (key `2022`)
    or not at all (key null) are left out of the months."""
    buckets = graphql(url, MONTH_BY_ORGANIZATION, {"filter": filters})["statementCounts"]
    rows = [
        # Statements made on behalf of no organization are labelled
        # "(no organization)".
        {"month": month["key"], "organization": group["label"], "statements": group["count"]}
        for month in buckets
        if month["key"] is not None and len(month["key"]) == 7
        for group in month["breakdown"]
    ]
    frame = pd.DataFrame(rows, columns=["month", "organization", "statements"])
    return frame.pivot_table(
        index="month", columns="organization", values="statements", aggfunc="sum", fill_value=0
    ).sort_index()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--plot", default="investigations.png")
    args = parser.parse_args()

    mfa = export(args.url, organization="Kazakh MFA", topic="investigation")
    print(f"{len(mfa)} statements by the Kazakh MFA on investigations")
    print(mfa[["date", "language", "speaker", "text"]].to_string(index=False, max_colwidth=80))

    counts = per_month(args.url, topic="investigation")
    print(counts.to_string())
    axes = counts.plot(kind="bar", stacked=True, figsize=(9, 5), title="Statements on investigations per month")
    axes.set_xlabel("month")
    axes.set_ylabel("statements")
    plt.tight_layout()
    plt.savefig(args.plot)
    print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()
