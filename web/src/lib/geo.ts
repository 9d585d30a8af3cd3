// China's GCJ-02 ("Mars") offset, for tile servers that draw in it (AutoNavi/Gaode, Tencent):
// the district's layers are asked of the server in gcj02 (areas.geojson?crs=gcj02) and points
// shown on such tiles are shifted here. The forward transform is the published one; the
// inverse is its fixed-point iteration (error < 1e-6°, well under a metre).
const A = 6378245.0
const EE = 0.00669342162296594323

function outsideChina(lon: number, lat: number) {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function dLat(x: number, y: number) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function dLon(x: number, y: number) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outsideChina(lon, lat)) return [lon, lat]
  const radLat = (lat / 180) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  const la = (dLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI)
  const lo = (dLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return [lon + lo, lat + la]
}

export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  let [x, y] = [lon, lat]
  for (let i = 0; i < 8; i++) {
    const [gx, gy] = wgs84ToGcj02(x, y)
    x += lon - gx
    y += lat - gy
  }
  return [x, y]
}
