"""What Kazakhstan's Foreign Ministry said about investigations, as a DataFrame.

Loads claimgraph's CSV export (the same filters as GraphQL's StatementFilter)
into pandas, prints the ministry's statements on investigations, and plots how
many statements on investigations each organization made per month.

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


def export(url: str, **filters: str) -> pd.DataFrame:
    """The statements matching `filters`, one row each."""
    response = requests.get(f"{url}/export/statements.csv", params=filters, timeout=60)
    response.raise_for_status()
    return pd.read_csv(io.StringIO(response.text), dtype={"date": str})


def per_month(frame: pd.DataFrame) -> pd.DataFrame:
    """Statements per month and organization; statements dated only to a year are left out."""
    dated = frame[frame["date"].fillna("").str.len() >= 7].copy()
    dated["month"] = dated["date"].str[:7]
    dated["organization"] = dated["organization"].fillna("(no organization)")
    return dated.groupby(["month", "organization"]).size().unstack(fill_value=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--plot", default="investigations.png")
    args = parser.parse_args()

    mfa = export(args.url, organization="Kazakh MFA", topic="investigation")
    print(f"{len(mfa)} statements by the Kazakh MFA on investigations")
    print(mfa[["date", "language", "speaker", "text"]].to_string(index=False, max_colwidth=80))

    counts = per_month(export(args.url, topic="investigation"))
    print(counts.to_string())
    axes = counts.plot(kind="bar", stacked=True, figsize=(9, 5), title="Statements on investigations per month")
    axes.set_xlabel("month")
    axes.set_ylabel("statements")
    plt.tight_layout()
    plt.savefig(args.plot)
    print(f"plot written to {args.plot}")


if __name__ == "__main__":
    main()
