#!/usr/bin/env bash
# `digest-index rss` against a local copy of an rss.arxiv.org listing (Thu 28 Nov 2024, 1504
# announcements): the listing is a digest of its own (date, topic arxiv-<categories>, section
# from the announce type), a second run is a conditional request, an empty listing is no error.
. "$DIGEST_TESTS/tools/network_test_lib.sh"
start_server
DB="$WORK/db"

run 0 --db "$DB" rss cs.SD eess.AS --rss-url "$BASE/rss/"
expect_in "$WORK/out" \
    "arXiv RSS cs.SD+eess.AS, 2024-11-28: 1,504 announcements (926 new, 569 replaced, 9 cross) → 1,504 papers (1,504 new)"
requests 'r["path"] == "/rss/cs.SD+eess.AS"' | grep -q '"status": 200' || fail "feed URL"
[ "$(stats_field "$DB" 'j["papers"], j["appearances"], j["digests"]')" = "1504 1504 1" ] ||
    fail "1504 papers in one digest"
[ "$(stats_field "$DB" 'list(j["topics"])')" = "['arxiv-cs.sd+eess.as']" ] || fail "topic"
[ "$(stats_field "$DB" 'j["first_date"], j["last_date"]')" = "2024-11-28 2024-11-28" ] ||
    fail "announcement date"
[ "$(stats_field "$DB" 'j["sections"]')" = "{'cross': 9, 'new': 926, 'replaced': 569}" ] ||
    fail "sections"
cross=$(paper_data "$DB" 2202.06515)
for expected in \
    '"appearances":[{"date":"2024-11-28","number":927,"section":"cross","topic":"arxiv-cs.sd+eess.as","version":3}]' \
    '"doi":"10.1063/5.0236964"' '"primary":"astro-ph.CO"' '"from_arxiv":true' \
    '"categories":["astro-ph.CO","astro-ph.GA","physics.flu-dyn"]'; do
    echo "$cross" | grep -qF -- "$expected" || fail "2202.06515 lacks $expected: $cross"
done

# Again: If-None-Match is sent, 304 comes back, nothing is written.
snapshot "$DB" >"$WORK/before"
run 0 --db "$DB" rss cs.SD eess.AS --rss-url "$BASE/rss/"
expect_in "$WORK/out" "arXiv RSS cs.SD+eess.AS: unchanged since the last run, skipped"
requests 'r["path"] == "/rss/cs.SD+eess.AS"' | tail -1 | grep -q '"status": 304' ||
    fail "the second request is answered 304"
snapshot "$DB" >"$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || fail "an unchanged listing changed the database"
# --force reads it again: it replaces its own appearances, it does not add more.
run 0 --db "$DB" rss --force cs.SD eess.AS --rss-url "$BASE/rss/"
[ "$(stats_field "$DB" 'j["papers"], j["appearances"]')" = "1504 1504" ] ||
    fail "a listing read twice is counted twice"

# A digest paper listed by RSS keeps its digest appearance and gains the RSS one.
run 0 --db "$DB" -q add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
[ "$(stats_field "$DB" 'j["digests"], j["appearances"]')" = "2 1526" ] || fail "two digests"

# An empty listing (no announcements on that day) is not an error and writes nothing.
run 0 --db "$WORK/empty" rss test --rss-url "$BASE/rss/"
expect_in "$WORK/out" "arXiv RSS test, 2024-11-28: no announcements in this listing"
[ ! -e "$WORK/empty" ] || fail "an empty listing created a database"

# A sharded database: the listing split among the shards is the one database's, and the next
# run is a conditional request again (every shard recorded the same response).
run 0 --db "$WORK/sharded" -q add --shards 3 "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
run 0 --db "$WORK/sharded" rss cs.SD eess.AS --rss-url "$BASE/rss/"
"$DIGEST_DUMP_DB" "$DB" >"$WORK/one.dump"
"$DIGEST_DUMP_DB" "$WORK/sharded" | cmp -s - "$WORK/one.dump" ||
    fail "rss into 3 shards: not the one database's papers"
run 0 --db "$WORK/sharded" rss cs.SD eess.AS --rss-url "$BASE/rss/"
expect_in "$WORK/out" "arXiv RSS cs.SD+eess.AS: unchanged since the last run, skipped"
"$DIGEST_INDEX" --db "$WORK/sharded" -q check || fail "check of the sharded database"

# A spelling table takes no papers, from a feed either: refused before any request.
run 0 --db "$WORK/table" -q spelling "$DB"
snapshot "$WORK/table" >"$WORK/table.before"
asked=$(count_requests 'r["path"].startswith("/rss/")')
run 2 --db "$WORK/table" rss cs.SD eess.AS --rss-url "$BASE/rss/"
expect_in "$WORK/err" "is a spelling table (digest-index spelling), not a database of papers"
snapshot "$WORK/table" | cmp -s - "$WORK/table.before" || fail "rss changed a spelling table"
[ "$(count_requests 'r["path"].startswith("/rss/")')" = "$asked" ] ||
    fail "rss into a spelling table fetched the feed before refusing"
echo "arXiv RSS: ok"
