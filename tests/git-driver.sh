#!/bin/sh
# Tests the git integration documented in the README ("mccc and git"):
#   - textconv: `git diff` shows rules files in mccc's canonical layout
#     (.gitattributes "*.mccc diff=mccc" + diff.mccc.textconv "mccc fmt"), so
#     a coefficient change is one readable line and a layout-only commit
#     shows nothing;
#   - difftool: `git difftool -t mccc` runs `mccc diff OLD NEW`, the semantic
#     diff (difftool.mccc.cmd 'mccc diff "$LOCAL" "$REMOTE"; test $? -le 1':
#     status 1, "the files differ", is not a failure for git; 2 is).
# It works in a throwaway repository in a temporary directory; nothing of the
# project's repository or of the user's git configuration is touched (every
# setting is given with -c or in the throwaway repository).
#
# Usage: sh tests/git-driver.sh [PATH-TO-MCCC]   (default: ./mccc)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
mccc=${1:-$root/mccc}
mccc=$(cd "$(dirname "$mccc")" && pwd)/$(basename "$mccc")
real="$root/rules/but-info-rodez-2025-2026.mccc"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
ko() { echo "FAIL $1"; fail=1; [ -f "$tmp/out" ] && sed 's/^/    /' "$tmp/out" | head -30; }

command -v git >/dev/null 2>&1 || { echo "git-driver: git not installed"; exit 2; }
[ -x "$mccc" ] || { echo "git-driver: $mccc is not executable"; exit 2; }

repo="$tmp/repo"
mkdir "$repo" && cd "$repo" || exit 2
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp" GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.org \
  GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.org
git init -q . || exit 2
echo '*.mccc diff=mccc' >.gitattributes
cp "$real" regulation.mccc
git add .gitattributes regulation.mccc && git commit -q -m "2025-2026" && git tag v0 || exit 2
# v1: a coefficient change (the test variant: SAE1.03 40 -> 20 in UE1.3)
sed 's/^\(      SAE1\.03  *\)40 /\120 /' "$real" >regulation.mccc
git commit -q -am "variante : coefficient" && git tag v1 || exit 2
# v2: the same file laid out differently (code lines indented, keywords without
# accents; comments untouched): no semantic change
sed '/^ *#/!s/^/  /; s/^\( *\)SAÉ /\1SAE /; s/^\( *\)compétence /\1competence /' regulation.mccc >fmt.tmp &&
  mv fmt.tmp regulation.mccc
git commit -q -am "mise en page" && git tag v2 || exit 2
# v3: a file that does not resolve (an RCUE pairs UEs of two competences)
sed 's/UE1\.6 + UE2\.6/UE1.6 + UE2.5/' regulation.mccc >broken.tmp && mv broken.tmp regulation.mccc
git commit -q -am "erreur" && git tag v3 || exit 2

textconv="diff.mccc.textconv=$mccc fmt"
difftool="difftool.mccc.cmd=\"$mccc\" diff \"\$LOCAL\" \"\$REMOTE\"; test \$? -le 1"

# textconv: the coefficient commit is one changed line of the canonical layout
git -c "$textconv" diff v0 v1 -- regulation.mccc >"$tmp/out" 2>&1
if [ "$(grep -c '^[-+] ' "$tmp/out")" = 2 ] && grep -q '^-  *SAE1\.03  *40 ' "$tmp/out" &&
   grep -q '^+  *SAE1\.03  *20 ' "$tmp/out"; then
  ok "textconv: the coefficient change is one line"
else
  ko "textconv: the coefficient change is one line"
fi

# textconv: the layout-only commit shows no line at all
git -c "$textconv" diff v1 v2 -- regulation.mccc >"$tmp/out" 2>&1
if [ ! -s "$tmp/out" ]; then ok "textconv: a layout-only commit shows nothing"
else ko "textconv: a layout-only commit shows nothing"; fi

# without textconv, the same commit is hundreds of lines (the test is meaningful)
git diff v1 v2 -- regulation.mccc >"$tmp/out" 2>&1
if [ "$(grep -c '^[-+] ' "$tmp/out")" -gt 100 ]; then ok "plain git diff: the layout commit is large"
else ko "plain git diff: the layout commit is large"; fi

# difftool: the semantic diff of the coefficient commit
git -c "$difftool" difftool --no-prompt -t mccc v0 v1 -- regulation.mccc >"$tmp/out" 2>&1
if grep -q 'coefficient de SAE1\.03 (pôle SAÉ) : 40 → 20' "$tmp/out" && grep -q '^2 changements$' "$tmp/out"; then
  ok "difftool: mccc diff reports the coefficient"
else
  ko "difftool: mccc diff reports the coefficient"
fi

# difftool: the layout-only commit is no semantic change (exit 0 with --trust-exit-code)
git -c "$difftool" difftool --no-prompt --trust-exit-code -t mccc v1 v2 -- regulation.mccc >"$tmp/out" 2>&1
st=$?
if [ $st = 0 ] && grep -q 'aucun changement sémantique' "$tmp/out"; then
  ok "difftool: a layout-only commit is no semantic change"
else
  ko "difftool: a layout-only commit is no semantic change (status $st)"
fi

# difftool --trust-exit-code: a change is not a failure, a broken file is
git -c "$difftool" difftool --no-prompt --trust-exit-code -t mccc v0 v1 -- regulation.mccc >"$tmp/out" 2>&1
st=$?
if [ $st = 0 ]; then ok "difftool --trust-exit-code: status 0 on a change"
else ko "difftool --trust-exit-code: status 0 on a change (status $st)"; fi
git -c "$difftool" difftool --no-prompt --trust-exit-code -t mccc v2 v3 -- regulation.mccc >"$tmp/out" 2>&1
st=$?
if [ $st != 0 ] && grep -q 'a des erreurs' "$tmp/out"; then ok "difftool --trust-exit-code: failure on a broken file"
else ko "difftool --trust-exit-code: failure on a broken file (status $st)"; fi

# the same through .git/config, as the README writes it
git config diff.mccc.textconv "$mccc fmt"
git config difftool.mccc.cmd "\"$mccc\" diff \"\$LOCAL\" \"\$REMOTE\"; test \$? -le 1"
git log -p --format=%s v0..v2 -- regulation.mccc >"$tmp/out" 2>&1
if grep -q '^+  *SAE1\.03  *20 ' "$tmp/out"; then ok "git config: git log -p uses the textconv"
else ko "git config: git log -p uses the textconv"; fi
git difftool --no-prompt -t mccc v0 v1 -- regulation.mccc >"$tmp/out" 2>&1
if grep -q 'coefficient de SAE1\.03 (pôle SAÉ) : 40 → 20' "$tmp/out"; then ok "git config: git difftool -t mccc"
else ko "git config: git difftool -t mccc"; fi

if [ $fail = 0 ]; then echo "git-driver: all passed"; else echo "git-driver: FAILED"; fi
exit $fail
