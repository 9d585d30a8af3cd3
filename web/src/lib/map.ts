// Leaflet with the district's own vector layers (GET /api/v1/areas.geojson), so maps work with no
// tile server at all; with one configured (GET /api/v1/console: map.tiles), its tiles go under
// the layers. A GCJ-02 tile source gets the layers in gcj02 from the server and points shifted
// here (geo.ts), so both line up with its streets.
import L from 'leaflet'
import { api } from './api'
import { wgs84ToGcj02 } from './geo'

export interface TileSource {
  url: string
  crs: 'wgs84' | 'gcj02'
  attribution: string
  max_zoom: number
}
export interface ConsoleConfig {
  version: string
  map: { tiles: TileSource | null; center: [number, number]; zoom: number }
}

let config: Promise<ConsoleConfig> | null = null
export function consoleConfig(): Promise<ConsoleConfig> {
  config ??= api.get<ConsoleConfig>('/api/v1/console')
  return config
}

export interface DistrictMap {
  map: L.Map
  crs: 'wgs84' | 'gcj02'
  // A WGS84 point as a Leaflet position on this map.
  at(lon: number, lat: number): L.LatLngExpression
}

export async function createMap(el: HTMLElement, options: L.MapOptions = {}): Promise<DistrictMap> {
  const cfg = await consoleConfig()
  const tiles = cfg.map.tiles
  const crs = tiles?.crs ?? 'wgs84'
  const map = L.map(el, { zoomControl: true, attributionControl: !!tiles, preferCanvas: true, ...options })
  if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: tiles.max_zoom }).addTo(map)
  const at = (lon: number, lat: number): L.LatLngExpression => {
    const [x, y] = crs === 'gcj02' ? wgs84ToGcj02(lon, lat) : [lon, lat]
    return [y, x]
  }
  map.setView(at(cfg.map.center[0], cfg.map.center[1]), cfg.map.zoom)
  return { map, crs, at }
}

export interface AreaFeature {
  type: 'Feature'
  geometry: GeoJSON.Geometry
  properties: { code: string; name: string; level: string; parent_code: string; version: number }
}
export interface AreaCollection {
  type: 'FeatureCollection'
  features: AreaFeature[]
}

const cache = new Map<string, Promise<AreaCollection>>()
export function areas(level: string, crs: string, parent?: string): Promise<AreaCollection> {
  const key = `${level}|${crs}|${parent ?? ''}`
  let p = cache.get(key)
  if (!p) {
    p = api.get<AreaCollection>('/api/v1/areas.geojson', { level, parent, crs })
    p.catch(() => cache.delete(key))
    cache.set(key, p)
  }
  return p
}

export const lightColor: Record<string, string> = { green: '#2e9d4f', yellow: '#e0a800', red: '#d33' }
