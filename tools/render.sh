#!/usr/bin/env bash
# Prints a workbook as finance would: LibreOffice (headless) turns BOOK.xlsx into DIR/BOOK.pdf with
# each sheet's own page setup, poppler-utils turns every page into DIR/BOOK-NN.png (96 dpi) and its
# text into DIR/BOOK.txt (laid out as on the page), so that anyone can look at what a reviewer sees.
# Prints the page count.
# Usage: tools/render.sh BOOK.xlsx DIR
set -euo pipefail
book=$(realpath "$1")
dir=$2
mkdir -p "$dir"
dir=$(realpath "$dir")
name=$(basename "$book" .xlsx)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$dir" "$book" >/dev/null 2>&1
pdftotext -layout "$dir/$name.pdf" "$dir/$name.txt"
rm -f "$dir/$name"-*.png
pdftoppm -r 96 -png "$dir/$name.pdf" "$dir/$name"
pdfinfo "$dir/$name.pdf" | sed -n 's/^Pages: *//p'
