#!/usr/bin/env python3
"""Writes the harnesses' seed corpora (fuzz/corpus/NAME/) from the project's own formats and
its real data (data/). Run once when a harness or a format changes; the seeds are committed, and
what the fuzzers find is added beside them by hand (a crash with its fix)."""
import json
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'fuzz', 'corpus')


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode('utf-8')
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


def js(o):
    return json.dumps(o, ensure_ascii=False, separators=(',', ':'))


# --- the case routes' bodies (first byte: 0 intake, 1 action, 2 generic) ---
intake = {"kind": "event", "category_code": "09009", "description": "北下街路口机动车乱停放，占用盲道",
          "location": {"lon": 113.7, "lat": 34.7}, "address": "北下街与商城路交叉口", "source": "grid_worker",
          "reporter": {"name": "李网格", "phone": "13800000000"}}
put('json_body', 'intake', b'\x00' + js(intake).encode())
put('json_body', 'intake_gcj02_urgent', b'\x00' + js(dict(intake, urgency="urgent", location={"lon": 113.7063, "lat": 34.6989, "crs": "gcj02"}, source="hotline")).encode())
put('json_body', 'intake_component', b'\x00' + js({"kind": "component_fault", "category_code": "01002", "description": "污水井盖缺失", "location": {"lon": 113.69, "lat": 34.75, "crs": "bd09"}, "source": "public_app"}).encode())
put('json_body', 'action_dispatch', b'\x01' + js({"expected_version": 3, "unit_code": "CGJ", "assist_units": ["YLJ"], "note": "请尽快处置"}).encode())
put('json_body', 'action_extension', b'\x01' + js({"expected_version": 5, "deadline": "2026-10-08T17:00:00+08:00", "note": "材料未到"}).encode())
put('json_body', 'action_whistle', b'\x01' + js({"expected_version": 7, "units": ["CGJ", "ZJJ"], "checkin_limit": "2wh", "note": "吹哨"}).encode())
put('json_body', 'action_checkin', b'\x01' + js({"expected_version": 8, "call": 1, "master_id": 12, "assist_waived": "已处理"}).encode())
put('json_body', 'generic', b'\x02' + js({"name": "王", "count": 3, "units": ["A"], "location": {"lon": 1.5}, "ids": [1, 2, 3]}).encode())
put('json_body', 'deep', b'\x00{"description":' + b'[' * 70 + b']' * 70 + b'}')
put('json_body', 'twice', b'\x00{"kind":"event","kind":"hazard"}')
put('json_body', 'huge_number', b'\x00{"location":{"lon":1e309,"lat":34.7}}')

# --- multipart: the Content-Type value, a newline, the body ---
png = b''  # filled below


def exif_with_gps():
    t = b'II*\x00\x08\x00\x00\x00'
    u16 = lambda v: struct.pack('<H', v)
    u32 = lambda v: struct.pack('<I', v)
    t += u16(2) + u16(0x0112) + u16(3) + u32(1) + u32(6) + u16(0x8825) + u16(4) + u32(1) + u32(38) + u32(0)
    t += u16(2) + u16(0x0001) + u16(2) + u32(2) + b'N\x00\x00\x00' + u16(0x0002) + u16(5) + u32(3) + u32(68) + u32(0)
    t += u32(34) + u32(1) + u32(42) + u32(1) + u32(0) + u32(1)
    return t


def jpeg():
    exif = b'Exif\x00\x00' + exif_with_gps()
    return b'\xff\xd8' + b'\xff\xe1' + struct.pack('>H', len(exif) + 2) + exif + b'\xff\xda\x00\x02\x11\x22\xff\xd9'


def png_image():
    p = b'\x89PNG\r\n\x1a\n'
    for typ, data in ((b'IHDR', b'\x00' * 13), (b'eXIf', exif_with_gps()), (b'IEND', b'')):
        p += struct.pack('>I', len(data)) + typ + data + b'\x00' * 4
    return p


