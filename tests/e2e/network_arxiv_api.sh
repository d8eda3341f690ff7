#!/usr/bin/env bash
# `digest-index arxiv` against a local stand-in for the arXiv query API: polite paging
# (pages of at most 100, --delay between them), ids old and new, and the merge of an API
# record into a paper that a digest listed (summary and appearances kept; DOI, primary
# category and dates added), checked in the stored document with xapian-delve.
. "$DIGEST_TESTS/tools/network_test_lib.sh"
start_server
API="$BASE/api/query"

# Paging: --max 150 is two requests, start=0 (100 results) and start=100 (50).
run 0 --db "$WORK/paged" arxiv --query 'cat:cs.SD AND ti:speech' --max 150 --delay 1 \
    --api-url "$API"
expect_in "$WORK/out" "arXiv API: 2 requests, 150 records → 150 papers (150 new)"
pages=$(requests 'r["path"] == "/api/query"' | "$PYTHON" -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    q = r["query"]
    print(r["t"], q["search_query"][0], q["start"][0], q["max_results"][0], q["sortBy"][0])')
[ "$(echo "$pages" | cut -d" " -f2-)" = "cat:cs.SD AND ti:speech 0 100 submittedDate
cat:cs.SD AND ti:speech 100 50 submittedDate" ] || fail "pages: $pages"
"$PYTHON" -c 'import sys; a, b = map(float, sys.argv[1:]); assert b - a >= 0.95, (a, b)' \
    $(echo "$pages" | cut -d" " -f1) || fail "--delay 1 not kept between pages: $pages"
[ "$(stats_field "$WORK/paged" 'j["papers"]')" = 150 ] || fail "150 papers expected"
# The API lists no digest: the papers have no appearance.
[ "$(stats_field "$WORK/paged" 'j["appearances"]')" = 0 ] || fail "API records have no appearance"
paper_data "$WORK/paged" 2601.00001 | grep -qF '"from_arxiv":true' || fail "from_arxiv"

# Fewer results than --max: paging stops at totalResults (250 here), in three requests.
run 0 --db "$WORK/all" arxiv --query 'all:testing' --max 1000 --delay 0 --sort relevance \
    --api-url "$API"
expect_in "$WORK/out" "arXiv API: 3 requests, 250 records"
requests 'r["path"] == "/api/query" and r["query"]["start"] == ["200"]' |
    grep -q '"max_results": \["100"\]' || fail "third page: start=200, max_results=100"
requests 'r["path"] == "/api/query"' | tail -1 | grep -q '"sortBy": \["relevance"\]' ||
    fail "--sort relevance"

# The old API format (recorded in 2016), served as is: 10 entries of 31 results per page.
run 0 --db "$WORK/legacy" arxiv --query 'au:del_maestro' --max 10 --delay 0 \
    --api-url "$BASE/fixture/query-api/legacy-2016/search_query-au_del_maestro.xml"
expect_in "$WORK/out" "1 request, 10 records → 10 papers"
paper_data "$WORK/legacy" cond-mat/0412498 | grep -qF '"doi":"10.1103/PhysRevB.71.184511"' ||
    fail "old-style id cond-mat/0412498 with its DOI"

# Merge: a digest lists 2512.22166; the API adds what it knows.
DB="$WORK/merged"
run 0 --db "$DB" add "$BASE/digests/20251230_Tue/audio.md"
before=$(paper_data "$DB" 2512.22166)
other_before=$(paper_data "$DB" 2512.22148)
echo "$before" | grep -qF '"primary":"cs.SD"' || fail "the digest's primary is its first category"
echo "$before" | grep -qF '"doi"' && fail "no DOI before the API"
run 0 --db "$DB" arxiv --id 2512.22166 quant-ph/0201082v1 astro-ph/0601001 --delay 0 \
    --api-url "$API"
expect_in "$WORK/out" "arXiv API: 1 request, 3 records → 3 papers (2 new)"
requests 'r["path"] == "/api/query"' | tail -1 |
    grep -qF '"id_list": ["2512.22166,quant-ph/0201082v1,astro-ph/0601001"]' ||
    fail "one id_list request with the ids as given"
after=$(paper_data "$DB" 2512.22166)
for kept in '"summary":"该论文属于文本到音频生成任务' \
    '"appearances":[{"date":"2025-12-30","number":1,"section":"new","topic":"audio","version":1}]' \
    '"title":"AudioGAN: A Compact and Efficient Framework for Real-Time High-Fidelity Text-to-Audio Generation"' \
    '"text_source":"2025-12-30'; do
    echo "$after" | grep -qF -- "$kept" || fail "the merge lost $kept: $after"
done
for added in '"doi":"10.5555/digest-search.test.2512.22166"' '"primary":"eess.AS"' \
    '"published":"2025-12-26"' '"updated":"2025-12-29"' '"version":2' '"from_arxiv":true' \
    '"journal_ref":"Proc. AES AIMLA 2025 (test record)"' '"categories":["eess.AS","cs.SD","cs.AI"]'; do
    echo "$after" | grep -qF -- "$added" || fail "the merge did not add $added: $after"
done
# The other papers of the digest are untouched, and the appearances still count 22.
[ "$(stats_field "$DB" 'j["appearances"]')" = 22 ] || fail "appearances changed"
[ "$(paper_data "$DB" 2512.22148)" = "$other_before" ] || fail "a paper the API did not list changed"
paper_data "$DB" quant-ph/0201082 | grep -qF '"categories":["quant-ph","cs.PL"]' ||
    fail "old-style id quant-ph/0201082"
paper_data "$DB" astro-ph/0601001 | grep -qF '"journal_ref":"ActaAstron.56:1-50,2006"' ||
    fail "old-style id astro-ph/0601001"
# The same request again changes nothing.
snapshot_before=$(stats_field "$DB" 'j["papers"], j["appearances"]')
data_before=$(paper_data "$DB" 2512.22166)
run 0 --db "$DB" arxiv --id 2512.22166 --delay 0 --api-url "$API"
[ "$(paper_data "$DB" 2512.22166)" = "$data_before" ] || fail "merging twice is not idempotent"
[ "$(stats_field "$DB" 'j["papers"], j["appearances"]')" = "$snapshot_before" ] || fail "idempotent"

# An id arXiv does not know: the others are written, the missing one is an error (exit 1).
run 1 --db "$DB" arxiv --id 1707.08567 0808.05394 --delay 0 --api-url "$API"
expect_in "$WORK/err" "error: arXiv has no paper with id 0808.05394"
paper_data "$DB" 1707.08567 | grep -qF '"Dirk Wübben"' || fail "1707.08567 written, names repaired"

# A sharded database: the records are split among the shards, and the shards searched as one
# hold what one database holds.
run 0 --db "$WORK/sharded" -q add --shards 3 "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
run 0 --db "$WORK/sharded" arxiv --query 'cat:cs.SD AND ti:speech' --max 150 --delay 0 \
    --api-url "$API"
expect_in "$WORK/out" "arXiv API: 2 requests, 150 records → 150 papers (150 new)"
run 0 --db "$WORK/one" -q add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
run 0 --db "$WORK/one" -q arxiv --query 'cat:cs.SD AND ti:speech' --max 150 --delay 0 \
    --api-url "$API"
"$DIGEST_DUMP_DB" "$WORK/one" >"$WORK/one.dump"
"$DIGEST_DUMP_DB" "$WORK/sharded" | cmp -s - "$WORK/one.dump" ||
    fail "arxiv into 3 shards: not the one database's papers"
[ "$(stats_field "$WORK/sharded" 'j["shards"]')" = 3 ] || fail "3 shards"
"$DIGEST_INDEX" --db "$WORK/sharded" -q check || fail "check of the sharded database"

# A spelling table takes no papers, from the API either: refused before any request.
run 0 --db "$WORK/table" -q spelling "$WORK/one"
snapshot "$WORK/table" >"$WORK/table.before"
asked=$(count_requests 'r["path"] == "/api/query"')
run 2 --db "$WORK/table" arxiv --query 'cat:cs.SD AND ti:speech' --max 150 --delay 0 \
    --api-url "$API"
expect_in "$WORK/err" "is a spelling table (digest-index spelling), not a database of papers"
snapshot "$WORK/table" | cmp -s - "$WORK/table.before" || fail "arxiv changed a spelling table"
[ "$(count_requests 'r["path"] == "/api/query"')" = "$asked" ] ||
    fail "arxiv into a spelling table asked the API before refusing"
echo "arXiv API: ok"
