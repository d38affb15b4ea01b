#!/bin/sh
# Regenerates the reader's cross-format fixtures in this folder.
#   formats.xlsx  written by the engine test `read::tests::write_formats_fixture`
#   formats.xls   LibreOffice's conversion of formats.xlsx (Excel 97-2003)
#   formats.ods   LibreOffice's conversion of formats.xlsx (OpenDocument)
# Made with LibreOffice 7.4.7.2. The test `read::tests::same_table_from_xlsx_xls_and_ods`
# checks that all three read to the same table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../../.."
cargo test -p rapport-engine --lib read::tests::write_formats_fixture -- --ignored
profile=$(mktemp -d)
for fmt in xls ods; do
    soffice -env:UserInstallation=file://"$profile" --headless \
        --convert-to "$fmt" --outdir "$here" "$here/formats.xlsx"
done
rm -rf "$profile"
