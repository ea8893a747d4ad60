#!/usr/bin/env bash
# Prints a UTC moment for a second test run under faketime, chosen from today's date so that it moves from day to day:
# one of the days the calendar makes hard, or a day well beyond the seeded calendar.
#
#   bash scripts/shifted-date.sh            # e.g. 2027-02-04 12:00:00
#   bash scripts/shifted-date.sh 2026-12-05 # the choice on another day
set -euo pipefail

day=${1:-$(date -u +%F)}
epoch_days=$(( $(date -u -d "$day" +%s) / 86400 ))

moments=(
    "2027-02-04 12:00:00"   # 20:00 in Beijing on the eve of the 2027 Spring Festival holiday
    "2027-12-31 15:30:00"   # 23:30 in Beijing on New Year's Eve: the year is about to differ between UTC and China
    "2027-03-06 02:30:00"   # 10:30 on a Saturday in Beijing, while weekend classes are on
    "2029-06-01 02:00:00"   # past the years the statutory calendar seeds
)
index=$(( epoch_days % (${#moments[@]} + 1) ))
if [ "$index" -lt "${#moments[@]}" ]; then
    echo "${moments[$index]}"
else
    # Some 400 to 800 days ahead of the run, at a time of day that moves too.
    ahead=$(( 400 + (epoch_days * 37) % 400 ))
    minute=$(( (epoch_days * 97) % 1440 ))
    date -u -d "$day + $ahead days + $minute minutes" '+%F %T'
fi
