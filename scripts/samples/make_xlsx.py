#!/usr/bin/env python3
"""Builds the sample .xlsx files of the seeded catalog from their CSV counterparts.

For every distribution of format "xlsx" in cms/seed/datasets/*.json whose downloadURL is
/data/<dataset>/<name>.xlsx, reads public/data/<dataset>/<name>.csv and writes
public/data/<dataset>/<name>.xlsx next to it. Columns typed integer/number in the dataset's
data dictionary become numeric cells, boolean columns boolean cells, everything else inline
strings. Uses only the Python standard library (zipfile + minimal SpreadsheetML parts), and the
output is byte-for-byte reproducible (fixed timestamps), so byteSize/checksum in the seed stay valid.

    python3 scripts/samples/make_xlsx.py            # all xlsx distributions of the seed
    python3 scripts/samples/make_xlsx.py --check    # only report files that differ from the seed
"""
import csv
import glob
import hashlib
import io
import json
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SEED = os.path.join(ROOT, 'cms', 'seed', 'datasets')
PUBLIC = os.path.join(ROOT, 'public')
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
NUM = re.compile(r'^-?(0|[1-9][0-9]*)(\.[0-9]+)?$')

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                 '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                 '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                 '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
                 '</Relationships>')
# style 0: default; style 1: bold (header row)
STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
          '</styleSheet>')


def col_name(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def clean(text):
    # characters not allowed in XML 1.0
    return ''.join(ch for ch in text if ch in '\t\n\r' or ord(ch) >= 0x20)


def cell(ref, value, kind, style=0):
    s = f' s="{style}"' if style else ''
    if value == '':
        return ''
    if kind in ('integer', 'number') and NUM.match(value):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if kind == 'boolean' and value in ('true', 'false'):
        return f'<c r="{ref}"{s} t="b"><v>{1 if value == "true" else 0}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(clean(value))}</t></is></c>'


def sheet_xml(rows, types):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
           '<sheetData>']
    header = rows[0]
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            kind = 'string' if r == 1 else types.get(header[c], 'string')
            cells.append(cell(f'{col_name(c)}{r}', value, kind, 1 if r == 1 else 0))
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append('</sheetData>')
    if len(rows) > 1:
        out.append(f'<autoFilter ref="A1:{col_name(len(header) - 1)}{len(rows)}"/>')
    out.append('</worksheet>')
    return ''.join(out)


def build(csv_path, xlsx_path, types, sheet_name='du_lieu'):
    with open(csv_path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f))
    parts = [
        ('[Content_Types].xml', CONTENT_TYPES),
        ('_rels/.rels', ROOT_RELS),
        ('xl/workbook.xml', WORKBOOK.format(name=escape(sheet_name[:31]))),
        ('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
        ('xl/styles.xml', STYLES),
        ('xl/worksheets/sheet1.xml', sheet_xml(rows, types)),
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode('utf-8'))
    data = buf.getvalue()
    with open(xlsx_path, 'wb') as f:
        f.write(data)
    return data


def targets():
    for path in sorted(glob.glob(os.path.join(SEED, '*.json'))):
        with open(path, encoding='utf-8') as f:
            datasets = json.load(f)
        for ds in datasets:
            types = {fld['name']: fld['type'] for fld in ds.get('dataDictionary', [])}
            for dist in ds.get('distribution', []):
                url = dist.get('downloadURL') or ''
                if dist.get('format') == 'xlsx' and url.startswith('/data/') and url.endswith('.xlsx'):
                    xlsx = os.path.join(PUBLIC, url.lstrip('/'))
                    yield ds['id'], dist, xlsx[:-5] + '.csv', xlsx, types


def main():
    check = '--check' in sys.argv
    bad = 0
    for ds_id, dist, src, dst, types in targets():
        if not os.path.exists(src):
            print(f'✗ {ds_id}: missing {os.path.relpath(src, ROOT)}')
            bad += 1
            continue
        if check:
            data = open(dst, 'rb').read() if os.path.exists(dst) else b''
        else:
            data = build(src, dst, types)
        digest = hashlib.sha256(data).hexdigest()
        ok = dist.get('byteSize') == len(data) and (dist.get('checksum') or {}).get('value') == digest
        print(f'{"✓" if ok else "•"} {os.path.relpath(dst, ROOT)} {len(data)} bytes sha256 {digest}')
        bad += 0 if ok or not check else 1
    sys.exit(1 if bad else 0)


if __name__ == '__main__':
    main()
