#!/usr/bin/env bash
# Fixture: indexes the whole shared corpus once into $DIGEST_CORPUS_DB, for the end-to-end
# tests marked "# needs: corpus-db". Fails (never skips) when the corpus is missing.
source "$(dirname "$0")/../lib/common.bash"
require_env DIGEST_INDEX DIGEST_SHARED DIGEST_CORPUS_DB

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"

rm -rf "$DIGEST_CORPUS_DB"
"$DIGEST_INDEX" --db "$DIGEST_CORPUS_DB" --quiet add "$corpus" || die "indexing the corpus failed"
papers=$("$DIGEST_INDEX" --db "$DIGEST_CORPUS_DB" stats --json | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["papers"])')
check_eq "corpus database papers" "$papers" 55266
finish
