#!/usr/bin/env bash
# The README's pre-commit hook as users get it: `pre-commit try-repo` against this repository (its working tree,
# uncommitted changes included), from a fresh git repository holding two journeys. pre-commit's node hooks run
# `npm install` in a clone, `npm pack`, then `npm install -g` of the tarball; browser downloads are made
# impossible, so a hook install that tried one fails here. Run by .ci/run; needs Node, npm, git and pre-commit.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v pre-commit >/dev/null; then
  echo "pre-commit is not installed (Debian/Ubuntu: apt-get install pre-commit; elsewhere: pipx install pre-commit)" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project/journeys"
cp "$repo/journeys/retail-return.journey.yaml" "$work/project/journeys/returns.journey.yaml"  # warnings only: passes
cp "$repo/journeys/card-dispute.journey.yaml" "$work/project/journeys/dispute.journey.yaml"   # an error: fails
cd "$work/project"
git init -q
git add .
export PRE_COMMIT_HOME="$work/pre-commit-home" PUPPETEER_DOWNLOAD_BASE_URL=http://127.0.0.1:9 npm_config_prefer_offline=true NO_COLOR=1
unset PUPPETEER_SKIP_DOWNLOAD PUPPETEER_SKIP_CHROME_DOWNLOAD

status=0
pre-commit try-repo "$repo" journey-audit --files journeys/returns.journey.yaml > "$work/pass.log" 2>&1 || status=$?
if [ "$status" -ne 0 ] || ! grep -q '^journey-audit\.*Passed$' "$work/pass.log"; then
  cat "$work/pass.log" >&2
  echo "FAIL: the hook should install and pass on a journey with warnings only (exit $status)" >&2
  exit 1
fi
status=0
pre-commit try-repo "$repo" journey-audit --files journeys/dispute.journey.yaml > "$work/fail.log" 2>&1 || status=$?
if [ "$status" -ne 1 ] || ! grep -q '^journey-audit\.*Failed$' "$work/fail.log" || ! grep -q 'capability-gap' "$work/fail.log"; then
  cat "$work/fail.log" >&2
  echo "FAIL: the hook should fail on a journey with an error and name the rule (exit $status)" >&2
  exit 1
fi
echo "pre-commit try-repo: the journey-audit hook installs, passes a journey with warnings and fails one with an error"