def webp():
    exif = exif_with_gps()
    body = b'WEBP' + b'EXIF' + struct.pack('<I', len(exif)) + exif + (b'\x00' if len(exif) & 1 else b'')
    return b'RIFF' + struct.pack('<I', len(body)) + body


for name, img in (('jpeg', jpeg()), ('png', png_image()), ('webp', webp())):
    put('image', name, img)
big_endian = b'MM\x00*\x00\x00\x00\x08' + struct.pack('>H', 1) + struct.pack('>HHII', 0x8825, 4, 1, 26) + b'\x00\x00\x00\x00' + struct.pack('>H', 0)
put('image', 'jpeg_big_endian', b'\xff\xd8\xff\xe1' + struct.pack('>H', len(big_endian) + 8) + b'Exif\x00\x00' + big_endian + b'\xff\xd9')

name = ('照片' * 81 + '.png')
part = (b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="' + name.encode() + b'"\r\n'
        b'Content-Type: image/png\r\n\r\n' + png_image() + b'\r\n'
        b'--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\n' + '现场照片'.encode() + b'\r\n--XyZ--\r\n')
put('multipart', 'photo_and_note', b'multipart/form-data; boundary=XyZ\n' + part)
put('multipart', 'quoted_boundary', b'multipart/form-data; charset=utf-8; boundary="a b"\n--a b\r\nContent-Disposition: form-data; name=file; filename=x.jpg\r\n\r\n' + jpeg() + b'\r\n--a b--')
put('multipart', 'bad_name', b'multipart/form-data; boundary=XyZ\n--XyZ\r\nContent-Disposition: form-data; name="no\xffte"\r\n\r\nx\r\n--XyZ--\r\n')

# --- query strings (request targets) ---
for i, t in enumerate([
        '/api/v1/cases?state=dispatched&street=410104001000&q=%E8%B7%AF%E5%8F%A3&limit=20&sort=created_at',
        '/api/v1/cases?cursor=1790000000000000.12&created_from=2026-10-01T00:00:00%2B08:00&created_to=2026-10-31T23:59:59Z',
        '/api/v1/cases?light=red&overdue=true&kind=hazard&source=hotline&category=09009&unit=CGJ&grid=410104001001001',
        '/api/v1/feed?after=10&limit=5',
        '/api/v1/areas/%E7%AE%A1%E5%9F%8E?level=street&q=a+b&x=%26&flag',
        '/api/v1/cases?q=%E8%B7',
        '/api/v1/cases?%FF=1']):
    put('query', 'target%d' % i, t)

# --- the stream's sign-in ---
put('stream_sign_in', 'token', js({"token": "Hpe4UGwYMRT8vbpzSBcdAmFgULJkr7JKvHKzzMVMrDU"}))
put('stream_sign_in', 'extra', js({"token": "x", "after": 3}))
# forwarded_for: the trusted-proxy setting, a newline, then X-Forwarded-For values split by \r.
put('forwarded_for', 'nginx_chain', '127.0.0.1, 10.0.0.0/8\n198.51.100.1, 10.0.0.4')
put('forwarded_for', 'ipv6_two_headers', '::1 fd00::/8\n2001:db8::5\r6.6.6.6, fd00::1')
put('forwarded_for', 'bad_prefix', '10.0.0.0/33\nx')
put('forwarded_for', 'garbled', '0.0.0.0/0\n::ffff:1.2.3.4, junk, 9.9.9.9')

# --- UTF-8 and JSON ---
put('utf8', 'chinese', '管城回族区北下街街道，照片照片')
put('utf8', 'emoji', 'ok \U0001F600 é')
put('utf8', 'invalid', b'ab\xe7\x85\xff\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80')
put('json_parse', 'intake', js(intake))
put('json_parse', 'nested', '{"a":[1,2.5,{"b":null,"c":true}],"d":"\\ud83d\\ude00","e":-0.0,"f":18446744073709551615}')
put('json_parse', 'deep', '[' * 64 + ']' * 64)

