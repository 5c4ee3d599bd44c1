#!/bin/sh
# Regenerates the PDF fixtures from their groff sources (Debian packages
# groff, ghostscript and qpdf). The tests read the committed PDFs, and
# TestPDFFromGroff also regenerates the text ones when groff is there.
set -e
cd "$(dirname "$0")"
groff -ms -Kutf8 -Tpdf < partnership-en.ms > partnership-en.pdf
groff -mden -ms -Kutf8 -Tpdf < partnership-de.ms > partnership-de.pdf
groff -ms -Kutf8 -Tpdf < two-columns.ms > two-columns.pdf
# the first page as a picture only, as a scanner makes it
gs -q -sDEVICE=pdfimage24 -r60 -dLastPage=1 -o scanned.pdf partnership-de.pdf
qpdf --encrypt secret owner 256 -- partnership-de.pdf encrypted-aes256.pdf
qpdf --allow-weak-crypto --encrypt secret owner 128 --use-aes=n -- partnership-de.pdf encrypted-rc4.pdf
qpdf --allow-weak-crypto --encrypt "" owner 128 --use-aes=y -- partnership-de.pdf owner-password-only.pdf
