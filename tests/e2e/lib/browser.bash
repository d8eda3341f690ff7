# Headless Chromium for looking at what the tools draw: render_png FILE_OR_URL OUT.png W H.
# Chromium runs with a fresh profile in the scratch folder and without its background
# networking (nothing leaves the machine); pages are files or 127.0.0.1 URLs only.
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[[ -n $CHROMIUM ]] || die "chromium is needed to look at charts and pages (scripts/setup installs it)"

render_png() {
  local what=$1 png=$2 width=$3 height=$4 url
  case $what in
    http://127.0.0.1:* | file://*) url=$what ;;
    *) url="file://$(realpath "$what")" ;;
  esac
  rm -f "$png"
  timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$scratch/chromium-profile" --hide-scrollbars \
    --window-size="$width,$height" --screenshot="$png" "$url" >"$scratch/chromium.log" 2>&1
  [[ -s $png ]] || die "chromium drew nothing for $what: $(tail -3 "$scratch/chromium.log")"
}