# --- settings ---
put('config', 'onegrid.toml', '''[database]
path = "/var/lib/onegrid/og.db"
[server]
listen = "0.0.0.0:8080"
workers = 64
max_connections = 4096
header_timeout = 10
body_timeout = 30
[auth]
session_ttl = 43200
login_max_failures_per_user = 5
login_first_delay = 1
[calendar]
hours = "08:00-12:00,14:00-18:00"
summer_hours = "08:00-12:00,15:00-18:30"
[metrics]
access = "token"
token = "a-long-enough-scrape-token"
[map]
tile_url = "https://t0.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}"
tile_attribution = "天地图"
''')

# --- GeoJSON area imports (first byte: the level), from the district's real boundaries ---
def simplify(feature, keep=24):
    g = feature['geometry']
    def ring(r):
        step = max(1, len(r) // keep)
        out = r[::step]
        if out[-1] != out[0]:
            out.append(out[0])
        return [[round(x, 5), round(y, 5)] for x, y in out]
    if g['type'] == 'Polygon':
        coords = [ring(r) for r in g['coordinates']]
    else:
        coords = [[ring(r) for r in p] for p in g['coordinates']]
    return {"type": "Feature", "properties": {}, "geometry": {"type": g['type'], "coordinates": coords}}

district = json.load(open(os.path.join(ROOT, 'data/boundaries/guancheng_410104_wgs84.geojson')))
f = simplify(district['features'][0], 48)
f['properties'] = {"code": "410104", "name": "管城回族区"}
put('area_import', 'district', b'\x00' + js({"type": "FeatureCollection", "features": [f]}).encode())
streets = json.load(open(os.path.join(ROOT, 'data/boundaries/guancheng_townships_2000s_wgs84.geojson')))
feats = []
for s in streets['features'][:4]:
    g = simplify(s)
    g['properties'] = {"code": s['properties']['gbcode'] + '000', "name": s['properties']['ename']}
    feats.append(g)
put('area_import', 'streets', b'\x01' + js({"type": "FeatureCollection", "features": feats}).encode())
put('area_import', 'one_grid', b'\x03' + js({"type": "Feature", "properties": {"code": "410104001001001"},
    "geometry": {"type": "Polygon", "coordinates": [[[113.66, 34.75], [113.67, 34.75], [113.67, 34.76], [113.66, 34.76], [113.66, 34.75]]]}}).encode())

# --- holiday files: the real ones ---
for year in ('2026', '2020'):
    put('holiday_file', year, open(os.path.join(ROOT, 'data/calendar/%s.json' % year), 'rb').read())

# --- rule documents ---
put('routing_rules', 'demo', js({"rules": [
    {"name": "市容环境 → 城管局", "category": "matter:06", "lead_unit": "CGJ", "auto_dispatch": True},
    {"name": "机动车乱停放 → 北下街", "category": "matter:09009", "area": "410104001000", "lead_unit": "410104001000",
     "assist_units": ["CGJ"], "urgency": "urgent", "source": "hotline", "kind": "event", "window": {"from": "22:00", "to": "06:00"}}],
    "duplicates": [{"category": "matter:06", "radius_m": 80, "window_hours": 24, "same_class": True}]}))


def raw_string_after(path, marker):
    text = open(os.path.join(ROOT, path), encoding='utf-8').read()
    start = text.index('R"(', text.index(marker)) + 3
    return text[start:text.index(')"', start)]


put('sla_policy', 'default', raw_string_after('src/sla/policy.cpp', 'DefaultPolicySet()'))
put('sla_policy', 'minimal', js({"escalate_after": "4wh", "default_area_class": "A", "area_classes": {},
                                   "policies": [{"name": "一般", "limits": {"handle": "2wd"}, "whole": "5wd"}]}))
put('evaluation_scheme', 'default', raw_string_after('src/evaluation/scheme.cpp', 'DefaultSchemeSet()'))
